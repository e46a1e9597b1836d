"""A PDF's text as the text source's lines: what the layout alone decides."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from service.adapters.importing.pdf import read_pdf_file
from tests.published_pdfs import FONT, Report, para, write


def test_a_grade_printed_as_a_number_lowest_on_a_page_is_not_taken_for_a_page_number(tmp_path: Path) -> None:
    canvas = Canvas(str(tmp_path / "table.pdf"), pagesize=A4)
    canvas.setFont(FONT, 10)
    for left, bottom, text in ((60, 700, "Grades"), (60, 120, "Being healthy"), (400, 120, "3")):
        canvas.drawString(left, bottom, text)
    canvas.save()
    assert read_pdf_file(tmp_path / "table.pdf").splitlines() == ["Grades", "Being healthy\t3"]


def test_a_paragraph_a_page_break_cut_is_one_line_again(tmp_path: Path) -> None:
    sentence = "Inspectors read " + "the files of children in care and " * 200 + "spoke with their carers."
    # Three pages: the header runs on each, so it is dropped too.
    pdf = write(Report("A running header", [para("Findings"), para(sentence)]), tmp_path / "cut.pdf")
    assert read_pdf_file(pdf).splitlines() == ["Findings", " ".join(sentence.split())]
