"""Which area (and theme) a printed heading or table label names.

Wordings differ between frameworks and years; each area's wordings are
listed here as patterns on the folded label, most specific first, so that
"The contribution of the local authority's children's services" is not
taken for its social care services.
"""

from __future__ import annotations

import re

from domain.areas import AREAS, THEMES
from service.adapters.importing.authorities import fold

AREA_WORDINGS: tuple[tuple[str, str], ...] = (
    ("social_care_services", r"^the contribution of (the )?(local authority's )?social care services"),
    ("education_services", r"^the contribution of (the )?(local authority's )?education services"),
    ("childrens_services", r"^the contribution of (the )?(local authority's )?children's services"),
    ("childrens_services_rating", r"^children's services (rating|assessment)$"),
    (
        "overall_effectiveness",
        r"^overall effectiveness( of children's services| of services for looked after children"
        r"( and young people)?)?$",
    ),
    ("outcomes_for_looked_after_children", r"^outcomes for looked after children( and young people)?$"),
    ("capacity_to_improve", r"^(the council's overall )?capacity (to|for) improve"),
    ("being_healthy", r"^being healthy$"),
    ("staying_safe", r"^staying safe$|^children and young people are safe and feel safe$"),
    ("enjoying_and_achieving", r"^enjoying and achieving$"),
    ("making_a_positive_contribution", r"^making a positive contribution"),
    ("achieving_economic_wellbeing", r"^(achieving )?economic well ?being$"),
    ("quality_of_provision", r"^quality of provision$"),
    ("health_agencies_contribution", r"^the contribution of health agencies"),
    ("ambition_and_prioritisation", r"^ambition and prioritisation$"),
    ("leadership_and_management", r"^leadership(,)? (and )?management( and governance)?$"),
    ("leadership_and_management", r"^leadership and governance$"),
    ("performance_management_and_quality_assurance", r"^performance management and quality assurance$"),
    ("partnership_working", r"^partnership working$"),
    ("equality_and_diversity", r"^equality and diversity$"),
    ("help_and_protection", r"^(the )?(experiences and progress of )?children who need help and protection"),
    # The child protection inspections of 2012–13.
    ("help_and_protection", r"^(the )?effectiveness of (the )?help and protection provided to children"),
    ("children_in_care", r"^(the )?experiences and progress of children (in care|looked after)"),
    ("children_in_care", r"^children looked after and achieving permanence"),
    ("adoption_performance", r"^adoption performance$"),
    ("care_leavers", r"^(the )?experiences and progress of (children )?care leavers|^care leavers$"),
    ("impact_of_leaders", r"^the impact of leaders on social work practice"),
    ("quality_of_practice", r"^(the )?quality of practice$"),
)


def _folded(label: str) -> str:
    return fold(label).replace("wellbeing", "well being").strip()


def area_named(label: str) -> str | None:
    """The area `label` names, if any."""
    folded = _folded(label)
    for key, wording in AREA_WORDINGS:
        # Only keys the catalogue knows: a wording listed ahead of its key
        # names nothing until the key is added.
        if key in AREAS and re.search(wording, folded):
            return key
    return None


# The SIF's review of the Local Safeguarding Children Board, under its own
# theme: "Review of the effectiveness of the local safeguarding children board
# (LSCB)", "The Stockport Safeguarding Children Board (SSCB)", "The LSCB";
# matched folded, so without the brackets.
LSCB_NAME = (
    r"(?:section \d+ )?(?:the )?(?:review of the )?(?:effectiveness of the )?"
    # The board's place name: up to four words, none of them "of" or "the",
    # so that "the chair of the safeguarding children board" is no name.
    r"(?:(?:(?!(?:of|the|and|in|on|to|by|for|with)\b)[\w'-]+ ){1,4}"
    r"safeguarding children'?s? board(?: [a-z]{3,6})?|lscb)"
)
THEME_WORDINGS: tuple[tuple[str, str], ...] = (("lscb", rf"^{LSCB_NAME}$"),)


def theme_named(label: str) -> str | None:
    folded = _folded(label)
    for key, name in THEMES.items():
        if folded == _folded(name):
            return key
    for key, wording in THEME_WORDINGS:
        if key in THEMES and re.search(wording, folded):
            return key
    return None
