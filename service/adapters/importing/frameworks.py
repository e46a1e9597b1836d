"""Which framework a document was published under, from its title.

Each framework's documents print a title of their own near the top; the
first line (of the cover, not of the body's prose) that carries one of these
wordings is the title, as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.frameworks import FRAMEWORKS
from service.adapters.importing.text import Line

# Most specific first: a wording that contains another comes before it.
TITLE_WORDINGS: tuple[tuple[str, str], ...] = (
    # "Inspection of Stockport local authority children's services"
    # "Inspection of children's social care services", "Inspection of
    # Stockport local authority children's services" and "Inspection of
    # Kent County Council children's services" on its reports.
    (
        "ilacs",
        r"^inspection of (?:[\w ,'&-]+ )?local authority children'?s (?:social care )?services"
        r"|^(?:[\w ,'&-]+ )?inspection of children'?s social care services$"
        # From 2021: "Inspection of Kent County Council children's services".
        r"|^inspection of [\w ,'&-]+ children'?s services$"
        # A council's services run by a trust: "Inspection of Bradford Children and Families Trust".
        r"|^inspection of [\w ,'&-]+ trust$",
    ),
    (
        "sif",
        r"inspection of services for children in need of help and protection,? children looked after"
        r"|review of the (?:effectiveness of the )?local safeguarding children board",
    ),
    ("slac", r"inspection of safeguarding and looked after children services"),
    ("child_protection", r"inspection of local authority arrangements for the protection of children"),
    (
        "looked_after",
        r"^inspection of (?:services for |local authority arrangements for (?:the care of )?)"
        r"looked after children|^inspection of looked after children'?s? services",
    ),
    ("jtai", r"joint targeted area inspection"),
    ("focused_visit", r"focused visit"),
    ("monitoring_visit", r"monitoring visit"),
    ("jar", r"joint area review$"),
    # 2009's letters; 2010's and 2011's call it an assessment.
    ("annual_rating", r"children'?s services annual rating|^annual children'?s services assessment"),
    ("apa", r"annual performance assessment"),
)
# Only the cover is searched: a body paragraph may name another framework.
COVER_LINES = 60
# A title is a line of its own, not a sentence of prose.
TITLE_LENGTH = 250


@dataclass(frozen=True)
class Recognised:
    framework: str
    title: str
    line: int


def recognise_framework(lines: list[Line]) -> Recognised | None:
    cover = [line for line in lines[:COVER_LINES] if _may_title(line)]
    for index, line in enumerate(cover):
        key = _titled(line.clean)
        if key is not None:
            return Recognised(key, line.clean, line.number)
        # A title a text export wrapped is read with its next line, where
        # that line is not a title of its own.
        following = cover[index + 1].clean if index + 1 < len(cover) else ""
        both = f"{line.clean} {following}"
        key = _titled(both) if following and _titled(following) is None else None
        if key is not None and len(both) <= TITLE_LENGTH:
            return Recognised(key, both, line.number)
    return None


def _titled(text: str) -> str | None:
    folded = text.replace("’", "'").casefold()
    for key, wording in TITLE_WORDINGS:
        # Only frameworks the catalogue knows.
        if key in FRAMEWORKS and re.search(wording, folded):
            return key
    return None


def _may_title(line: Line) -> bool:
    return len(line.clean) <= TITLE_LENGTH and not line.clean.endswith(".") and not line.bulleted
