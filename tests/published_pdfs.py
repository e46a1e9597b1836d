"""PDF reports written as Ofsted lays them out, with the traps real ones hold:
table labels over two lines, grades printed twice, a running header and page
number inside a list that crosses a page, private-use bullet glyphs, a
footnote digit raised after a title, ligatures, real hyphens at line ends,
"Recommendations" in a contents page and prose that grades sub-areas or
recounts an earlier inspection. No binary file is committed: tests write them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

# A font that prints ligatures; the private-use bullet is mapped through the
# font's ToUnicode table whether the font draws it or not, as in Word's exports.
FONT = "DejaVuSans"
pdfmetrics.registerFont(TTFont(FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13, spaceAfter=8)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=13, leading=16, spaceBefore=6, spaceAfter=8)
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=18, bulletIndent=4, bulletFontName=FONT)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=12)
PRIVATE_USE_BULLET = "\uf0b7"


@dataclass(frozen=True)
class Report:
    """A report's running header and its pages of flowables."""

    header: str
    story: list[Any]


def heading(text: str) -> Paragraph:
    return Paragraph(text, HEADING)


def para(text: str) -> Paragraph:
    return Paragraph(text, BODY)


def bullet(text: str) -> Paragraph:
    return Paragraph(text, BULLET, bulletText=PRIVATE_USE_BULLET)


def grade_table(rows: list[tuple[str, str]], *, valign: str = "TOP") -> Table:
    """Judgements in words, the label column narrow enough to wrap long labels."""
    cells = [[Paragraph(label, CELL), Paragraph(grade, CELL)] for label, grade in rows]
    table = Table(cells, colWidths=[95 * mm, 55 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("GRID", (0, 0), (-1, -1), 0.5, "grey"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def contents(entries: list[tuple[str, int]]) -> Table:
    table = Table(
        [[Paragraph(e, CELL), Paragraph(str(p), CELL)] for e, p in entries], colWidths=[130 * mm, 20 * mm]
    )
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 3)]))
    return table


def write(report: Report, path: Path) -> Path:
    def running_header(canvas: Canvas, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, report.header)
        # Above the bottom margin the reader knows: only its being lowest on the page tells it apart.
        canvas.drawRightString(A4[0] - 20 * mm, 20 * mm, str(document.page))
        canvas.restoreState()

    SimpleDocTemplate(str(path), pagesize=A4, topMargin=25 * mm, bottomMargin=25 * mm).build(
        report.story, onFirstPage=running_header, onLaterPages=running_header
    )
    return path


def filler() -> list[Paragraph]:
    """Findings long enough that the page ends inside the list after them
    (a flowable keeps state once laid out, so each report has its own)."""
    return [
        para(f"Paragraph {n} of the findings says what inspectors saw, at some length, " * 3)
        for n in range(9)
    ]


SIF_RECOMMENDATIONS = [
    f"Ensure that strategy meetings number {n} are held when child protection concerns arise, that "
    "they include the police, health and schools, and that their decisions are recorded on the "
    "child's file and reviewed by a manager within five working days."
    for n in range(1, 5)
]


LSCB_RECOMMENDATIONS = [
    "Evaluate the impact of the board's training on the practice of partner agencies.",
    "Ensure that the board's annual report sets out how partners have acted on its audits.",
]


def sif_report(body_grade: str = "Requires improvement") -> Report:
    """A SIF report grades each area twice: in the summary table and in the
    shaded bar that opens the area's section, `body_grade` here."""
    return Report(
        "Stockport inspection of services for children in need of help and protection",
        [
            para("Stockport Metropolitan Borough Council"),
            heading(
                "Inspection of services for children in need of help and protection, "
                "children looked after and care leavers<super>1</super>"
            ),
            para("and"),
            heading("Review of the effectiveness of the local safeguarding children board"),
            para("Inspection date: 3 May 2016 – 26 May 2016"),
            para("Report published: 4 July 2016"),
            heading("Contents"),
            contents(
                [("Summary of findings", 2), ("Recommendations", 5), ("Information about this inspection", 9)]
            ),
            PageBreak(),
            para("Children's services in Stockport require improvement to be good."),
            heading("Summary of judgements"),
            grade_table(
                [
                    ("1. Children who need help and protection", "Requires improvement"),
                    ("2. Children looked after and achieving permanence", "Good"),
                    ("2.1 Adoption performance", "Good"),
                    ("2.2 Experiences and progress of care leavers", "Requires improvement"),
                    ("3. Leadership, management and governance", "Requires improvement"),
                    ("The effectiveness of the Local Safeguarding Children Board", "Good"),
                ]
            ),
            para(
                "At the last inspection in 2012, arrangements for the protection of children were "
                "judged to be adequate. Early help is good and the front door is well-<br/>"
                "organised, so that staff identify risk swiftly."
            ),
            para("The response to children missing from home is good, though return interviews are late."),
            para("At the previous inspection in 2013, overall effectiveness was judged to be inadequate."),
            grade_table(
                [("The experiences and progress of children who need help and protection", body_grade)]
            ),
            para("Children who need help receive it quickly; thresholds are well understood."),
            *filler(),
            # The page ends in the middle of the second item.
            PageBreak(),
            Spacer(1, 580),
            heading("Recommendations"),
            *[bullet(recommendation) for recommendation in SIF_RECOMMENDATIONS],
            heading("Summary for children and young people"),
            para("Social workers know the children they work with well and see them often."),
            # The review of the LSCB closes the report, with recommendations of its own.
            heading("Review of the effectiveness of the local safeguarding children board (LSCB)"),
            heading("Executive summary"),
            para("The LSCB is good."),
            para("The LSCB was judged adequate at its last review; its audits now reach every partner."),
            heading("Recommendations"),
            *[para(f"{n}. {text}") for n, text in enumerate(LSCB_RECOMMENDATIONS, start=1)],
            heading("Information about this inspection"),
            para("Inspectors have looked closely at the experiences of children and young people."),
        ],
    )


ILACS_ROWS = [
    ("The impact of leaders on social work practice with children and families", "Good"),
    (
        "The experiences and progress of children who need help and protection",
        "Requires improvement to be good",
    ),
    ("The experiences and progress of children in care and care leavers", "Good"),
    ("Overall effectiveness", "Good"),
]


ILACS_2024_ROWS = [
    *ILACS_ROWS[:2],
    ("The experiences and progress of children in care", "Good"),
    ("The experiences and progress of care leavers", "Requires improvement to be good"),
    ILACS_ROWS[3],
]


def ilacs_report(
    body_grade: str = "requires improvement to be good", *, care_leavers: bool = False
) -> Report:
    """An ILACS report (no publication date printed); from 2023 (`care_leavers`)
    care leavers are judged apart from children in care."""
    dates = "4 to 15 March 2024" if care_leavers else "21 February to 4 March 2022"
    rows = ILACS_2024_ROWS if care_leavers else ILACS_ROWS
    return Report(
        "Stockport inspection of local authority children's services",
        [
            heading("Stockport Metropolitan Borough Council"),
            heading("Inspection of children’s social care services"),
            para(f"Inspection dates: {dates}"),
            para("Lead inspector: A Inspector, His Majesty's Inspector"),
            heading("Contents"),
            para("Judgements" + "." * 60 + " 1"),
            para("What needs to improve in this area" + "." * 40 + " 2"),
            grade_table([("Judgement", "Grade"), *rows], valign="MIDDLE"),
            para(
                "Children in Stockport receive good services. Leaders know their services well, and the "
                "ofﬁce culture is reﬂective."
            ),
            para("The local authority's fostering service is good and its adoption work is outstanding."),
            *filler(),
            heading("What needs to improve in this area"),
            *[bullet(f"The quality of plans number {n} for children in need.") for n in range(1, 7)],
            heading("The experiences and progress of children who need help and protection: " + body_grade),
            para("Children who need help receive it quickly."),
        ],
    )


def image_only(path: Path) -> Path:
    """A scan: a page that draws, but holds no text."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.rect(50, 50, 400, 600, fill=1)
    canvas.showPage()
    canvas.save()
    return path


def encrypted(path: Path, *, password: str = "a password") -> Path:
    """Encrypted; with no `password`, only locked against editing, as many published PDFs are."""
    canvas = Canvas(str(path), pagesize=A4, encrypt=StandardEncryption(password, ownerPassword="the owner's"))
    canvas.setFont(FONT, 12)
    for height, text in (
        (760, "Stockport Metropolitan Borough Council"),
        (740, "Inspection of local authority children's services"),
        (720, "Inspection dates: 21 February to 4 March 2022"),
        (700, "Overall effectiveness: Good"),
    ):
        canvas.drawString(50, height, text)
    canvas.showPage()
    canvas.save()
    return path


WRITERS: dict[str, Callable[[], Report]] = {"sif": sif_report, "ilacs": ilacs_report}
