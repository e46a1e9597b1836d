"""A grade as printed, split as the seed format records it: `raw` is what
the cell or line prints, `label` the grade's words where printed with it."""

from __future__ import annotations

import re

# "Grade 3 (Adequate)" on a line of its own, possibly after its heading.
GRADE_LINE = re.compile(
    r"^(?P<heading>.*?)\s*(?P<grade>Grade\s*(?P<number>\d)(?:\s*\((?P<word>[^()]+)\))?)$", re.ASCII
)
_NUMBER_AND_WORD = re.compile(r"^(?P<raw>Grade\s*\d)\s*\((?P<word>[^()]+)\)$", re.I)
_WORD_AND_NUMBER = re.compile(r"^(?P<word>[^()]+?)\s*\((?:grade\s*)?\d\)$", re.I)
_NUMBER = re.compile(r"^(?:grade\s*)?\d$", re.I | re.ASCII)


def raw_and_label(printed: str) -> tuple[str, str | None]:
    printed = " ".join(printed.split())
    found = _NUMBER_AND_WORD.match(printed)
    if found:
        return found["raw"], found["word"]
    found = _WORD_AND_NUMBER.match(printed)
    if found:
        return printed, found["word"]
    if _NUMBER.match(printed):
        return printed, None
    return printed, printed
