"""PDF letters of the ungraded visits, laid out as Ofsted sends them: its
address at the top, the letter's date, the addressee, the visit named in a
bold subject line and its days in the first sentence. None carries a grade;
a focused visit lists areas for improvement."""

from __future__ import annotations

from reportlab.platypus import PageBreak

from tests.published_pdfs import Report, bullet, heading, para

OFSTED_ADDRESS = [
    para("Ofsted"),
    para("Piccadilly Gate"),
    para("Store Street"),
    para("Manchester"),
    para("M1 2WD"),
]
FOCUSED_VISIT_IMPROVEMENTS = [
    "The timeliness of initial child protection conferences.",
    "Management oversight of the work of newly qualified social workers.",
]


def letter(date: str, subject: str, opening: str, rest: list[object]) -> Report:
    return Report(
        "",
        [
            *OFSTED_ADDRESS,
            para(date),
            para("Ms A Director"),
            para("Director of Children's Services"),
            para("Stockport Metropolitan Borough Council"),
            para("Dear Ms Director"),
            heading(subject),
            para(opening),
            *rest,
            para("Yours sincerely"),
            para("A Inspector"),
            para("Her Majesty's Inspector"),
        ],
    )


def focused_visit_letter() -> Report:
    return letter(
        "12 March 2019",
        "Focused visit to Stockport children’s services",
        "This letter summarises the findings of the focused visit to Stockport children’s services on "
        "5 and 6 February 2019. The inspectors were A Inspector and B Inspector, Her Majesty’s Inspectors.",
        [
            para("Inspectors looked at the local authority’s arrangements for children in need."),
            para("At the last inspection in 2017, services were judged to require improvement to be good."),
            heading("Areas for improvement"),
            *[bullet(text) for text in FOCUSED_VISIT_IMPROVEMENTS],
            PageBreak(),
            heading("Findings"),
            para("Children who need help receive it quickly, and most assessments are thorough."),
        ],
    )


def monitoring_visit_letter() -> Report:
    return letter(
        "8 April 2020",
        "Monitoring visit to Stockport children’s services",
        "This letter summarises the findings of the monitoring visit to Stockport children’s services on "
        "28 February and 2 March 2020. This was the second monitoring visit since the local authority "
        "was judged inadequate in 2019.",
        [para("Children in care now have allocated social workers, and their plans are reviewed on time.")],
    )


def jtai_letter() -> Report:
    return letter(
        "20 December 2017",
        "Joint targeted area inspection of the multi-agency response to abuse and neglect in Stockport",
        "Between 16 and 20 October 2017, Ofsted, the Care Quality Commission, HMI Constabulary and HMI "
        "Probation undertook a joint inspection of the multi-agency response to abuse and neglect in "
        "Stockport.",
        [para("Partners work well together at the front door, and children at risk are identified quickly.")],
    )
