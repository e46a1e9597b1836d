"""`inspections export`: the national picture as CSV or JSON Lines, byte for
byte the same for the same log, and row for row what nationalPicture answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from tests.conftest import ROOT, SEED_EVENTS
from tests.e2e.conftest import run_cli
from tests.e2e.graphql_client import graphql

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from service.bootstrap import Service

LINEAGE = ROOT / "tests" / "fixtures" / "lineage"
GOLDEN = ROOT / "tests" / "golden" / "national-2023-06-01.csv"


def loaded(database_url: str) -> str:
    run_cli(database_url, "load", str(SEED_EVENTS))
    run_cli(database_url, "load", str(LINEAGE))
    return database_url


def test_the_export_of_the_seeds_and_lineage_fixtures_is_the_golden_csv_byte_for_byte(
    database_url: str, tmp_path: Path
) -> None:
    loaded(database_url)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    run_cli(database_url, "export", "--as-at", "2023-06-01", "--out", str(first))
    run_cli(database_url, "export", "--as-at", "2023-06-01", "--out", str(second))
    assert first.read_bytes() == second.read_bytes() == GOLDEN.read_bytes()
    assert first.read_bytes().count(b"\r\n") == 153 + 1


def test_the_export_is_the_national_picture_row_for_row(client: TestClient, seeded_service: Service) -> None:
    exported = run_cli(
        seeded_service.store.url, "export", "--as-at", "2012-03-23", "--format", "jsonl"
    ).stdout
    rows = [json.loads(line) for line in exported.splitlines()]
    query = (
        "query N($d: Date) { nationalPicture(asAt: $d) { authority { code laNumber name }"
        " inspection { id } overallEffectiveness { raw band } } }"
    )
    national = graphql(client, query, d="2012-03-23")["nationalPicture"]
    assert [
        (
            r["gss_code"],
            r["la_number"],
            r["authority"],
            r["inspection_id"],
            r["overall_effectiveness"],
            r["overall_band"],
        )
        for r in rows
    ] == [
        (
            n["authority"]["code"],
            str(n["authority"]["laNumber"] or ""),
            n["authority"]["name"],
            n["inspection"]["id"] if n["inspection"] else "",
            (n["overallEffectiveness"] or {}).get("raw", ""),
            (n["overallEffectiveness"] or {}).get("band", ""),
        )
        for n in national
    ]
    assert sum(1 for r in rows if r["inspection_id"]) == 1


def test_a_bad_format_or_date_exits_2_naming_the_option(database_url: str) -> None:
    loaded(database_url)
    bad_format = run_cli(database_url, "export", "--as-at", "2025-03-31", "--format", "parquet", check=False)
    assert bad_format.returncode == 2 and "--format" in bad_format.stderr
    bad_day = run_cli(database_url, "export", "--as-at", "2025-02-30", check=False)
    assert bad_day.returncode == 2 and "--as-at" in bad_day.stderr
    naive = run_cli(
        database_url, "export", "--as-at", "2025-03-31", "--as-known-at", "2025-04-01T00:00", check=False
    )
    assert naive.returncode == 2 and "--as-known-at" in naive.stderr
