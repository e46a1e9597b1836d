"""Every framework's PDF, written as Ofsted lays it out, imports to the seed
file committed beside it in tests/expected_imports/ (every field of every
record), with no flag, and loads."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import run_cli
from tests.e2e.test_import_cli import import_without_store
from tests.published_letters import focused_visit_letter, jtai_letter, monitoring_visit_letter
from tests.published_pdfs import Report, ilacs_report, sif_report, write
from tests.published_reports_2009_2013 import child_protection_report, looked_after_report, slac_report

EXPECTED = Path(__file__).parent.parent / "expected_imports"

# (file name as published, its writer, the --published-on an ILACS report needs)
FIXTURES: list[tuple[str, Callable[[], Report], str | None]] = [
    ("stockport_slac_2011", slac_report, None),
    ("stockport_child_protection_2013", child_protection_report, None),
    ("stockport_looked_after_2013", looked_after_report, None),
    ("stockport_sif_2016", sif_report, None),
    ("stockport_ilacs_2022", ilacs_report, "2022-05-18"),
    ("stockport_ilacs_2024", lambda: ilacs_report(care_leavers=True), "2024-05-10"),
    ("stockport_focused_visit_2019", focused_visit_letter, None),
    ("stockport_monitoring_visit_2020", monitoring_visit_letter, None),
    ("stockport_jtai_2017", jtai_letter, None),
]


def records(seed_file: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in seed_file.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(("stem", "writer", "published_on"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_each_frameworks_report_imports_to_its_expected_seed_file_without_a_flag(
    tmp_path: Path, stem: str, writer: Callable[[], Report], published_on: str | None
) -> None:
    pdf = write(writer(), tmp_path / f"{stem}.pdf")
    given = ["--published-on", published_on] if published_on else []
    status, out, err = import_without_store(tmp_path, pdf, *given, "--json")
    assert (status, err) == (0, ""), out
    assert json.loads(out)["flags"] == []
    assert records(tmp_path / "out" / f"{stem}.jsonl") == records(EXPECTED / f"{stem}.jsonl")


def test_every_frameworks_report_is_recorded_by_one_import(database_url: str, tmp_path: Path) -> None:
    run_cli(database_url, "load", "seed_events/authorities.csv")
    recorded = 0
    for stem, writer, published_on in FIXTURES:
        pdf = write(writer(), tmp_path / f"{stem}.pdf")
        given = ["--published-on", published_on] if published_on else []
        outcome = run_cli(
            database_url, "import", "--out", str(tmp_path / "out"), str(pdf), *given, "--record"
        )
        recorded += outcome.stdout.splitlines()[0].endswith(": recorded")
    assert recorded == len(FIXTURES)
