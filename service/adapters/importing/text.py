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
_BULLET = re.compile(r"^(?:[-•\u2022\u25aa\u25cf\uf0b7\ue000-\uf8ff]\s+|\s+(?=\S))")
_TAG = re.compile(r"<[^>]+>")
# A numbered paragraph of a report: "21. In order to improve ...".
_NUMBERED = re.compile(r"^\d{1,3}\.\s+\S")
_CONTENTS_ENTRY = re.compile(r"\t\s*\d{1,3}\s*$")


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


def without_contents(lines: list[Line]) -> list[Line]:
    """The lines without a contents page: its heading and the entries after
    it that end in a page number ("Overall effectiveness<TAB>5")."""
    for start, line in enumerate(lines):
        if line.clean.casefold() == "contents":
            end = start + 1
            while end < len(lines) and _CONTENTS_ENTRY.search(lines[end].printed):
                end += 1
            return lines[:start] + lines[end:]
    return lines


def clean(text: str) -> str:
    text = _TAG.sub(" ", text).replace("**", "")
    return " ".join(text.split())


def lines_of(text: str) -> list[Line]:
    """The non-blank lines of a document, numbered from 1 as printed."""
    found = []
    for number, printed in enumerate(text.splitlines(), start=1):
        if not printed.strip():
            continue
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
