"""A document's text as lines, whatever file it came from.

Each line keeps its printed form (for quotes) beside a clean form: markup
and emphasis marks removed, bullet marks noted and dropped, spaces collapsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from service.application.importing import ImportRefused

# Bullets as text exports print them: a dash, a dot, or a private-use glyph
# from a symbol font (U+E000 to U+F8FF), which the export may turn into a space.
# Also the squares, arrows, dashes and minus signs reports' lists use ("◼ The
# quality of plans", "– adoption performance: Requires improvement" in a list
# of earlier grades).
_MARKS = "-•\u2013\u2022\u2212\u25a0\u25aa\u25cf\u25e6\u25fc\u25fe\u25b6\u25ba\u27a2\uf0b7\ue000-\uf8ff"
_BULLET = re.compile(rf"^(?:[{_MARKS}]\s+|\s+(?=\S))")
_TAG = re.compile(r"<[^>]+>")
# A numbered paragraph of a report: "21. In order to improve ...".
_NUMBERED = re.compile(r"^\d{1,3}\.\s+\S")
_CONTENTS_ENTRY = re.compile(r"\t\s*\d{1,3}\s*$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_NUMBER_COLUMN = re.compile(rf"^(\s*(?:\d{{1,3}}\.|[{_MARKS}]))\t")
# The longest contents entry a page's width wraps onto a second line.
_CONTENTS_WRAP = 120


# The longest line that may be a heading.
HEADING_LENGTH = 160


@dataclass(frozen=True)
class Line:
    number: int
    printed: str
    clean: str
    bulleted: bool

    @property
    def numbered_paragraph(self) -> bool:
        return bool(_NUMBERED.match(self.clean))

    @property
    def cells(self) -> list[str]:
        """The cells of a table row (tab-separated), each clean."""
        return [clean(cell) for cell in self.printed.split("\t")]


def is_heading(line: Line) -> bool:
    """A line that may head a section: short, no sentence, no list item, no row."""
    text = line.clean
    return (
        0 < len(text) <= HEADING_LENGTH
        and not text.endswith((".", ","))
        and not line.bulleted
        and not line.numbered_paragraph
        and "\t" not in line.printed
    )


def contents_line(lines: list[Line]) -> int:
    """The number of the contents page's heading; 0 where there is none."""
    return next((line.number for line in lines if line.clean.casefold() == "contents"), 0)


def without_contents(lines: list[Line]) -> list[Line]:
    """The lines without a contents page: its heading and the entries after
    it that end in a page number ("Overall effectiveness<TAB>5")."""
    for start, line in enumerate(lines):
        if line.clean.casefold() == "contents":
            end = start + 1
            while end < len(lines) and _contents_entry(lines, end):
                end += 1
            return lines[:start] + lines[end:]
    return lines


def _contents_entry(lines: list[Line], index: int) -> bool:
    """An entry ending in its page number, the page number an entry wrapped
    onto a line of its own, or an entry's first line before either."""
    line = lines[index]
    if _CONTENTS_ENTRY.search(line.printed) or _PAGE_NUMBER.match(line.printed):
        return True
    following = lines[index + 1] if index + 1 < len(lines) else None
    return (
        following is not None
        and len(line.clean) <= _CONTENTS_WRAP
        and "\t" not in line.printed
        and bool(_CONTENTS_ENTRY.search(following.printed) or _PAGE_NUMBER.match(following.printed))
    )


def clean(text: str) -> str:
    text = _TAG.sub(" ", text).replace("**", "")
    return " ".join(text.split())


def lines_of(text: str) -> list[Line]:
    """The non-blank lines of a document, numbered from 1 as printed."""
    found = []
    for number, printed in enumerate(text.splitlines(), start=1):
        if not printed.strip():
            continue
        # A numbered paragraph or a list item whose number or bullet a PDF
        # prints in a column of its own ("1.<TAB>Ensure that ...") is no table row.
        printed = _NUMBER_COLUMN.sub(r"\1 ", printed)
        bullet = _BULLET.match(printed)
        body = printed[bullet.end() :] if bullet else printed
        found.append(Line(number, printed, clean(body), bullet is not None))
    return found


def read_text_file(file: Path) -> str:
    """A `.txt` document: UTF-8 text, not empty."""
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ImportRefused(file, "file", "not UTF-8 text") from None
    except OSError as error:
        raise ImportRefused(file, "file", f"cannot read the file: {error.strerror}") from None
    if not text.strip():
        raise ImportRefused(file, "file", "the file is empty: no text to read")
    return text
