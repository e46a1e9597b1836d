from datetime import date
from typing import cast
from uuid import UUID

import pytest

from domain.authorities import Authority
from domain.errors import DomainError, GradeNotOnScale, InvalidDate, InvalidValue, UnknownAuthority
from domain.grades import Band
from domain.inspection import Inspection, inspection_id
from tests.factories import STOCKPORT, inspection_2012, stockport


def test_a_document_is_published_then_judged_and_its_events_are_past_tense_facts() -> None:
    inspection = inspection_2012()
    inspection.record_judgement(
        theme="looked_after_children",
        area="being_healthy",
        area_label="Being healthy",
        raw="Grade 4",
        label="Inadequate",
    )
    inspection.issue_recommendation(kind="recommendation", text="act", timescale="Immediately")
    events = inspection.collect_events()
    assert [type(e).__name__ for e in events] == [
        "InspectionPublished",
        "JudgementRecorded",
        "RecommendationIssued",
    ]
    published, judged, issued = cast(
        tuple[Inspection.InspectionPublished, Inspection.JudgementRecorded, Inspection.RecommendationIssued],
        events,
    )
    assert published.published_on == date(2012, 3, 23)
    assert judged.band is Band.INADEQUATE
    assert judged.published_on == date(2012, 3, 23)
    assert issued.due_on == date(2012, 3, 23)


def test_the_band_is_derived_from_the_framework_not_supplied() -> None:
    inspection = inspection_2012()
    inspection.record_judgement(
        theme="safeguarding", area="capacity_to_improve", area_label="Capacity", raw="Grade 2"
    )
    judged = cast(Inspection.JudgementRecorded, inspection.collect_events()[-1])
    assert judged.band is Band.GOOD


def test_the_identity_of_a_document_is_its_authority_framework_and_publication_date() -> None:
    inspection = inspection_2012()
    assert inspection.id == inspection_id(STOCKPORT, "slac", date(2012, 3, 23))
    assert inspection.id != inspection_id(STOCKPORT, "slac", date(2012, 3, 24))


def test_an_authority_the_register_has_never_held_is_refused() -> None:
    with pytest.raises(UnknownAuthority) as refused:
        inspection_2012(authority=None, authority_code="E08999999")
    assert refused.value.field == "authority"
    assert refused.value.value == "E08999999"


def test_a_document_cannot_be_recorded_before_its_publication_date() -> None:
    with pytest.raises(InvalidDate) as refused:
        inspection_2012(published_on=date(2027, 1, 1), first_day=None, last_day=None)
    assert refused.value.field == "published_on"


def test_an_inspection_cannot_end_after_its_report_was_published() -> None:
    with pytest.raises(InvalidDate) as refused:
        inspection_2012(last_day=date(2012, 4, 1))
    assert refused.value.field == "last_day"


def test_an_inspection_cannot_end_before_it_began() -> None:
    with pytest.raises(InvalidDate) as refused:
        inspection_2012(first_day=date(2012, 2, 17), last_day=date(2012, 2, 6))
    assert refused.value.field == "last_day"


def test_a_grade_off_the_scale_is_refused_and_nothing_is_recorded() -> None:
    inspection = inspection_2012()
    with pytest.raises(GradeNotOnScale) as refused:
        inspection.record_judgement(
            theme="safeguarding", area="quality_of_provision", area_label="Quality", raw="Grade 5"
        )
    assert refused.value.field == "raw"
    assert [type(e).__name__ for e in inspection.collect_events()] == ["InspectionPublished"]


def test_a_label_naming_a_different_grade_from_the_raw_one_is_refused() -> None:
    with pytest.raises(InvalidValue) as refused:
        inspection_2012().record_judgement(
            theme="safeguarding",
            area="quality_of_provision",
            area_label="Quality",
            raw="Grade 2",
            label="Adequate",
        )
    assert refused.value.field == "label"


def test_one_document_grades_an_area_of_a_theme_once() -> None:
    inspection = inspection_2012()
    inspection.record_judgement(theme="safeguarding", area="staying_safe", area_label="Safe", raw="Grade 3")
    inspection.record_judgement(
        theme="looked_after_children", area="staying_safe", area_label="Safe", raw="Grade 2"
    )
    with pytest.raises(InvalidValue, match="already records"):
        inspection.record_judgement(
            theme="safeguarding", area="staying_safe", area_label="Safe", raw="Grade 3"
        )


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"kind": "advice", "text": "x"}, "kind"),
        ({"kind": "recommendation", "text": "  "}, "text"),
        ({"kind": "recommendation", "text": "x", "timescale": "Soon"}, "timescale"),
        ({"kind": "recommendation", "text": "x", "theme": "schools"}, "theme"),
        ({"kind": "area for development", "text": "x", "area": "staying safe"}, "area"),
    ],
)
def test_a_malformed_recommendation_is_refused_naming_its_field(
    arguments: dict[str, str], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        inspection_2012().issue_recommendation(**arguments)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("character", "problem"),
    [
        ("\x00", "control character U+0000 at offset 4"),
        ("\x1b", "control character U+001B at offset 4"),
        ("\x85", "control character U+0085 at offset 4"),
        ("\ud800", "a lone surrogate U+D800 at offset 4"),
    ],
)
def test_text_no_published_document_could_print_is_refused_saying_where(character: str, problem: str) -> None:
    inspection = inspection_2012()
    with pytest.raises(InvalidValue) as refused:
        inspection.record_judgement(
            theme="safeguarding", area="staying_safe", area_label="Safe", raw="3", quote=f"Safe{character}."
        )
    assert refused.value.field == "quote"
    assert problem in refused.value.problem
    assert inspection.judgements == {}


def test_line_breaks_and_tabs_in_a_quoted_passage_are_kept() -> None:
    inspection = inspection_2012()
    inspection.record_judgement(
        theme="safeguarding", area="staying_safe", area_label="Safe", raw="3", quote="One.\n\tTwo.\r\n"
    )
    assert inspection.collect_events()[-1].quote == "One.\n\tTwo."  # type: ignore[attr-defined]


def test_an_aggregate_rebuilt_from_its_events_has_the_same_state() -> None:
    inspection = inspection_2012()
    inspection.record_judgement(theme="safeguarding", area="staying_safe", area_label="Safe", raw="Grade 3")
    events = inspection.collect_events()
    rebuilt = None
    for e in events:
        rebuilt = e.mutate(rebuilt)
    assert isinstance(rebuilt, Inspection)
    assert rebuilt.judgements == inspection.judgements
    assert rebuilt.version == 2


def test_an_authority_is_replaced_by_registered_successors_on_a_date() -> None:
    northamptonshire = Authority.register(gss_code_value="E10000021", name="Northamptonshire", la_number=928)
    northamptonshire.replace_by(["E06000061", "E06000062"], date(2021, 4, 1), "split")
    assert northamptonshire.successors == ["E06000061", "E06000062"]
    with pytest.raises(InvalidDate):
        northamptonshire.replace_by(["E06000061"], date(2022, 4, 1), "recode")


def test_an_authority_code_must_be_a_gss_code() -> None:
    with pytest.raises(InvalidValue) as refused:
        Authority.register(gss_code_value="356", name="Stockport")
    assert refused.value.field == "gss_code"
    assert stockport().gss_code == STOCKPORT


def judged_2012() -> tuple[Inspection, UUID]:
    inspection = inspection_2012()
    judgement_id = inspection.record_judgement(
        theme="looked_after_children", area="being_healthy", area_label="Being healthy", raw="Grade 4"
    )
    inspection.collect_events()
    return inspection, judgement_id


def test_a_correction_is_a_new_fact_with_its_reason_and_who_recorded_it() -> None:
    inspection, judgement_id = judged_2012()
    inspection.correct_judgement(
        judgement_id=judgement_id, raw="Grade 3", label="Adequate", reason="keyed wrongly", corrected_by="ana"
    )
    (corrected,) = cast(tuple[Inspection.JudgementCorrected], inspection.collect_events())
    assert type(corrected).__name__ == "JudgementCorrected"
    assert (corrected.band, corrected.reason, corrected.corrected_by) == (
        Band.ADEQUATE,
        "keyed wrongly",
        "ana",
    )
    assert corrected.published_on == date(2012, 3, 23)


def test_a_correction_without_a_reason_is_refused() -> None:
    inspection, judgement_id = judged_2012()
    with pytest.raises(InvalidValue) as refused:
        inspection.correct_judgement(
            judgement_id=judgement_id, raw="Grade 3", label=None, reason=" ", corrected_by="a"
        )
    assert refused.value.field == "reason"


def test_a_withdrawn_document_takes_no_corrections_and_is_withdrawn_once() -> None:
    inspection, judgement_id = judged_2012()
    inspection.withdraw(reason="published in error", withdrawn_by="ana")
    with pytest.raises(InvalidValue, match="withdrawn"):
        inspection.correct_judgement(
            judgement_id=judgement_id, raw="Grade 3", label=None, reason="r", corrected_by="a"
        )
    with pytest.raises(InvalidValue, match="withdrawn"):
        inspection.withdraw(reason="again", withdrawn_by="ana")


def test_a_document_must_fall_within_the_years_its_framework_ran() -> None:
    with pytest.raises(InvalidDate, match="slac framework ran 2009–2012") as refused:
        inspection_2012(published_on=date(2003, 3, 1), first_day=None, last_day=None)
    assert refused.value.field == "published_on"
    assert (
        inspection_2012(published_on=date(2013, 1, 15), first_day=None, last_day=None).published_on.year
        == 2013
    )


def test_a_replaced_authority_has_no_documents_published_after_its_replacement() -> None:
    northamptonshire = Authority.register(gss_code_value="E10000021", name="Northamptonshire", la_number=928)
    northamptonshire.replace_by(["E06000061", "E06000062"], date(2021, 4, 1), "split")
    ilacs = {"framework_key": "ilacs", "published_on": date(2022, 1, 1), "first_day": None, "last_day": None}
    with pytest.raises(InvalidDate, match="replaced by E06000061, E06000062 on 2021-04-01"):
        inspection_2012(authority=northamptonshire, authority_code="E10000021", **ilacs)


def test_one_document_issues_a_recommendation_once() -> None:
    inspection = inspection_2012()
    inspection.issue_recommendation(kind="recommendation", text="act", timescale="Immediately")
    with pytest.raises(InvalidValue, match="already issues") as refused:
        inspection.issue_recommendation(kind="recommendation", text="act", timescale="Within three months")
    assert refused.value.field == "text"


def test_an_authority_created_by_a_reorganisation_has_no_documents_from_before_it_existed() -> None:
    bcp = Authority.register(
        gss_code_value="E06000058",
        name="Bournemouth, Christchurch and Poole",
        la_number=839,
        established_on=date(2019, 4, 1),
    )
    with pytest.raises(InvalidDate, match="only established on 2019-04-01") as refused:
        inspection_2012(authority=bcp, authority_code="E06000058")
    assert refused.value.field == "published_on"
