"""The `inspections` command as a new user runs it."""

from __future__ import annotations

import json

from tests.e2e.conftest import run_cli


def test_loading_the_seeds_records_five_documents_and_a_second_load_records_nothing(database_url):
    first = run_cli(database_url, "load", "seed_events")
    assert "5 document(s) recorded" in first.stdout
    assert "157 authorities registered, 4 replacements" in first.stdout
    second = run_cli(database_url, "load", "seed_events")
    assert "0 document(s) recorded (0 events)" in second.stdout
    assert "5 already recorded" in second.stdout
    assert "nothing new to record" in second.stdout


def test_the_event_log_lists_every_judgement_with_raw_grade_and_band(database_url):
    run_cli(database_url, "load", "seed_events")
    listing = run_cli(database_url, "events").stdout.splitlines()
    judgements = [line for line in listing if "JudgementRecorded" in line]
    assert len(judgements) == 38
    being_healthy = [j for j in judgements if "looked_after_children/being_healthy" in j]
    assert len(being_healthy) == 1
    assert "raw='Grade 4'" in being_healthy[0] and "band=INADEQUATE" in being_healthy[0]
    rating = [j for j in judgements if "childrens_services_rating" in j]
    assert "raw='Performs well (3)'" in rating[0] and "band=GOOD" in rating[0]


def test_the_event_log_as_json_is_in_position_order_with_payloads(database_url):
    run_cli(database_url, "load", "seed_events")
    events = [json.loads(line) for line in run_cli(database_url, "events", "--json").stdout.splitlines()]
    positions = [e["position"] for e in events]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    published = [e for e in events if e["type"] == "InspectionPublished"]
    assert {e["payload"]["published_on"] for e in published} == {
        "2005-12-01",
        "2007-11-26",
        "2009-12-09",
        "2012-03-23",
    }
    recorded = [e["recorded_at"] for e in events]
    assert recorded == sorted(recorded)


def test_a_refused_file_makes_the_command_fail_with_the_line_named(database_url, tmp_path):
    run_cli(database_url, "load", "seed_events/authorities.csv")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"record": "inspection", "authority": "E08000007"}\n', encoding="utf-8")
    completed = run_cli(database_url, "load", str(bad), check=False)
    assert completed.returncode == 1
    assert f"{bad}:1: framework: required" in completed.stderr


def test_an_unsupported_database_url_is_explained(tmp_path):
    completed = run_cli("mysql://localhost/x", "events", check=False)
    assert completed.returncode == 2
    assert "DATABASE_URL: unsupported scheme 'mysql'" in completed.stderr
