"""Stable keys for the themes and areas that documents grade.

The wording differs between frameworks and documents; the key does not. The
wording as published travels with each judgement as its area label.
"""

from __future__ import annotations

from domain.errors import InvalidValue

THEMES: dict[str, str] = {
    "safeguarding": "Safeguarding services",
    "looked_after_children": "Services for looked after children",
    "lscb": "The Local Safeguarding Children Board",
}

AREAS: dict[str, str] = {
    "overall_effectiveness": "Overall effectiveness",
    "childrens_services": "The contribution of the local authority's children's services",
    "childrens_services_rating": "Children's services rating",
    "social_care_services": "The contribution of the local authority's social care services",
    "education_services": "The contribution of the local authority's education services",
    "capacity_to_improve": "Capacity to improve",
    "being_healthy": "Being healthy",
    "staying_safe": "Staying safe",
    "enjoying_and_achieving": "Enjoying and achieving",
    "making_a_positive_contribution": "Making a positive contribution",
    "achieving_economic_wellbeing": "Achieving economic well-being",
    "quality_of_provision": "Quality of provision",
    "outcomes_for_looked_after_children": "Outcomes for looked after children and young people",
    "health_agencies_contribution": "The contribution of health agencies to keeping children safe",
    "ambition_and_prioritisation": "Ambition and prioritisation",
    "leadership_and_management": "Leadership and management",
    "performance_management_and_quality_assurance": ("Performance management and quality assurance"),
    "partnership_working": "Partnership working",
    "quality_of_practice": "The quality of practice",
    "equality_and_diversity": "Equality and diversity",
    "help_and_protection": "The experiences and progress of children who need help and protection",
    "children_in_care": "The experiences and progress of children in care",
    "adoption_performance": "Adoption performance",
    "care_leavers": "The experiences and progress of care leavers",
    "impact_of_leaders": "The impact of leaders on social work practice with children and families",
}


def theme_key(value: str | None, field: str = "theme") -> str | None:
    """A theme's key; None, "" or spaces mean no theme."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if value not in THEMES:
        raise InvalidValue(field, value, f"not a theme key (one of: {', '.join(THEMES)})")
    return value


def area_key(value: str | None, field: str = "area") -> str:
    if value is None or value not in AREAS:
        raise InvalidValue(field, value, "not an area key (see docs/keys.md)")
    return value
