"""The `inspections` command as a new user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.e2e.conftest import run_cli


def test_loading_the_seeds_records_five_documents_and_a_second_load_records_nothing(
    database_url: str,
) -> None:
    first = run_cli(database_url, "load", "seed_events")
    assert "5 document(s) recorded" in first.stdout
    assert "167 authorities registered, 14 replacements, 0 renames" in first.stdout
    second = run_cli(database_url, "load", "seed_events")
    assert "0 document(s) recorded (0 events)" in second.stdout
    assert "5 already recorded" in second.stdout
    assert "nothing new to record" in second.stdout


def test_the_event_log_lists_every_judgement_with_raw_grade_and_band(database_url: str) -> None:
    run_cli(database_url, "load", "seed_events")
    listing = run_cli(database_url, "events").stdout.splitlines()
    judgements = [line for line in listing if "JudgementRecorded" in line]
    assert len(judgements) == 38
    being_healthy = [j for j in judgements if "looked_after_children/being_healthy" in j]
    assert len(being_healthy) == 1
    assert "raw='Grade 4'" in being_healthy[0] and "band=INADEQUATE" in being_healthy[0]
    rating = [j for j in judgements if "childrens_services_rating" in j]
    assert "raw='Performs well (3)'" in rating[0] and "band=GOOD" in rating[0]


def test_the_event_log_as_json_is_in_position_order_with_payloads(database_url: str) -> None:
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


def test_a_refused_file_makes_the_command_fail_with_the_line_named(database_url: str, tmp_path: Path) -> None:
    run_cli(database_url, "load", "seed_events/authorities.csv")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"record": "inspection", "authority": "E08000007"}\n', encoding="utf-8")
    completed = run_cli(database_url, "load", str(bad), check=False)
    assert completed.returncode == 1
    assert f"{bad}:1: framework: required" in completed.stderr


def test_an_unsupported_database_url_is_explained(tmp_path: Path) -> None:
    completed = run_cli("mysql://localhost/x", "events", check=False)
    assert completed.returncode == 2
    assert "DATABASE_URL: unsupported scheme 'mysql'" in completed.stderr


def test_help_describes_every_command_and_setting_and_the_version_is_printed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    top = run_cli(url, "--help").stdout
    for command in (
        "load",
        "events",
        "rebuild",
        "verify",
        "setup",
        "token",
        "serve",
        "worker",
        "watch",
        "schema",
    ):
        assert f"    {command} " in top, command
    for setting in (
        "DATABASE_URL",
        "PROJECTIONS",
        "CREATE_TABLES",
        "RESPONSE_CACHE",
        "CORS_ORIGINS",
        "GRAPHQL_EXECUTOR",
        "EVENT_RECORDER",
    ):
        assert setting in top, setting
    assert "example" in run_cli(url, "events", "--help").stdout
    assert run_cli(url, "--version").stdout.startswith("inspections 0.1.0")


def test_commands_that_only_read_refuse_a_store_that_does_not_exist_and_create_nothing(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "missing.sqlite"
    for command in (["events"], ["verify"], ["rebuild"], ["token", "list"]):
        completed = run_cli(f"sqlite:///{missing}", *command, check=False)
        assert completed.returncode == 2, command
        assert f"no store at {missing}" in completed.stderr, command
        assert not missing.exists(), command


def test_a_reader_that_stops_early_ends_the_command_quietly(database_url: str) -> None:
    run_cli(database_url, "load", "seed_events")
    for command in (["events"], ["events", "--json"], ["verify"]):
        # Like `| head -1`: the reader closes the pipe after one line.
        with subprocess.Popen(
            [sys.executable, "-m", "service", *command],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": database_url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            assert process.stdout is not None and process.stderr is not None
            process.stdout.readline()
            process.stdout.close()
            errors = process.stderr.read().decode()
            assert process.wait(timeout=60) == 0, (command, errors)
        assert "Traceback" not in errors and "BrokenPipe" not in errors, (command, errors)


def test_a_flagged_file_is_refused_until_a_person_removes_the_flag(database_url: str, tmp_path: Path) -> None:
    run_cli(database_url, "load", "seed_events/authorities.csv")
    seed = ROOT / "seed_events" / "002_be5145f8e9499e13.jsonl"
    records = [json.loads(line) for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    records[1]["flag"] = "rating printed twice and they differ"
    flagged = tmp_path / seed.name
    (tmp_path / "sources").symlink_to(ROOT / "seed_events" / "sources")
    flagged.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")

    completed = run_cli(database_url, "load", str(flagged), check=False)

    assert completed.returncode == 1
    why = "rating printed twice and they differ"
    assert f"refused {flagged}:2: flagged: {why}; edit the line and remove the flag" in completed.stderr
    assert "0 document(s) recorded" in completed.stdout
    del records[1]["flag"]
    flagged.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    assert "1 document(s) recorded" in run_cli(database_url, "load", str(flagged)).stdout
