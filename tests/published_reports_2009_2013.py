"""PDF reports of the inspections before the single framework, laid out as
Ofsted published them: safeguarding and looked after children (2009–2012),
graded "Grade 3 (Adequate)" beside each heading, its areas for improvement
under timescales; and the separate child protection and looked after children
inspections of 2012–13, which grade in words in a table on the cover."""

from __future__ import annotations

from reportlab.platypus import PageBreak

from tests.published_pdfs import Report, bullet, grade_table, heading, para

SLAC_IMMEDIATE = (
    "Ensure that all children subject to a child protection plan have an allocated social worker."
)
SLAC_THREE_MONTHS = [
    "Ensure that strategy discussions in every case include the police and health services.",
    "Improve the quality of core assessments so that they analyse risk and "
    "state what must change for the child.",
]
SLAC_LOOKED_AFTER = "Ensure that every looked after child has an up-to-date personal education plan."


def slac_report() -> Report:
    """A 2011 report: each theme's grades beside their headings (a table row
    to the reader), a grade far below a heading that is not an area, a key
    of grades that is no judgement, and the timescales of its areas for
    improvement."""
    return Report(
        "Inspection of safeguarding and looked after children services: Stockport",
        [
            heading("Inspection of safeguarding and looked after children services"),
            para("Stockport"),
            para("Inspection dates: 7 – 18 March 2011"),
            para("Reporting inspector: A Inspector HMI"),
            para("Age group: All"),
            para("Published: 22 April 2011"),
            heading("The inspection judgements and what they mean"),
            grade_table(
                [
                    ("Outstanding (Grade 1)", "A service that significantly exceeds minimum requirements"),
                    ("Good (Grade 2)", "A service that exceeds minimum requirements"),
                    ("Adequate (Grade 3)", "A service that only meets minimum requirements"),
                    ("Inadequate (Grade 4)", "A service that does not meet minimum requirements"),
                ]
            ),
            PageBreak(),
            heading("Safeguarding services"),
            grade_table([("Overall effectiveness", "Grade 3 (Adequate)")]),
            para("1. The overall effectiveness of safeguarding services is adequate. Referrals are timely."),
            grade_table([("Capacity for improvement", "Grade 2 (Good)")]),
            para("2. Capacity for improvement is good. Leaders know their services well."),
            heading("Areas for improvement"),
            para(
                "3. In order to improve the quality of safeguarding services in Stockport, the local "
                "authority and its partners should take the following action."
            ),
            para("Immediately:"),
            bullet(SLAC_IMMEDIATE),
            para("Within three months:"),
            *[bullet(text) for text in SLAC_THREE_MONTHS],
            heading("Services for looked after children"),
            grade_table([("Overall effectiveness", "Grade 2 (Good)")]),
            para("4. The overall effectiveness of services for looked after children is good."),
            grade_table([("Being healthy", "Grade 2 (Good)")]),
            para("5. Looked after children have timely health assessments."),
            heading("Areas for improvement"),
            para("Within six months:"),
            bullet(SLAC_LOOKED_AFTER),
        ],
    )


CHILD_PROTECTION_ROWS = [
    ("Overall effectiveness", "Adequate"),
    (
        "The effectiveness of the help and protection provided to children, young people, "
        "families and carers",
        "Adequate",
    ),
    ("The quality of practice", "Inadequate"),
    ("Leadership and governance", "Good"),
]
CHILD_PROTECTION_AREAS = [
    ("overall_effectiveness", "Adequate"),
    ("help_and_protection", "Adequate"),
    ("quality_of_practice", "Inadequate"),
    ("leadership_and_management", "Good"),
]


def child_protection_report() -> Report:
    """A 2013 report: its judgements in a table on the cover, its overall
    judgement restated as a sentence, and areas for improvement by timescale."""
    return Report(
        "Stockport: inspection of local authority arrangements for the protection of children",
        [
            heading("Stockport"),
            heading("Inspection of local authority arrangements for the protection of children"),
            para("Inspection date: 14 January 2013 – 23 January 2013"),
            para("Report published: 22 February 2013"),
            grade_table(CHILD_PROTECTION_ROWS),
            heading("Summary"),
            para(
                "The overall effectiveness of the arrangements to protect children in Stockport is "
                "judged to be adequate."
            ),
            PageBreak(),
            para("At the last inspection in 2010, contact and referral arrangements were judged good."),
            heading("Areas for improvement"),
            para("Immediately:"),
            bullet("Ensure that every child at risk is seen by a social worker within one working day."),
            para("Within three months:"),
            bullet("Improve the recording of management decisions on the child's file."),
        ],
    )


LOOKED_AFTER_ROWS = [
    ("Overall effectiveness", "Good"),
    ("Capacity for improvement", "Good"),
    ("Being healthy", "Adequate"),
]


def looked_after_report() -> Report:
    return Report(
        "Stockport: inspection of services for looked after children",
        [
            heading("Stockport"),
            heading("Inspection of services for looked after children"),
            para("Inspection date: 4 March 2013 – 15 March 2013"),
            para("Report published: 19 April 2013"),
            grade_table(LOOKED_AFTER_ROWS),
            PageBreak(),
            para("Most looked after children live close to home, in stable placements."),
            heading("Areas for improvement"),
            para("Within three months:"),
            bullet("Ensure that care leavers have a pathway plan that they have helped to write."),
        ],
    )
