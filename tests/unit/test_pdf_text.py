"""A PDF's text as the text source's lines: what the layout alone decides."""

from __future__ import annotations

from pathlib import Path

from service.adapters.importing.pdf import read_pdf_file
from tests.published_pdfs import Report, grade_table, para, write


def test_a_grade_printed_as_a_number_atop_a_page_is_not_taken_for_a_page_number(tmp_path: Path) -> None:
    pdf = write(Report("A running header", [grade_table([("Being healthy", "3")])]), tmp_path / "table.pdf")
    # One page: its header is not known to run, but its number is known to be a page's.
    assert read_pdf_file(pdf).splitlines() == ["A running header", "Being healthy\t3"]


def test_a_paragraph_a_page_break_cut_is_one_line_again(tmp_path: Path) -> None:
    sentence = "Inspectors read " + "the files of children in care and " * 200 + "spoke with their carers."
    # Three pages: the header runs on each, so it is dropped too.
    pdf = write(Report("A running header", [para("Findings"), para(sentence)]), tmp_path / "cut.pdf")
    assert read_pdf_file(pdf).splitlines() == ["Findings", " ".join(sentence.split())]
