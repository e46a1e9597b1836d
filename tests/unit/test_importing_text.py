"""Reading what documents print: date forms, authorities by their cover
wording, and a report of a later framework, whose grades are words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from service.adapters.importing.authorities import AuthorityNotFound, match_authority
from service.adapters.importing.dates import Days, inspection_days
from service.adapters.importing.letters import DocumentFileReader, Given
from service.adapters.register_file import read_register
from service.application.documents import DocumentToPublish
from tests.conftest import ROOT

REGISTER = [entry for _, entry in read_register(ROOT / "seed_events" / "authorities.csv")]

ILACS_REPORT = """\
Inspection of local authority children's services

Stockport Metropolitan Borough Council

Inspection dates: 21 February to 4 March 2022

Lead inspector: A Inspector, His Majesty's Inspector

Judgement\tGrade
The impact of leaders on social work practice with children and families\tGood
The experiences and progress of children who need help and protection\tRequires improvement to be good
The experiences and progress of children in care and care leavers\tGood
Overall effectiveness\tGood

Children in Stockport receive good services. Leaders know their services well.

What needs to improve in this area
- The quality of plans for children in need.
- The timeliness of initial health assessments for children in care.

The experiences and progress of children who need help and protection: requires improvement to be good
"""


@pytest.mark.parametrize(
    ("printed", "first", "last"),
    [
        ("3 – 14 May 2014", date(2014, 5, 3), date(2014, 5, 14)),
        ("2 June to 4 July 2016", date(2016, 6, 2), date(2016, 7, 4)),
        ("3/06/2015 – 26/06/2015", date(2015, 6, 3), date(2015, 6, 26)),
        ("30 November 2015 – 4 January 2016", date(2015, 11, 30), date(2016, 1, 4)),
        ("6 – 17 February 2012", date(2012, 2, 6), date(2012, 2, 17)),
    ],
)
def test_inspection_dates_are_read_in_each_printed_form_day_first(
    printed: str, first: date, last: date
) -> None:
    assert inspection_days(printed) == Days(first, last)


def test_an_authority_is_found_by_its_cover_wording_whatever_the_hyphens_and_case() -> None:
    title = "2007 ANNUAL PERFORMANCE ASSESSMENT OF SERVICES IN STOKE ON TRENT CITY COUNCIL"
    assert match_authority(REGISTER, [], title, "letter", None).code == "E06000021"


def test_a_name_shared_by_an_authority_and_its_successor_is_settled_by_the_publication_date() -> None:
    cover = ["Bournemouth Borough Council"]
    assert match_authority(REGISTER, cover, "", "letter", date(2010, 5, 1)).code == "E06000028"
    assert match_authority(REGISTER, cover, "", "letter", date(2022, 5, 1)).code == "E06000058"


def test_a_cover_naming_two_authorities_lists_both_as_candidates() -> None:
    with pytest.raises(AuthorityNotFound) as refused:
        match_authority(REGISTER, ["Bury Council", "Stockport Council"], "", "letter", None)
    assert {c.gss_code for c in refused.value.candidates} == {"E08000002", "E08000007"}


def test_a_report_graded_in_words_is_read_from_its_table_and_its_date_from_the_file_name_flagged(
    tmp_path: Path,
) -> None:
    report = tmp_path / "stockport_ilacs_18_march_2022.txt"
    report.write_text(ILACS_REPORT, encoding="utf-8")
    imported = DocumentFileReader(REGISTER, Given()).read(report)
    document = imported.document
    assert (document.framework, document.authority) == ("ilacs", "E08000007")
    assert (document.first_day, document.last_day) == (date(2022, 2, 21), date(2022, 3, 4))
    assert document.published_on == date(2022, 3, 18) and imported.origins["published_on"] == "file name"
    assert [(j.area, j.raw) for j in document.judgements] == [
        ("impact_of_leaders", "Good"),
        ("help_and_protection", "Requires improvement to be good"),
        ("children_in_care", "Good"),
        ("overall_effectiveness", "Good"),
    ]
    assert [r.text for r in document.recommendations] == [
        "The quality of plans for children in need.",
        "The timeliness of initial health assessments for children in care.",
    ]
    assert {r.kind for r in document.recommendations} == {"recommendation"}
    assert [(f.field, f.why) for f in imported.flags] == [
        ("published_on", "from file name: no publication date is printed")
    ]


def test_a_grade_the_table_prints_differently_from_the_body_is_flagged(tmp_path: Path) -> None:
    report = tmp_path / "stockport_ilacs_18_march_2022.txt"
    report.write_text(
        ILACS_REPORT.replace(
            "help and protection\tRequires improvement to be good", "help and protection\tInadequate"
        ),
        encoding="utf-8",
    )
    imported = DocumentFileReader(REGISTER, Given(published_on=date(2022, 3, 18))).read(report)
    assert [(f.field, f.why) for f in imported.flags] == [
        ("judgements[1]", "the document's body prints 'requires improvement to be good' for it")
    ]


SIF_REPORT = """\
Stockport Metropolitan Borough Council
Inspection of services for children in need of help and protection, children looked after and care leavers
and
Review of the effectiveness of the local safeguarding children board
Inspection date: 3 May 2016 – 26 May 2016
Report published: 4 July 2016

Children's services in Stockport require improvement to be good.

1. Children who need help and protection\tRequires improvement
2. Children looked after and achieving permanence\tGood
2.1 Adoption performance\tGood
2.2 Experiences and progress of care leavers\tRequires improvement
3. Leadership, management and governance\tRequires improvement

Areas for improvement
1. Ensure that strategy meetings are held when child protection concerns are identified.
2. Improve the quality of pathway plans for care leavers.

Summary for children and young people
"""


def test_a_single_inspection_framework_report_states_its_headline_as_a_sentence(tmp_path: Path) -> None:
    report = tmp_path / "stockport_sif.txt"
    report.write_text(SIF_REPORT, encoding="utf-8")
    imported = DocumentFileReader(REGISTER, Given()).read(report)
    document = imported.document
    assert (document.framework, document.authority, document.published_on) == (
        "sif",
        "E08000007",
        date(2016, 7, 4),
    )
    assert (document.first_day, document.last_day) == (date(2016, 5, 3), date(2016, 5, 26))
    assert [(j.area, j.raw) for j in document.judgements] == [
        ("overall_effectiveness", "require improvement to be good"),
        ("help_and_protection", "Requires improvement"),
        ("children_in_care", "Good"),
        ("adoption_performance", "Good"),
        ("care_leavers", "Requires improvement"),
        ("leadership_and_management", "Requires improvement"),
    ]
    assert [judgement.area_label for judgement in document.judgements][
        1
    ] == "Children who need help and protection"
    assert [(r.kind, r.text) for r in document.recommendations] == [
        (
            "recommendation",
            "Ensure that strategy meetings are held when child protection concerns are identified.",
        ),
        ("recommendation", "Improve the quality of pathway plans for care leavers."),
    ]


def test_a_grade_printed_far_below_its_heading_is_flagged(tmp_path: Path) -> None:
    prose = "\n\n".join(f"Paragraph {n} of the assessment, without a grade." for n in range(6))
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "26 November 2007\n\nStockport Metropolitan Borough Council\n\n"
        "2007 ANNUAL PERFORMANCE ASSESSMENT OF SERVICES FOR CHILDREN AND YOUNG PEOPLE IN STOCKPORT\n\n"
        f"Overall effectiveness of children's services\n\nGrade 3\n\nBeing healthy\n\n{prose}\n\nGrade 2\n",
        encoding="utf-8",
    )
    imported = DocumentFileReader(REGISTER, Given()).read(letter)
    assert [(j.area, j.raw) for j in imported.document.judgements] == [
        ("overall_effectiveness", "Grade 3"),
        ("being_healthy", "Grade 2"),
    ]
    assert [(f.field, f.why) for f in imported.flags] == [
        ("judgements[1]", "the grade is printed 7 lines after its heading: check it grades that area")
    ]


def test_the_review_of_the_lscb_is_graded_under_its_own_theme(tmp_path: Path) -> None:
    report = tmp_path / "stockport_sif.txt"
    report.write_text(
        SIF_REPORT.replace(
            "3. Leadership", "The effectiveness of the local safeguarding children board\tGood\n3. Leadership"
        )
        + "\nThe LSCB is not yet effective in holding partners to account.\n",
        encoding="utf-8",
    )
    document = DocumentFileReader(REGISTER, Given()).read(report).document
    assert [(j.theme, j.area, j.raw) for j in document.judgements][-2:] == [
        (None, "leadership_and_management", "Requires improvement"),
        ("lscb", "overall_effectiveness", "Good"),
    ]


def sif_document(tmp_path: Path, text: str) -> DocumentToPublish:
    report = tmp_path / "stockport_sif.txt"
    report.write_text(text, encoding="utf-8")
    return DocumentFileReader(REGISTER, Given()).read(report).document


def test_a_table_whose_cells_a_text_export_ran_together_is_read_row_by_row(tmp_path: Path) -> None:
    tabbed = sif_document(tmp_path, SIF_REPORT)
    run_together = sif_document(tmp_path, SIF_REPORT.replace("\t", " "))
    assert [(j.area, j.area_label, j.raw) for j in run_together.judgements] == [
        (j.area, j.area_label, j.raw) for j in tabbed.judgements
    ]
    assert len(run_together.judgements) == 6


def test_prose_that_ends_in_a_grade_word_is_no_table_row(tmp_path: Path) -> None:
    document = sif_document(
        tmp_path,
        SIF_REPORT + "\nAdoption performance was judged Good\nAdoption performance is good\n",
    )
    assert [j.raw for j in document.judgements if j.area == "adoption_performance"] == ["Good"]


@pytest.mark.parametrize(
    ("sentence", "label", "raw"),
    [
        ("The LSCB in Stockport requires improvement.", "The LSCB", "requires improvement"),
        (
            "The Stockport Safeguarding Children Board (SSCB) is good.",
            "The Stockport Safeguarding Children Board (SSCB)",
            "is good",
        ),
        (
            "The local safeguarding children board is inadequate.",
            "The local safeguarding children board",
            "is inadequate",
        ),
    ],
)
def test_the_lscb_is_graded_in_the_sentence_its_review_opens_with(
    tmp_path: Path, sentence: str, label: str, raw: str
) -> None:
    document = sif_document(
        tmp_path,
        SIF_REPORT
        + f"\nReview of the effectiveness of the local safeguarding children board (LSCB)\n{sentence}\n"
        "The chair of the safeguarding children board is good at challenge.\n"
        "Recommendations\n1. Evaluate the impact of the board's training.\n",
    )
    assert [(j.theme, j.area_label, j.raw) for j in document.judgements][-1] == ("lscb", label, raw)
    assert len(document.judgements) == 7
    # The board's name in the cover's title opens no section: the authority's list is its own.
    assert [(r.theme, r.text) for r in document.recommendations] == [
        (None, "Ensure that strategy meetings are held when child protection concerns are identified."),
        (None, "Improve the quality of pathway plans for care leavers."),
        ("lscb", "Evaluate the impact of the board's training."),
    ]


def test_a_headline_stated_again_in_the_executive_summary_is_one_judgement(tmp_path: Path) -> None:
    again = "Executive summary\nChildren's services in Stockport require improvement to be good\n"
    document = sif_document(tmp_path, SIF_REPORT + again)
    assert [j.area for j in document.judgements].count("overall_effectiveness") == 1


def test_a_restated_headline_that_differs_is_flagged(tmp_path: Path) -> None:
    report = tmp_path / "stockport_sif.txt"
    report.write_text(SIF_REPORT + "Children's services in Stockport are inadequate\n", encoding="utf-8")
    imported = DocumentFileReader(REGISTER, Given()).read(report)
    assert [(f.field, f.why) for f in imported.flags] == [
        ("judgements[0]", "the document's body prints 'are inadequate' for it")
    ]


def test_an_ilacs_report_is_known_by_the_title_its_reports_print(tmp_path: Path) -> None:
    report = tmp_path / "stockport_ilacs_18_march_2022.txt"
    report.write_text(
        ILACS_REPORT.replace(
            "Inspection of local authority children's services",
            "Inspection of children’s social care services",
        ),
        encoding="utf-8",
    )
    document = DocumentFileReader(REGISTER, Given()).read(report).document
    assert (document.framework, document.title) == ("ilacs", "Inspection of children’s social care services")
    assert len(document.judgements) == 4


SIF_COVER_AS_PLAIN_TEXT = """\
Stockport Metropolitan Borough Council
Re-inspection of services for children in need of help and
protection, children looked after and care leavers

Inspection dates: 9 October to 2 November 2017

Report published: 21 December 2017

Children’s services in Stockport require improvement to be

good

1. Children who need help and protection Requires improvement

2. Children looked after and achieving

permanence Requires improvement

2.1 Adoption performance Good

2.2 Experiences and progress of care leavers Requires improvement

3. Leadership, management and governance Good
"""


def test_a_cover_whose_rows_and_headline_a_text_export_wrapped_is_read_whole(tmp_path: Path) -> None:
    document = sif_document(tmp_path, SIF_COVER_AS_PLAIN_TEXT)
    assert (document.framework, document.first_day, document.published_on) == (
        "sif",
        date(2017, 10, 9),
        date(2017, 12, 21),
    )
    assert [(j.area, j.raw) for j in document.judgements] == [
        ("overall_effectiveness", "require improvement to be good"),
        ("help_and_protection", "Requires improvement"),
        ("children_in_care", "Requires improvement"),
        ("adoption_performance", "Good"),
        ("care_leavers", "Requires improvement"),
        ("leadership_and_management", "Good"),
    ]


# The title's first line, as long as a page is wide (over this file's line length).
SIF_2014_TITLE = (
    "Metropolitan Borough of Stockport Inspection of services for children in need of help and "
    "protection, children looked after and care leavers"
)
SIF_2014_AS_EXTRACTED = f"""\
{SIF_2014_TITLE}
and
Review of the effectiveness of the local safeguarding children board
Inspection date: 2 June 2014 – 25 June 2014 Report published: 8 August 2014
The overall judgement is requires improvement
1. Children who need help and protection\tRequires improvement
2. Children looked after and achieving\tGood
permanence
2.1 Adoption performance\tNot judged
2.2 Experiences and progress of care leavers\tGood
3. Leadership, management and governance\tRequires improvement
The effectiveness of the Local Safeguarding Children Board (LSCB) is requires improvement
Contents
Section 1: the local authority\t3
The experiences and progress of children looked after and achieving
permanence\t12
Section 2: The effectiveness of the Local Safeguarding Children Board\t33
What does the local authority need to improve?
Priority and immediate action
9. The inspection did not find any areas for priority and immediate action.
Areas for improvement
Quality of practice
10.\tEnsure that every child in need has a plan that says what must change
and by when.
11.\tImprove the timeliness of initial health assessments.
Management oversight
12.\tStrengthen supervision so that it challenges drift.
Summary for children and young people
◼\tSocial workers visit you often and know you well.
Section 2: The effectiveness of the Local Safeguarding Children Board
The Local Safeguarding Children Board (LSCB) requires improvement
Areas for improvement
131. Evaluate the impact of multi-agency training.
Inspection findings – the Local Safeguarding Children Board
132. The board meets its statutory duties.
"""


def test_a_2014_report_as_its_pdf_is_extracted_is_read_whole(tmp_path: Path) -> None:
    document = sif_document(tmp_path, SIF_2014_AS_EXTRACTED)
    assert (document.published_on, document.first_day) == (date(2014, 8, 8), date(2014, 6, 2))
    # "Not judged" is no judgement; the label's tail on the next line is the label's.
    assert [(j.theme, j.area, j.area_label, j.raw) for j in document.judgements] == [
        (None, "overall_effectiveness", "The overall judgement", "is requires improvement"),
        (None, "help_and_protection", "Children who need help and protection", "Requires improvement"),
        (None, "children_in_care", "Children looked after and achieving permanence", "Good"),
        (None, "care_leavers", "Experiences and progress of care leavers", "Good"),
        (None, "leadership_and_management", "Leadership, management and governance", "Requires improvement"),
        (
            "lscb",
            "overall_effectiveness",
            "The effectiveness of the Local Safeguarding Children Board (LSCB)",
            "is requires improvement",
        ),
    ]
    # Items under sub-headings, one over two lines; "nothing to list" and the children's summary
    # are no recommendations; the board's list is the board's, and its findings are not in it.
    assert [(r.theme, r.text) for r in document.recommendations] == [
        (None, "Ensure that every child in need has a plan that says what must change and by when."),
        (None, "Improve the timeliness of initial health assessments."),
        (None, "Strengthen supervision so that it challenges drift."),
        ("lscb", "Evaluate the impact of multi-agency training."),
    ]


ILACS_2022_AS_EXTRACTED = """\
Inspection of Stockport Metropolitan Borough Council children’s services
Inspection dates: 9 to 20 May 2022
Lead inspector: A Inspector, His Majesty’s Inspector
Judgement\tGrade
The impact of leaders on social work practice with children and families\tOutstanding
The experiences and progress of children who need help and protection\tGood
The experiences and progress of children in care and care leavers\tOutstanding
Overall effectiveness\tOutstanding
Children in Stockport benefit from services that leaders have improved since 2017.
What needs to improve?
◼\tThe consistency of written plans for children in need, so that families know what
must change
◼\tThe response to children aged 16 and 17 who present as homeless
The experiences and progress of children who need help and protection: good
1.\tChildren receive help quickly.
"""


def test_a_report_of_2022_as_its_pdf_is_extracted_is_read_whole(tmp_path: Path) -> None:
    report = tmp_path / "stockport_ilacs_5_july_2022.txt"
    report.write_text(ILACS_2022_AS_EXTRACTED, encoding="utf-8")
    document = DocumentFileReader(REGISTER, Given()).read(report).document
    assert (document.framework, document.authority, document.first_day) == (
        "ilacs",
        "E08000007",
        date(2022, 5, 9),
    )
    assert [(j.area, j.raw) for j in document.judgements] == [
        ("impact_of_leaders", "Outstanding"),
        ("help_and_protection", "Good"),
        ("children_in_care", "Outstanding"),
        ("overall_effectiveness", "Outstanding"),
    ]
    # Square bullets in a column of their own; an item without a full stop runs on, and the
    # heading after the list ends it.
    assert [r.text for r in document.recommendations] == [
        "The consistency of written plans for children in need, so that families know what must change",
        "The response to children aged 16 and 17 who present as homeless",
    ]


def test_an_items_points_are_one_recommendation_and_a_repeated_item_is_quoted_with_its_number(
    tmp_path: Path,
) -> None:
    points = (
        "Recommendations\n"
        "1.\tImprove services to care leavers by ensuring that:\n"
        "\uf0b7 pathway plans are reviewed regularly\n"
        "\uf0b7 care leavers know their entitlements.\n"
        "2.\tContinue to recruit foster carers.\n"
        "3.\tContinue to recruit foster carers.\n"
        "Summary for children and young people\n"
    )
    document = sif_document(tmp_path, SIF_REPORT.replace("Areas for improvement\n", "Areas\n") + points)
    assert [(r.text, r.quote) for r in document.recommendations[-3:]] == [
        (
            "Improve services to care leavers by ensuring that: pathway plans are reviewed regularly "
            "care leavers know their entitlements.",
            "Improve services to care leavers by ensuring that: \uf0b7 pathway plans are reviewed regularly "
            "\uf0b7 care leavers know their entitlements.",
        ),
        ("Continue to recruit foster carers.", "2. Continue to recruit foster carers."),
        ("Continue to recruit foster carers.", "3. Continue to recruit foster carers."),
    ]


def test_a_urn_shared_by_a_recoded_authority_names_the_code_alive_on_the_publication_day() -> None:
    urn = next(e.ofsted_urn for e in REGISTER if e.gss_code == "E06000060")
    assert match_authority(REGISTER, [], "", f"{urn}_report", date(2018, 1, 29)).code == "E10000002"
    assert match_authority(REGISTER, [], "", f"{urn}_report", date(2022, 2, 11)).code == "E06000060"


def test_a_recommendation_printed_twice_is_flagged_for_a_person(tmp_path: Path) -> None:
    report = tmp_path / "stockport_sif.txt"
    twice = "2. Improve the quality of pathway plans for care leavers.\n"
    report.write_text(SIF_REPORT.replace(twice, twice + twice.replace("2.", "3.")), encoding="utf-8")
    imported = DocumentFileReader(REGISTER, Given()).read(report)
    assert [(f.field, f.why) for f in imported.flags] == [
        ("recommendations[2]", "the document prints this recommendation twice: remove one")
    ]


def test_a_headline_not_found_is_flagged_not_guessed(tmp_path: Path) -> None:
    report = tmp_path / "stockport_sif.txt"
    report.write_text(
        SIF_REPORT.replace("Children's services in Stockport require", "Services"), encoding="utf-8"
    )
    imported = DocumentFileReader(REGISTER, Given()).read(report)
    assert "overall_effectiveness" not in [j.area for j in imported.document.judgements]
    assert [(f.field, f.why) for f in imported.flags] == [
        ("judgements", "no overall_effectiveness headline was found: add it")
    ]


CHILD_PROTECTION_2013_AS_EXTRACTED = """\
Inspection of local authority arrangements for the protection of children Stockport Council
Inspection dates:\t8 – 19 April 2013
Reporting inspector A Inspector HMI
Age group: Published:\tAll 24 May 2013
Contents
Overall effectiveness\t4
Areas for improvement\t5
The inspection judgements and what they mean
Outstanding (Grade 1) A service that significantly exceeds minimum requirements
Good (Grade 2)\tA service that exceeds minimum requirements
Overall effectiveness
Grade 3 (adequate)
1. The overall effectiveness of the arrangements to protect children is adequate.
Areas for improvement
Immediately:
\uf0b7 ensure that every child at risk is seen within one working day
Within three months:
\uf0b7 improve the recording of management decisions on children's files
The effectiveness of the help and protection provided to children, young people, families and carers
Grade 3 (adequate)
2. Help is timely for most children.
The quality of practice
Grade 4 (inadequate)
3. Assessments do not analyse risk well enough.
Leadership and governance
Grade 2 (good)
4. Leaders know their services well.
"""


def test_a_child_protection_report_of_2013_in_its_house_style_is_read(tmp_path: Path) -> None:
    report = tmp_path / "stockport_child_protection.txt"
    report.write_text(CHILD_PROTECTION_2013_AS_EXTRACTED, encoding="utf-8")
    imported = DocumentFileReader(REGISTER, Given()).read(report)
    document = imported.document
    assert (document.framework, document.published_on, document.first_day, document.last_day) == (
        "child_protection",
        date(2013, 5, 24),
        date(2013, 4, 8),
        date(2013, 4, 19),
    )
    # The key of grades is no judgement.
    assert [(j.area, j.raw, j.label) for j in document.judgements] == [
        ("overall_effectiveness", "Grade 3", "adequate"),
        ("help_and_protection", "Grade 3", "adequate"),
        ("quality_of_practice", "Grade 4", "inadequate"),
        ("leadership_and_management", "Grade 2", "good"),
    ]
    assert [(r.timescale, r.text) for r in document.recommendations] == [
        ("Immediately", "ensure that every child at risk is seen within one working day"),
        ("Within three months", "improve the recording of management decisions on children's files"),
    ]
    assert imported.flags == ()
