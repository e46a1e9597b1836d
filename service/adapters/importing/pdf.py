"""A PDF report's text, laid out as the text source's lines expect it.

pdfminer.six groups the characters of a page into text boxes: a paragraph,
or a table cell, its wrapped lines together. Boxes side by side (overlapping
in height, apart in width) are a table row, written as cells separated by
tabs; every other box is a paragraph on a line of its own. What the PDF adds
is taken away: running headers and page numbers in the page margins, a
footnote digit raised after a word, ligatures, and a paragraph cut by a page
break is joined again. A hyphen at a line's end is a printed one (reports
are not hyphenated by their software) and is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTAnno, LTChar, LTPage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException

from service.application.importing import ImportRefused

# Characters further apart than this many widths are in different cells. A
# cell's padding (Word's default 0.19 cm a side) is wider than 1.4 widths of
# 10-12 pt text; pdfminer's default (2.0) joins a label that fills its column
# to its grade. Lower, a justified paragraph's wide spaces split it (reports
# are printed ragged right; 1.0 split 4 of 15 justified paragraphs, 1.4 two).
CELL_GAP = 1.4
# Running headers and page numbers sit in the top and bottom margins.
MARGIN = 50.0
# A footnote mark is printed smaller than the text it follows, and raised.
SUPERSCRIPT = 0.9
RAISED = 0.2
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
# A contents entry's dot leaders before its page number: a tab, as a table's cell.
_LEADERS = re.compile(r"\s*(?:\.\s*){4,}(?=\d{1,3}$)")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.I)
_SENTENCE_END = re.compile(r"[.:;?!)]$")
_BULLET_GLYPH = re.compile(r"^[•\u2022\u25aa\u25cf\ue000-\uf8ff]$")
# A symbol font's bullet with no Unicode of its own: a private-use code, a
# NUL, a replacement character, or pdfminer's "(cid:183)".
_UNMAPPED_BULLET = re.compile(r"^(?:[\x00\ufffd\ue000-\uf8ff]|\(cid:\d+\))\s*")


@dataclass(frozen=True)
class _Box:
    page: int
    top: float
    bottom: float
    left: float
    right: float
    text: str

    def beside(self, other: _Box) -> bool:
        """Part of the same row: overlapping in height, apart in width."""
        overlap = min(self.top, other.top) - max(self.bottom, other.bottom)
        apart = self.right <= other.left or other.right <= self.left
        return apart and overlap > 0.3 * min(self.top - self.bottom, other.top - other.bottom)


def read_pdf_file(file: Path) -> str:
    """A `.pdf` document's text layer as lines; refused when there is none to read."""
    try:
        with file.open("rb") as opened:
            head = opened.read(1024)
    except OSError as error:
        raise ImportRefused(file, "file", f"cannot read the file: {error.strerror}") from None
    if not head.strip():
        raise ImportRefused(file, "file", "the file is empty: no text to read")
    if b"%PDF-" not in head:
        raise ImportRefused(file, "file", "not a PDF: the file does not start as one")
    try:
        pages = list(extract_pages(file, laparams=LAParams(char_margin=CELL_GAP)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportRefused(file, "file", "the PDF is encrypted: it needs a password to be read") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as error:
        raise ImportRefused(file, "file", f"unreadable PDF: {error}") from None
    boxes = [box for number, page in enumerate(pages) for box in _boxes(page, number)]
    boxes = _without_running_lines(boxes, pages)
    if not boxes:
        raise ImportRefused(file, "file", "no text layer: the PDF holds only images (a scan?)")
    return "\n".join(_lines(boxes)) + "\n"


def _boxes(page: LTPage, number: int) -> list[_Box]:
    found = []
    for element in page:
        if isinstance(element, LTTextBox):
            text = _box_text(element)
            if text:
                found.append(_Box(number, element.y1, element.y0, element.x0, element.x1, text))
    return found


def _box_text(box: LTTextBox) -> str:
    printed = [_line_text(line).strip() for line in box if isinstance(line, LTTextLine)]
    text = ""
    for part in printed:
        if not part:
            continue
        if not text:
            text = part
        elif text.endswith(("-", "\u00ad")):
            # A line-end hyphen is printed: keep it; a soft one is only a break.
            text = text.removesuffix("\u00ad") + part
        else:
            text = f"{text} {part}"
    text = _UNMAPPED_BULLET.sub("\uf0b7 ", text.translate(_LIGATURES))
    return _LEADERS.sub("\t", " ".join(text.split()))


def _line_text(line: LTTextLine) -> str:
    """The line's characters, without a footnote digit raised above them."""
    sizes = [c.size for c in line if isinstance(c, LTChar) and c.get_text().strip()]
    body = max(sizes, default=0.0)
    baseline = min((c.y0 for c in line if isinstance(c, LTChar) and c.size == body), default=0.0)
    kept = []
    for character in line:
        if isinstance(character, LTChar):
            text = character.get_text()
            small = character.size < SUPERSCRIPT * body
            if text.isdigit() and small and character.y0 > baseline + RAISED * body:
                continue
            kept.append(text)
        elif isinstance(character, LTAnno):
            kept.append(character.get_text())
    return "".join(kept).replace("\n", " ")


def _without_running_lines(boxes: list[_Box], pages: list[LTPage]) -> list[_Box]:
    """Boxes in a page's margins that repeat on other pages (digits aside), and
    page numbers in the margins or above or below all else on their page."""
    heights = {number: page.height for number, page in enumerate(pages)}
    highest: dict[int, float] = {}
    lowest: dict[int, float] = {}
    for box in boxes:
        highest[box.page] = max(highest.get(box.page, box.top), box.top)
        lowest[box.page] = min(lowest.get(box.page, box.bottom), box.bottom)

    def outermost(box: _Box) -> bool:
        # Alone on its row: a table's last row may end in a grade printed as a number.
        alone = not any(other.page == box.page and box.beside(other) for other in boxes)
        return alone and (box.top == highest[box.page] or box.bottom == lowest[box.page])

    def in_margin(box: _Box) -> bool:
        return box.top > heights[box.page] - MARGIN or box.bottom < MARGIN

    def shape(box: _Box) -> str:
        return re.sub(r"\d+", "#", box.text)

    pages_of: dict[str, set[int]] = {}
    for box in boxes:
        if in_margin(box):
            pages_of.setdefault(shape(box), set()).add(box.page)
    return [
        box
        for box in boxes
        if not (
            (in_margin(box) and len(pages_of[shape(box)]) > 1)
            or ((in_margin(box) or outermost(box)) and _PAGE_NUMBER.match(box.text))
        )
    ]


def _lines(boxes: list[_Box]) -> list[str]:
    rows: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: (b.page, -b.top, b.left)):
        row = rows[-1] if rows else []
        if row and row[0].page == box.page and all(box.beside(other) for other in row):
            row.append(box)
        else:
            rows.append([box])
    lines: list[str] = []
    last_page = 0
    for row in rows:
        cells = [box.text for box in sorted(row, key=lambda b: b.left)]
        if len(cells) > 1 and _BULLET_GLYPH.match(cells[0]):
            # A bullet set apart from its item is no table cell.
            cells = [f"{cells[0]} {cells[1]}", *cells[2:]]
        line = "\t".join(cells)
        page = row[0].page
        if lines and page != last_page and _continues(lines[-1], line):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
        last_page = page
    return lines


def _continues(before: str, after: str) -> bool:
    """A paragraph a page break cut: it ends mid-sentence and goes on in lower case."""
    return (
        "\t" not in before and "\t" not in after and not _SENTENCE_END.search(before) and after[:1].islower()
    )
