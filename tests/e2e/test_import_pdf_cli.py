"""`inspections import` on PDF reports, written by tests/published_pdfs.py
with the traps real ones hold, and on files that are no readable report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.e2e.test_import_cli import import_without_store
from tests.published_pdfs import (
    LSCB_RECOMMENDATIONS,
    SIF_RECOMMENDATIONS,
    encrypted,
    ilacs_report,
    image_only,
    sif_report,
    write,
)

SIF_JUDGEMENTS = [
    (
        "overall_effectiveness",
        "Children's services in Stockport",
        "require improvement to be good",
        "ADEQUATE",
    ),
    ("help_and_protection", "Children who need help and protection", "Requires improvement", "ADEQUATE"),
    ("children_in_care", "Children looked after and achieving permanence", "Good", "GOOD"),
    ("adoption_performance", "Adoption performance", "Good", "GOOD"),
    ("care_leavers", "Experiences and progress of care leavers", "Requires improvement", "ADEQUATE"),
    (
        "leadership_and_management",
        "Leadership, management and governance",
        "Requires improvement",
        "ADEQUATE",
    ),
    # The table's row, which the LSCB's own section restates ("The LSCB is good").
    ("overall_effectiveness", "The effectiveness of the Local Safeguarding Children Board", "Good", "GOOD"),
]
ILACS_JUDGEMENTS = [
    # As the table prints them; its grades in words are restated in the body's headings.
    (
        "impact_of_leaders",
        "The impact of leaders on social work practice with children and families",
        "Good",
        "GOOD",
    ),
    (
        "help_and_protection",
        "The experiences and progress of children who need help and protection",
        "Requires improvement to be good",
        "ADEQUATE",
    ),
    ("children_in_care", "The experiences and progress of children in care and care leavers", "Good", "GOOD"),
    ("overall_effectiveness", "Overall effectiveness", "Good", "GOOD"),
]


def described(tmp_path: Path, pdf: Path, *args: str) -> tuple[int, dict[str, Any]]:
    status, stdout, stderr = import_without_store(tmp_path, pdf, "--json", *args)
    assert status in (0, 2), stderr
    (document,) = [json.loads(line) for line in stdout.splitlines()]
    return status, document


def judgements(document: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [(j["area"], j["areaLabel"], j["raw"], j["band"]) for j in document["judgements"]]


def test_a_single_inspection_framework_report_is_read_from_its_pdf_despite_its_traps(tmp_path: Path) -> None:
    status, document = described(tmp_path, write(sif_report(), tmp_path / "stockport_sif.pdf"))
    assert status == 0 and document["flags"] == [] and document["problems"] == []
    assert document["document"] == {
        "authority": "E08000007",
        "framework": "sif",
        # The footnote digit raised after the title is not part of it.
        "title": "Inspection of services for children in need of help and protection, "
        "children looked after and care leavers",
        "publishedOn": "2016-07-04",
        "firstDay": "2016-05-03",
        "lastDay": "2016-05-26",
    }
    # Labels over two lines, prose recounting the last inspection or grading the front door: not judgements.
    assert judgements(document) == SIF_JUDGEMENTS
    assert {j["section"] for j in document["judgements"][1:-1]} == {"Summary of judgements"}
    # The review of the LSCB, graded in the table and in its section (they agree), under its own theme.
    assert [j["theme"] for j in document["judgements"]] == [None] * 6 + ["lscb"]
    # The page ends inside the second item: its running header and page number are not part of
    # it, nor items of their own; "Recommendations" in the contents page starts no list.
    # The LSCB's own recommendations, in its section at the end, are under its theme.
    assert [(r["theme"], r["text"]) for r in document["recommendations"]] == [
        *((None, text) for text in SIF_RECOMMENDATIONS),
        *(("lscb", text) for text in LSCB_RECOMMENDATIONS),
    ]
    source = (tmp_path / "out" / "sources" / "stockport_sif.txt").read_text(encoding="utf-8")
    assert "the front door is well-organised" in source
    assert "inspection of services for children in need of help and protection" not in source


def test_an_ilacs_report_prints_no_publication_date_so_the_file_names_is_taken_flagged(
    tmp_path: Path,
) -> None:
    pdf = write(ilacs_report(), tmp_path / "stockport_ilacs_18_may_2022.pdf")
    status, document = described(tmp_path, pdf)
    assert status == 2
    assert document["flags"] == [
        {"field": "published_on", "why": "from file name: no publication date is printed"}
    ]
    assert (document["document"]["framework"], document["document"]["publishedOn"]) == ("ilacs", "2022-05-18")
    assert (document["document"]["firstDay"], document["document"]["lastDay"]) == ("2022-02-21", "2022-03-04")
    # The table's labels and its grade "Requires improvement to be good" each wrap over two lines.
    assert judgements(document) == ILACS_JUDGEMENTS
    assert [r["text"] for r in document["recommendations"]] == [
        f"The quality of plans number {n} for children in need." for n in range(1, 7)
    ]
    source = (tmp_path / "out" / "sources" / "stockport_ilacs_18_may_2022.txt").read_text(encoding="utf-8")
    assert "the office culture is reflective" in source


def test_a_sif_area_graded_otherwise_in_its_section_than_in_the_summary_table_is_flagged(
    tmp_path: Path,
) -> None:
    status, document = described(tmp_path, write(sif_report(body_grade="Inadequate"), tmp_path / "sif.pdf"))
    assert status == 2
    assert document["flags"] == [
        {"field": "judgements[1]", "why": "the table of findings prints 'Inadequate' for it"}
    ]
    assert judgements(document) == SIF_JUDGEMENTS


def test_an_ilacs_report_since_2023_judges_care_leavers_apart(tmp_path: Path) -> None:
    pdf = write(ilacs_report(care_leavers=True), tmp_path / "stockport_ilacs.pdf")
    status, document = described(tmp_path, pdf, "--published-on", "2024-04-26")
    assert status == 0 and document["flags"] == []
    assert (document["document"]["firstDay"], document["document"]["lastDay"]) == ("2024-03-04", "2024-03-15")
    assert [(area, raw) for area, _, raw, _ in judgements(document)] == [
        ("impact_of_leaders", "Good"),
        ("help_and_protection", "Requires improvement to be good"),
        ("children_in_care", "Good"),
        ("care_leavers", "Requires improvement to be good"),
        ("overall_effectiveness", "Good"),
    ]


def test_an_ilacs_report_given_its_publication_date_has_no_flag(tmp_path: Path) -> None:
    pdf = write(ilacs_report(), tmp_path / "stockport_ilacs.pdf")
    status, document = described(tmp_path, pdf, "--published-on", "2022-05-18")
    assert status == 0 and document["flags"] == []
    assert document["document"]["publishedOn"] == "2022-05-18"


def test_a_body_grade_that_its_table_contradicts_is_flagged(tmp_path: Path) -> None:
    pdf = write(ilacs_report(body_grade="inadequate"), tmp_path / "stockport_ilacs.pdf")
    status, document = described(tmp_path, pdf, "--published-on", "2022-05-18")
    assert status == 2
    # The table's grade is taken; the body's heading that contradicts it is flagged on it.
    assert document["flags"] == [
        {"field": "judgements[1]", "why": "the document's body prints 'inadequate' for it"}
    ]


def refusal(tmp_path: Path, pdf: Path) -> str:
    status, _, stderr = import_without_store(tmp_path, pdf)
    assert status == 1
    return stderr


def test_an_empty_pdf_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert "empty.pdf: file: the file is empty" in refusal(tmp_path, tmp_path / "empty.pdf")


def test_a_file_that_is_not_a_pdf_is_refused(tmp_path: Path) -> None:
    (tmp_path / "letter.pdf").write_text(
        "Inspection of local authority children's services\n", encoding="utf-8"
    )
    assert "letter.pdf: file: not a PDF" in refusal(tmp_path, tmp_path / "letter.pdf")


def test_a_damaged_pdf_is_refused_as_unreadable(tmp_path: Path) -> None:
    whole = write(sif_report(), tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(whole[:300])
    assert "cut.pdf: file: unreadable PDF" in refusal(tmp_path, tmp_path / "cut.pdf")


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    assert "locked.pdf: file: the PDF is encrypted" in refusal(tmp_path, encrypted(tmp_path / "locked.pdf"))


def test_an_image_only_pdf_is_refused_as_having_no_text_layer(tmp_path: Path) -> None:
    assert "scan.pdf: file: no text layer" in refusal(tmp_path, image_only(tmp_path / "scan.pdf"))


def test_a_pdf_locked_only_against_editing_is_read(tmp_path: Path) -> None:
    pdf = encrypted(tmp_path / "stockport_ilacs.pdf", password="")
    status, document = described(tmp_path, pdf, "--published-on", "2022-05-18")
    assert status == 0 and document["document"]["framework"] == "ilacs"
    assert judgements(document) == [("overall_effectiveness", "Overall effectiveness", "Good", "GOOD")]
