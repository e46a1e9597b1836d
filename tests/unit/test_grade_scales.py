from datetime import date
from typing import cast

import pytest

from domain.errors import GradeNotOnScale, UnknownFramework, UnknownTimescale
from domain.frameworks import FRAMEWORKS, framework, label_of
from domain.grades import Band
from domain.inspection import Inspection
from tests.factories import inspection_2012


def band(framework_key: str, raw: str) -> Band:
    return framework(framework_key).grade_for(raw).band


def test_a_2005_grade_3_is_good() -> None:
    assert band("apa", "3") is Band.GOOD


def test_a_2012_grade_3_is_adequate_not_good() -> None:
    assert band("slac", "Grade 3") is Band.ADEQUATE


def test_a_2007_grade_1_is_inadequate() -> None:
    assert band("apa", "Grade 1") is Band.INADEQUATE


def test_a_2012_grade_1_is_outstanding() -> None:
    assert band("slac", "Grade 1") is Band.OUTSTANDING


@pytest.mark.parametrize(
    ("framework_key", "raw", "expected"),
    [
        ("apa", "4", Band.OUTSTANDING),
        ("apa", "2", Band.ADEQUATE),
        ("annual_rating", "Performs well", Band.GOOD),
        ("annual_rating", "Performs well (3)", Band.GOOD),
        ("annual_rating", "performs poorly", Band.INADEQUATE),
        ("annual_rating", "Performs excellently", Band.OUTSTANDING),
        ("slac", "Grade 4 (Inadequate)", Band.INADEQUATE),
        ("slac", "Good", Band.GOOD),
        ("slac", "Grade 2", Band.GOOD),
        ("sif", "Requires improvement to be good", Band.ADEQUATE),
        ("ilacs", "Requires improvement", Band.ADEQUATE),
        ("ilacs", "Outstanding", Band.OUTSTANDING),
    ],
)
def test_each_scale_normalises_printed_grades_to_bands(framework_key: str, raw: str, expected: Band) -> None:
    assert band(framework_key, raw) is expected


def test_the_same_number_means_opposite_things_on_opposite_scales() -> None:
    assert band("apa", "1") is Band.INADEQUATE
    assert band("slac", "1") is Band.OUTSTANDING
    assert band("apa", "4") is Band.OUTSTANDING
    assert band("slac", "4") is Band.INADEQUATE


def test_a_number_and_word_that_disagree_are_refused() -> None:
    with pytest.raises(GradeNotOnScale, match="different grades"):
        band("slac", "Grade 3 (Good)")


@pytest.mark.parametrize("raw", ["5", "Grade 0", "Excellent", "", "Requires improvement"])
def test_a_grade_that_is_not_on_the_scale_is_refused_naming_the_field(raw: str) -> None:
    with pytest.raises(GradeNotOnScale) as refused:
        framework("slac").grade_for(raw)
    assert refused.value.field == "raw"
    assert refused.value.value == raw


def test_an_ungraded_visit_refuses_any_grade() -> None:
    with pytest.raises(GradeNotOnScale, match="carries no grades"):
        framework("focused_visit").grade_for("Good")


def test_the_best_grade_of_each_scale_is_stated() -> None:
    assert framework("apa").best_grade == "4"
    assert framework("annual_rating").best_grade == "4"
    assert framework("slac").best_grade == "1"
    assert framework("ilacs").best_grade == "Outstanding"
    assert framework("jtai").best_grade is None


def test_frameworks_of_one_series_follow_each_other_in_time() -> None:
    inspections = [f for f in FRAMEWORKS.values() if f.series == "inspection_of_services"]
    assert [f.key for f in sorted(inspections, key=lambda f: f.first_year)] == [
        "slac",
        "child_protection",
        "looked_after",
        "sif",
        "ilacs",
    ]
    assert framework("apa").series == framework("annual_rating").series == "annual_assessment"


def test_an_unknown_framework_key_is_refused() -> None:
    with pytest.raises(UnknownFramework, match="framework"):
        framework("ofsted")


def test_immediately_falls_due_on_the_day_of_publication() -> None:
    assert framework("slac").timescale_for("Immediately").due_on(date(2012, 3, 23)) == date(2012, 3, 23)


def test_within_three_and_six_months_count_from_publication() -> None:
    slac = framework("slac")
    assert slac.timescale_for("Within three months").due_on(date(2012, 3, 23)) == date(2012, 6, 23)
    assert slac.timescale_for("Within six months:").due_on(date(2012, 3, 23)) == date(2012, 9, 23)


def test_a_due_date_past_the_end_of_a_short_month_falls_on_its_last_day() -> None:
    six_months = framework("slac").timescale_for("Within six months")
    assert six_months.due_on(date(2011, 8, 31)) == date(2012, 2, 29)


def test_a_timescale_the_framework_does_not_use_is_refused_naming_it() -> None:
    with pytest.raises(UnknownTimescale) as refused:
        framework("slac").timescale_for("Within a year")
    assert refused.value.field == "timescale"
    assert "Within three months" in str(refused.value)
    with pytest.raises(UnknownTimescale):
        framework("apa").timescale_for("Immediately")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("require improvement to be good", Band.ADEQUATE),
        ("requires improvement to be good", Band.ADEQUATE),
        ("are good", Band.GOOD),
        ("is: inadequate", Band.INADEQUATE),
        ("is inadequate", Band.INADEQUATE),
        ("are outstanding.", Band.OUTSTANDING),
        ("Require Improvement", Band.ADEQUATE),
    ],
)
def test_a_words_grade_is_read_in_the_sentence_a_report_prints_it_in(raw: str, expected: Band) -> None:
    assert band("sif", raw) is expected
    assert band("ilacs", raw) is expected


@pytest.mark.parametrize("raw", ["is", "are: ", "is good is good", "isgood", "are Grade 2"])
def test_a_sentence_that_names_no_grade_of_the_words_scale_is_refused(raw: str) -> None:
    with pytest.raises(GradeNotOnScale):
        band("sif", raw)


def test_a_numbered_scale_takes_no_sentence_around_its_grade() -> None:
    with pytest.raises(GradeNotOnScale):
        band("slac", "is good")


def test_a_grade_read_from_a_sentence_is_recorded_as_printed_and_labelled_by_the_scale() -> None:
    inspection = inspection_2012(
        framework_key="sif",
        title="Inspection of services for children in need of help and protection",
        published_on=date(2015, 3, 27),
        first_day=date(2015, 1, 20),
        last_day=date(2015, 2, 11),
    )
    printed = "require improvement to be good"
    inspection.record_judgement(theme=None, area="overall_effectiveness", area_label="Overall", raw=printed)
    judged = cast(Inspection.JudgementRecorded, inspection.collect_events()[-1])
    assert (judged.raw, judged.label, judged.band) == (printed, None, Band.ADEQUATE)
    assert label_of("sif", printed, None, "overall_effectiveness", "2015-03-27") == (
        "Requires improvement to be good"
    )
