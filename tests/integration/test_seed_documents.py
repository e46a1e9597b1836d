"""Each seed file checked against the text of its document.

Every provenance quote must occur exactly once in the document (after
normalising whitespace and markup) and state the grade it is quoted for; the
counts are what careful reading of each document finds.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from domain.frameworks import framework
from domain.grades import Band
from service.adapters.seed_files import SeedDocument, normalise, read_document
from service.application.documents import JudgementToRecord, RecommendationToIssue
from tests.conftest import SEED_EVENTS

SEED_FILES = sorted(SEED_EVENTS.glob("*.jsonl"))


def seed(name: str) -> SeedDocument:
    return read_document(SEED_EVENTS / f"{name}.jsonl")


def source_text(document: SeedDocument) -> str:
    assert document.document.source is not None
    return normalise((SEED_EVENTS / document.document.source).read_text(encoding="utf-8"))


def bands(document: SeedDocument) -> dict[tuple[str | None, str], Band]:
    scale = framework(document.document.framework)
    return {(j.theme, j.area): scale.grade_for(j.raw).band for j in document.document.judgements}


def test_there_is_one_seed_file_per_source_document() -> None:
    sources = sorted(p.stem for p in (SEED_EVENTS / "sources").glob("*.txt"))
    assert [p.stem for p in SEED_FILES] == sources
    assert len(sources) == 5


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_every_quote_occurs_exactly_once_in_its_document(path: Path) -> None:
    document = read_document(path)
    text = source_text(document)
    items: tuple[JudgementToRecord | RecommendationToIssue, ...] = (
        *document.document.judgements,
        *document.document.recommendations,
    )
    for item in items:
        assert item.quote, item
        quote = normalise(item.quote)
        assert text.count(quote) == 1, f"{path.name}: quote found {text.count(quote)} times: {quote!r}"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_every_judgement_quote_states_its_grade_and_area(path: Path) -> None:
    document = read_document(path)
    text = source_text(document)
    for judgement in document.document.judgements:
        quote = normalise(judgement.quote or "")
        assert normalise(judgement.raw) in quote, judgement
        assert normalise(judgement.area_label) in text, judgement


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_every_recommendation_is_printed_in_its_document(path: Path) -> None:
    document = read_document(path)
    text = source_text(document)
    for recommendation in document.document.recommendations:
        assert normalise(recommendation.text) in text, recommendation
        if recommendation.timescale:
            assert recommendation.timescale in text


def test_stockport_2005_has_four_good_grades_eleven_areas_for_development_and_ten_for_exploration() -> None:
    document = seed("000_f91d154181784c8b")
    assert document.document.authority == "E08000007"
    assert document.document.published_on == date(2005, 12, 1)
    assert document.document.assessment_meeting_on == date(2005, 7, 4)
    assert [j.raw for j in document.document.judgements] == ["3", "3", "3", "3"]
    assert set(bands(document).values()) == {Band.GOOD}
    kinds = Counter(r.kind for r in document.document.recommendations)
    assert kinds == {"area for development": 11, "area for exploration": 10}


def test_bury_2005_grades_education_outstanding_and_lists_ten_areas_for_development() -> None:
    document = seed("004_41aca5d48e7b4676")
    assert document.document.authority == "E08000002"
    assert [j.raw for j in document.document.judgements] == ["3", "4", "3", "3"]
    assert bands(document)[(None, "education_services")] is Band.OUTSTANDING
    kinds = Counter(r.kind for r in document.document.recommendations)
    assert kinds == {"area for development": 10, "area for exploration": 7}
    healthy = [r for r in document.document.recommendations if r.area == "being_healthy"]
    assert healthy == []  # Bury's "Being healthy" cell for improvement is empty


def test_stoke_on_trent_2007_has_seven_grades_with_staying_safe_inadequate_and_twenty_areas_for_development(
) -> None:  # fmt: skip
    document = seed("001_6dc884be81250f76")
    assert document.document.authority == "E06000021"
    assert document.document.published_on == date(2007, 11, 26)
    graded = bands(document)
    assert len(graded) == 7
    assert graded[(None, "staying_safe")] is Band.INADEQUATE
    assert graded[(None, "making_a_positive_contribution")] is Band.GOOD
    assert graded[(None, "overall_effectiveness")] is Band.ADEQUATE
    per_area = Counter(r.area for r in document.document.recommendations)
    assert per_area == {
        "being_healthy": 3,
        "staying_safe": 8,
        "enjoying_and_achieving": 1,
        "making_a_positive_contribution": 2,
        "achieving_economic_wellbeing": 3,
        "capacity_to_improve": 3,
    }
    assert {r.kind for r in document.document.recommendations} == {"area for development"}


def test_stockport_2009_performs_well() -> None:
    document = seed("002_be5145f8e9499e13")
    assert document.document.published_on == date(2009, 12, 9)
    assert bands(document) == {(None, "childrens_services_rating"): Band.GOOD}
    assert document.document.recommendations == ()


SAFEGUARDING_2012 = {
    "overall_effectiveness": Band.ADEQUATE,
    "capacity_to_improve": Band.GOOD,
    "staying_safe": Band.ADEQUATE,
    "quality_of_provision": Band.ADEQUATE,
    "health_agencies_contribution": Band.ADEQUATE,
    "ambition_and_prioritisation": Band.GOOD,
    "leadership_and_management": Band.GOOD,
    "performance_management_and_quality_assurance": Band.ADEQUATE,
    "partnership_working": Band.GOOD,
    "equality_and_diversity": Band.GOOD,
}
LOOKED_AFTER_CHILDREN_2012 = {
    "overall_effectiveness": Band.ADEQUATE,
    "capacity_to_improve": Band.GOOD,
    "being_healthy": Band.INADEQUATE,
    "staying_safe": Band.GOOD,
    "enjoying_and_achieving": Band.ADEQUATE,
    "making_a_positive_contribution": Band.GOOD,
    "achieving_economic_wellbeing": Band.ADEQUATE,
    "quality_of_provision": Band.GOOD,
    "ambition_and_prioritisation": Band.GOOD,
    "leadership_and_management": Band.GOOD,
    "performance_management_and_quality_assurance": Band.ADEQUATE,
    "equality_and_diversity": Band.GOOD,
}


def test_stockport_2012_grades_follow_the_body_text_not_the_misplaced_table_heading() -> None:
    document = seed("003_163ae6bd151f8e62")
    expected = {("safeguarding", a): b for a, b in SAFEGUARDING_2012.items()}
    expected |= {("looked_after_children", a): b for a, b in LOOKED_AFTER_CHILDREN_2012.items()}
    assert bands(document) == expected


def test_stockport_2012_dates_are_publication_and_inspection_days() -> None:
    document = seed("003_163ae6bd151f8e62").document
    assert (document.published_on, document.first_day, document.last_day) == (
        date(2012, 3, 23),
        date(2012, 2, 6),
        date(2012, 2, 17),
    )


def test_stockport_2012_has_twenty_six_recommendations_with_their_timescales() -> None:
    recommendations = seed("003_163ae6bd151f8e62").document.recommendations
    assert {r.kind for r in recommendations} == {"recommendation"}
    assert Counter(r.timescale for r in recommendations) == {
        "Immediately": 6,
        "Within three months": 17,
        "Within six months": 3,
    }
    assert Counter(r.theme for r in recommendations) == {"safeguarding": 15, "looked_after_children": 11}
    slac = framework("slac")
    due = Counter(slac.timescale_for(r.timescale or "").due_on(date(2012, 3, 23)) for r in recommendations)
    assert due == {date(2012, 3, 23): 6, date(2012, 6, 23): 17, date(2012, 9, 23): 3}


def test_the_headline_judgements_of_each_document_are_the_ones_the_catalogue_names() -> None:
    headlines = {}
    for path in SEED_FILES:
        document = read_document(path).document
        scale = framework(document.framework)
        headlines[path.stem] = sorted(
            (j.theme or "", j.area) for j in document.judgements if scale.is_headline(j.theme, j.area)
        )
    assert headlines == {
        "000_f91d154181784c8b": [("", "childrens_services")],
        "001_6dc884be81250f76": [("", "overall_effectiveness")],
        "002_be5145f8e9499e13": [("", "childrens_services_rating")],
        "003_163ae6bd151f8e62": [
            ("looked_after_children", "overall_effectiveness"),
            ("safeguarding", "overall_effectiveness"),
        ],
        "004_41aca5d48e7b4676": [("", "childrens_services")],
    }
