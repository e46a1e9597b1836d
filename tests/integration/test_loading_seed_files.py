"""Loading seed files: the whole directory, twice, and malformed files."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest

from service.adapters.log_reader import LogReader
from service.adapters.seed_files import read_document
from service.adapters.seed_format import SeedFormatError
from service.application.recording import Recording
from service.application.records import InspectionRecords
from tests.conftest import SEED_EVENTS
from tests.factories import load_seeds

STOCKPORT_2012 = SEED_EVENTS / "003_163ae6bd151f8e62.jsonl"


def write_lines(path: Path, records: list[dict[str, Any]]) -> Path:
    """A seed file beside a link to the real sources, as in seed_events/."""
    sources = path.parent / "sources"
    if not sources.exists():
        sources.symlink_to(SEED_EVENTS / "sources")
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def seed_records(path: Path = STOCKPORT_2012) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_loading_the_seeds_records_the_register_and_all_five_documents(
    records: InspectionRecords, log: LogReader, recording: Recording
) -> None:
    summary = load_seeds(recording, SEED_EVENTS)
    assert summary.failures == []
    assert summary.documents_recorded == 5
    assert summary.authorities_registered == 167
    types = [e.type for e in log.read()]
    assert types.count("InspectionPublished") == 5
    assert types.count("JudgementRecorded") == 4 + 4 + 7 + 1 + 22
    assert types.count("AuthorityReplaced") == 14
    assert summary.events_recorded == len(types)


def test_loading_the_seeds_twice_records_nothing_new_and_says_so(
    records: InspectionRecords, recording: Recording
) -> None:
    load_seeds(recording, SEED_EVENTS)
    position = records.log_position()
    again = load_seeds(recording, SEED_EVENTS)
    assert records.log_position() == position
    assert again.documents_recorded == 0 and again.documents_already_recorded == 5
    assert again.events_recorded == 0
    assert "nothing new to record" in again.describe()


def test_a_directory_partly_recorded_already_records_the_rest_each_under_its_own_file(
    records: InspectionRecords, log: LogReader, tmp_path: Path, recording: Recording
) -> None:
    # The loader saves documents in batches; a batch holding recorded documents
    # is refused by the store as a whole and then taken one document at a time.
    directory = tmp_path / "seeds"
    directory.mkdir()
    (directory / "sources").symlink_to(SEED_EVENTS / "sources")
    shutil.copy(SEED_EVENTS / "authorities.csv", directory)
    files = sorted(SEED_EVENTS.glob("*.jsonl"))
    for path in files[:2]:
        shutil.copy(path, directory)
    load_seeds(recording, directory)
    for path in files[2:]:
        shutil.copy(path, directory)
    broken = seed_records(files[0])
    broken[0]["title"] = ""
    write_lines(directory / "999_broken.jsonl", broken)

    summary = load_seeds(recording, directory)

    assert summary.documents_recorded == 3 and summary.documents_already_recorded == 2
    (failure,) = summary.failures
    assert failure.endswith("999_broken.jsonl:1: title: required")
    published = [e for e in log.read() if e.type == "InspectionPublished"]
    assert sorted(cast(str, e.recorded_via) for e in published) == sorted(
        f"seed file {p.name}" for p in files
    )
    assert summary.document_events == sum(
        1 for e in log.read() if e.recorded_via in {f"seed file {p.name}" for p in files[2:]}
    )


def test_a_malformed_line_is_reported_with_file_line_and_reason(tmp_path: Path) -> None:
    lines = STOCKPORT_2012.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4][:-1]  # cut the closing brace
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SeedFormatError) as refused:
        read_document(broken)
    assert refused.value.line == 5
    assert str(refused.value).startswith(f"{broken}:5: not valid JSON")


def test_a_grade_off_the_scale_names_its_line_and_nothing_of_the_document_is_recorded(
    records: InspectionRecords, tmp_path: Path, recording: Recording
) -> None:
    load_seeds(recording, SEED_EVENTS / "authorities.csv")
    document = seed_records()
    document[7]["raw"] = "Grade 9"
    directory = tmp_path / "seeds"
    directory.mkdir()
    shutil.copy(SEED_EVENTS / "authorities.csv", directory)
    write_lines(directory / "003.jsonl", document)
    position = records.log_position()
    summary = load_seeds(recording, directory)
    assert summary.documents_recorded == 0
    assert len(summary.failures) == 1
    assert summary.failures[0].startswith(f"{directory / '003.jsonl'}:8: raw: not a grade on the slac scale")
    assert records.log_position() == position


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"published_on": "23/03/2012"}, "1: published_on: not a date in YYYY-MM-DD form"),
        ({"published_on": "20120323"}, "1: published_on: not a date in YYYY-MM-DD form"),
        ({"published_on": "2012-W12-5"}, "1: published_on: not a date in YYYY-MM-DD form"),
        ({"published_on": "2012-02-30"}, "1: published_on: not a real date; dates run from"),
        ({"authority": "E08000099"}, "1: authority: no authority with this GSS code is registered"),
        ({"framework": "ofstead"}, "1: framework: not a known framework key"),
        ({"colour": "red"}, "1: colour: unknown field"),
    ],
)
def test_a_bad_inspection_record_is_refused_naming_the_field(
    records: InspectionRecords, tmp_path: Path, change: dict[str, str], message: str, recording: Recording
) -> None:
    load_seeds(recording, SEED_EVENTS / "authorities.csv")
    document = seed_records()
    document[0].update(change)
    path = write_lines(tmp_path / "doc.jsonl", document)
    summary = load_seeds(recording, path)
    assert f"{path}:{message}" in summary.failures[0]


def test_a_file_without_an_inspection_record_first_is_refused(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "doc.jsonl", seed_records()[1:])
    with pytest.raises(SeedFormatError, match="the first record must be the inspection"):
        read_document(path)


def test_a_quote_that_is_not_in_the_source_document_is_refused(tmp_path: Path) -> None:
    document = seed_records()
    document[3]["quote"] = "Being healthy Grade 1 (Outstanding)"
    path = write_lines(tmp_path / "doc.jsonl", document)
    with pytest.raises(SeedFormatError) as refused:
        read_document(path)
    assert str(refused.value).startswith(f"{path}:4: quote: does not occur in the source")


def test_a_quote_found_in_more_than_one_place_is_refused(tmp_path: Path) -> None:
    document = seed_records()
    document[3]["quote"] = "children"
    path = write_lines(tmp_path / "doc.jsonl", document)
    with pytest.raises(SeedFormatError, match=r"4: quote: occurs \d+ times in the source"):
        read_document(path)


@pytest.mark.parametrize(
    "source", ["/etc/passwd", "../sources/000_f91d154181784c8b.txt", "sources/../../x.txt"]
)
def test_a_source_outside_the_seed_directory_is_refused(tmp_path: Path, source: str) -> None:
    document = seed_records()
    document[0]["source"] = source
    path = write_lines(tmp_path / "doc.jsonl", document)
    with pytest.raises(SeedFormatError, match="1: source: must be a path under the seed file's directory"):
        read_document(path)


def test_a_source_that_is_not_text_is_refused_saying_so(tmp_path: Path) -> None:
    (tmp_path / "letter.pdf").write_bytes(b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n")
    document = seed_records()
    document[0]["source"] = "letter.pdf"
    path = write_lines(tmp_path / "doc.jsonl", document)
    with pytest.raises(SeedFormatError, match=r"1: source: letter\.pdf is not UTF-8 text"):
        read_document(path)


def test_a_source_file_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    document = seed_records()
    document[0]["source"] = "sources/missing.txt"
    path = write_lines(tmp_path / "doc.jsonl", document)
    with pytest.raises(SeedFormatError, match="1: source: no such file"):
        read_document(path)


def test_a_recorded_document_whose_file_now_says_otherwise_is_refused_not_skipped(
    records: InspectionRecords, tmp_path: Path, recording: Recording
) -> None:
    load_seeds(recording, SEED_EVENTS)
    position = records.log_position()
    document = seed_records()
    document[13]["raw"] = "Grade 2"  # looked after children's being healthy was Grade 4
    document[13]["label"] = "Good"
    document[13]["quote"] = None
    path = write_lines(tmp_path / "003.jsonl", document)
    summary = load_seeds(recording, path)
    assert summary.documents_already_recorded == 0
    (failure,) = summary.failures
    assert "is recorded with other content" in failure and "record a correction" in failure
    assert records.log_position() == position


def test_a_broken_file_for_a_recorded_document_is_still_reported_with_its_line(
    records: InspectionRecords, tmp_path: Path, recording: Recording
) -> None:
    load_seeds(recording, SEED_EVENTS)
    document = seed_records()
    document[5]["raw"] = "Grade 7"
    path = write_lines(tmp_path / "003.jsonl", document)
    (failure,) = load_seeds(recording, path).failures
    assert failure.startswith(f"{path}:6: raw: not a grade on the slac scale")


def register_with(tmp_path: Path, *rows: str) -> Path:
    """The real register's header and first rows, then `rows`."""
    header_and_first = (SEED_EVENTS / "authorities.csv").read_text(encoding="utf-8").splitlines()[:3]
    path = tmp_path / "authorities.csv"
    path.write_text("\n".join([*header_and_first, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("E09000099,999,1,Nowhere", "4: also_known_as: missing: the row has fewer cells than the header"),
        ("E09000099,999,1,Nowhere,,London,LB,,,,extra", "4: more cells than the 10 columns"),
        ("E09000099,٣٠٠,1,Nowhere,,London,LB,,,", "4: dfe_la_number: not a number (got '٣٠٠')"),
        ("X1,300,1,Nowhere,,London,LB,,,", "4: gss_code: not a GSS code"),
        ("E09000099,300,1,Bad\x07name,,London,LB,,,", "4: name: contains control character U+0007"),
        ("E09000099,300,1,Nowhere,,London,LB,E09000002,2020-04-01,", "4: change: missing: a replaced"),
        ("E09000099,300,1,Nowhere,,London,LB,E09000002,2020-04-01,rename", "4: change: not a kind of"),
        ("E09000099,300,1,Nowhere,,London,LB,,,merge", "4: change: names a change but no successors"),
    ],
)
def test_a_bad_register_row_is_refused_naming_its_line_and_nothing_is_registered(
    records: InspectionRecords, tmp_path: Path, recording: Recording, row: str, message: str
) -> None:
    path = register_with(tmp_path, row)
    position = records.log_position()
    (failure,) = load_seeds(recording, path).failures
    assert failure.startswith(f"{path}:{message}"), failure
    assert records.log_position() == position


def test_a_register_that_is_not_utf8_text_is_refused(tmp_path: Path, recording: Recording) -> None:
    path = tmp_path / "authorities.csv"
    path.write_bytes(b"gss_code,name\n\xff\xfe\x00\n")
    (failure,) = load_seeds(recording, path).failures
    assert failure.startswith(f"{path}: not UTF-8 text")


def without_the_looked_after_headline(document: list[dict[str, Any]]) -> None:
    document[:] = [
        r
        for r in document
        if not (r.get("theme") == "looked_after_children" and r.get("area") == "overall_effectiveness")
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d[7].update(theme=None), "8: theme: the slac framework needs a theme"),
        (lambda d: d[7].update(area="help_and_protection"), "8: area: not an area the slac framework judged"),
        (lambda d: d[7].update(area_label="x" * 501), "8: area_label: is 501 characters long; at most 500"),
        (lambda d: d[0].update(first_day="2001-02-06"), "1: first_day: the slac framework ran 2009–2012"),
        (
            without_the_looked_after_headline,
            "1: judgements: a slac document must record its headline: overall_effectiveness under theme "
            "'looked_after_children'",
        ),
    ],
)
def test_loading_applies_the_catalogue_naming_file_and_line_and_records_nothing(
    records: InspectionRecords,
    tmp_path: Path,
    recording: Recording,
    change: Callable[[list[dict[str, Any]]], None],
    message: str,
) -> None:
    load_seeds(recording, SEED_EVENTS / "authorities.csv")
    document = seed_records()
    change(document)
    path = write_lines(tmp_path / "doc.jsonl", document)
    position = records.log_position()
    summary = load_seeds(recording, path)
    assert summary.failures[0].startswith(f"{path}:{message}"), summary.failures
    assert records.log_position() == position


def a_directory_of_seeds(tmp_path: Path) -> Path:
    """The seeds, copied where a test may flag one of them."""
    directory = tmp_path / "seeds"
    directory.mkdir()
    (directory / "sources").symlink_to(SEED_EVENTS / "sources")
    for path in [SEED_EVENTS / "authorities.csv", *SEED_EVENTS.glob("*.jsonl")]:
        shutil.copy(path, directory)
    return directory


DIFFERING_GRADES = "grade printed twice and they differ: 'Grade 3' in the table, 'Grade 2 (good)' in the text"


def test_a_flagged_judgement_refuses_its_file_naming_line_and_reason_and_the_rest_loads(
    records: InspectionRecords, log: LogReader, tmp_path: Path, recording: Recording
) -> None:
    directory = a_directory_of_seeds(tmp_path)
    document = seed_records()
    document[6]["flag"] = DIFFERING_GRADES
    flagged = write_lines(directory / STOCKPORT_2012.name, document)

    summary = load_seeds(recording, directory)

    assert summary.failures == [
        f"{flagged}:7: flagged: {DIFFERING_GRADES}; edit the line and remove the flag"
    ]
    assert summary.documents_recorded == 4
    recorded_via = {e.recorded_via for e in log.read() if e.type == "InspectionPublished"}
    assert f"seed file {flagged.name}" not in recorded_via


def test_a_flag_on_the_inspection_line_or_a_recommendation_refuses_the_file_too(tmp_path: Path) -> None:
    document = seed_records()
    document[0]["flag"] = "publication date from the file name"
    document[-1]["flag"] = "timescale not printed"
    flagged = write_lines(tmp_path / "flagged.jsonl", document)
    with pytest.raises(SeedFormatError) as refused:
        read_document(flagged)
    assert str(refused.value) == (
        f"{flagged}:1: flagged: publication date from the file name; edit the line and remove the flag"
        f" (also flagged: line {len(document)})"
    )


def test_a_flagged_line_is_reported_as_flagged_before_anything_else_wrong_with_the_file(
    tmp_path: Path,
) -> None:
    document = seed_records()
    document[2]["raw"] = "Grade 9"
    document[3]["area"] = "not an area"
    document[3]["flag"] = "area printed over two lines"
    flagged = write_lines(tmp_path / "flagged.jsonl", document)
    with pytest.raises(SeedFormatError, match=r":4: flagged: area printed over two lines"):
        read_document(flagged)


@pytest.mark.parametrize("why", ["", "   ", None, 3])
def test_a_flag_without_a_reason_is_still_a_flag(tmp_path: Path, why: object) -> None:
    document = seed_records()
    document[1]["flag"] = why
    flagged = write_lines(tmp_path / "flagged.jsonl", document)
    with pytest.raises(SeedFormatError, match=r":2: flagged: \(no reason given\); edit the line"):
        read_document(flagged)


def test_the_file_loads_once_a_person_removes_the_flag(tmp_path: Path, recording: Recording) -> None:
    directory = a_directory_of_seeds(tmp_path)
    document = seed_records()
    document[6]["flag"] = DIFFERING_GRADES
    write_lines(directory / STOCKPORT_2012.name, document)
    assert load_seeds(recording, directory).documents_recorded == 4
    del document[6]["flag"]
    write_lines(directory / STOCKPORT_2012.name, document)
    again = load_seeds(recording, directory)
    assert again.failures == [] and again.documents_recorded == 1
