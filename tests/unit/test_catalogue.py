"""What the catalogue says each framework judged, and which judgement is a
document's headline."""

from datetime import date

import pytest

from domain.errors import InvalidValue
from domain.frameworks import HEADLINE_TRIPLES, framework
from domain.grades import Band

SIF_DAY = date(2015, 1, 20)


def test_the_lscb_review_has_an_overall_effectiveness_of_its_own_that_is_not_the_headline() -> None:
    sif = framework("sif")
    sif.check_judged("lscb", "overall_effectiveness", SIF_DAY)
    assert sif.is_headline(None, "overall_effectiveness")
    assert not sif.is_headline("lscb", "overall_effectiveness")


def test_a_sif_document_with_only_the_lscb_grade_lacks_its_headline() -> None:
    (missing,) = framework("sif").missing_headlines({("lscb", "overall_effectiveness")}, SIF_DAY)
    assert (missing.theme, missing.area) == (None, "overall_effectiveness")


def test_the_lscb_review_grades_only_its_overall_effectiveness() -> None:
    with pytest.raises(InvalidValue, match="under theme 'lscb'"):
        framework("sif").check_judged("lscb", "help_and_protection", SIF_DAY)


def test_the_lscb_review_makes_its_own_recommendations() -> None:
    framework("sif").check_recommended("lscb", None, SIF_DAY)


def test_sif_judges_adoption_and_care_leavers_as_parts_of_children_looked_after() -> None:
    sif = framework("sif")
    for area in ("help_and_protection", "children_in_care", "adoption_performance", "care_leavers"):
        sif.check_judged(None, area, SIF_DAY)
    sif.check_judged(None, "leadership_and_management", SIF_DAY)


def test_slac_has_a_headline_under_each_of_its_two_themes() -> None:
    slac = framework("slac")
    assert slac.headlines == {
        ("safeguarding", "overall_effectiveness"),
        ("looked_after_children", "overall_effectiveness"),
    }


def test_every_other_framework_has_at_most_one_headline_for_an_inspection_of_a_day() -> None:
    for key in ("apa", "annual_rating", "jar", "child_protection", "looked_after", "sif", "ilacs"):
        chosen = framework(key)
        for year in range(chosen.first_year, (chosen.last_year or 2026) + 1):
            day = date(year, 6, 1)
            assert len([j for j in chosen.judged if j.headline and j.covers(day)]) <= 1, (key, year)


def test_read_models_name_each_headline_by_framework_theme_and_area() -> None:
    assert "sif//overall_effectiveness" in HEADLINE_TRIPLES
    assert "slac/safeguarding/overall_effectiveness" in HEADLINE_TRIPLES
    assert not any(triple.startswith("sif/lscb/") for triple in HEADLINE_TRIPLES)


@pytest.mark.parametrize("key", ["child_protection", "looked_after"])
def test_the_separate_inspections_of_2012_13_grade_1_best_and_follow_slac_in_its_series(key: str) -> None:
    chosen = framework(key)
    assert chosen.grade_for("Grade 1 (Outstanding)").band is Band.OUTSTANDING
    assert chosen.grade_for("4").band is Band.INADEQUATE
    assert (chosen.first_year, chosen.last_year) == (2012, 2013)
    assert chosen.series == framework("slac").series == framework("sif").series
    assert chosen.headlines == {(None, "overall_effectiveness")}


def test_child_protection_shares_its_areas_with_the_frameworks_before_and_after_it() -> None:
    day = date(2012, 7, 2)
    child_protection = framework("child_protection")
    for area in ("help_and_protection", "quality_of_practice", "leadership_and_management"):
        child_protection.check_judged(None, area, day)
    with pytest.raises(InvalidValue, match="has no such theme"):
        child_protection.check_judged("safeguarding", "overall_effectiveness", day)


def test_looked_after_children_inspections_judge_the_outcomes_slac_judged_for_them() -> None:
    looked_after = framework("looked_after")
    for area in ("capacity_to_improve", "staying_safe", "being_healthy", "equality_and_diversity"):
        looked_after.check_judged(None, area, date(2013, 2, 4))
    with pytest.raises(InvalidValue, match="partnership_working"):
        looked_after.check_judged(None, "partnership_working", date(2013, 2, 4))
