"""`inspections import` as a person runs it on published letters and reports."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from projections.event_log import LogRow, page
from service.adapters.settings import parse_database_url
from service.bootstrap import open_service
from tests.conftest import ROOT, sqlite_store
from tests.e2e.conftest import run_cli, run_cli_in

SOURCES = ROOT / "seed_events" / "sources"
RATING = "002_be5145f8e9499e13"
APA_2005 = "000_f91d154181784c8b"


def letter(tmp_path: Path, name: str) -> Path:
    (tmp_path / "letters").mkdir(exist_ok=True)
    return Path(shutil.copy(SOURCES / f"{name}.txt", tmp_path / "letters" / f"{name}.txt"))


def written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def import_without_store(tmp_path: Path, *args: str | Path) -> tuple[int, str, str]:
    environment = {**os.environ, "DATABASE_URL": sqlite_store(tmp_path).url}
    completed = run_cli_in(
        environment, "import", "--out", str(tmp_path / "out"), *map(str, args), check=False
    )
    return completed.returncode, completed.stdout, completed.stderr


def event_log(database_url: str) -> list[LogRow]:
    service = open_service(parse_database_url(database_url))
    try:
        service.projector.catch_up()
        return page(service.connections[-1], 0, 10_000)
    finally:
        service.close()


def rating_letter(cover: str) -> str:
    """An annual rating letter whose cover names `cover`."""
    text = (SOURCES / f"{RATING}.txt").read_text(encoding="utf-8")
    return text.replace("Stockport Metropolitan Borough Council", cover)


def test_a_clean_letter_is_written_as_a_seed_file_with_its_source_and_described_as_json(
    tmp_path: Path,
) -> None:
    status, stdout, _ = import_without_store(tmp_path, letter(tmp_path, RATING), "--json")
    assert status == 0
    (described,) = [json.loads(line) for line in stdout.splitlines()]
    assert described["document"] == {
        "authority": "E08000007",
        "framework": "annual_rating",
        "title": "Children's services annual rating",
        "publishedOn": "2009-12-09",
        "firstDay": None,
        "lastDay": None,
    }
    (judgement,) = described["judgements"]
    assert (judgement["area"], judgement["raw"], judgement["label"], judgement["band"]) == (
        "childrens_services_rating",
        "Performs well (3)",
        "Performs well",
        "GOOD",
    )
    assert described["flags"] == [] and described["problems"] == []
    seed = (tmp_path / "out" / f"{RATING}.jsonl").read_text(encoding="utf-8")
    assert seed.splitlines()[0].startswith('{"record": "inspection", "authority": "E08000007"')
    assert (tmp_path / "out" / "sources" / f"{RATING}.txt").read_text() == (
        SOURCES / f"{RATING}.txt"
    ).read_text()


def test_the_review_table_says_where_each_value_came_from(tmp_path: Path) -> None:
    status, stdout, _ = import_without_store(tmp_path, letter(tmp_path, RATING))
    assert status == 0
    lines = stdout.splitlines()
    assert lines[0].endswith(": clean")
    published = next(line for line in lines if line.strip().startswith("published_on"))
    assert "2009-12-09" in published and published.rstrip().endswith("printed")


def test_an_undated_report_takes_the_date_given_else_the_file_names_flagged(tmp_path: Path) -> None:
    text = rating_letter("Stockport Metropolitan Borough Council").replace("9 December 2009", "")
    undated = written(tmp_path, "rating_9_december_2009.txt", text)
    status, stdout, _ = import_without_store(tmp_path, undated, "--json")
    described = json.loads(stdout)
    assert status == 2 and described["document"]["publishedOn"] == "2009-12-09"
    assert described["flags"] == [
        {"field": "published_on", "why": "from file name: no publication date is printed"}
    ]
    status, stdout, _ = import_without_store(tmp_path, undated, "--json", "--published-on", "2009-12-10")
    assert status == 0 and json.loads(stdout)["document"]["publishedOn"] == "2009-12-10"


def test_a_document_with_uncertain_values_exits_2_and_its_records_carry_flags(tmp_path: Path) -> None:
    status, stdout, _ = import_without_store(tmp_path, letter(tmp_path, APA_2005))
    assert status == 2
    assert "FLAG: the cell's items are not separated by bullet marks" in stdout
    records = [json.loads(line) for line in (tmp_path / "out" / f"{APA_2005}.jsonl").read_text().splitlines()]
    assert sum(1 for r in records if "flag" in r) == 5


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    status, _, stderr = import_without_store(tmp_path, written(tmp_path, "empty.txt", "\n \n"))
    assert status == 1 and "empty.txt: file: the file is empty" in stderr


def test_a_document_of_no_known_framework_is_refused(tmp_path: Path) -> None:
    status, _, stderr = import_without_store(tmp_path, written(tmp_path, "menu.txt", "Lunch menu\n\nSoup\n"))
    assert status == 1 and "menu.txt: framework: unknown framework" in stderr


def test_a_cover_naming_no_registered_authority_is_refused(tmp_path: Path) -> None:
    status, _, stderr = import_without_store(
        tmp_path,
        written(tmp_path, "r.txt", rating_letter("Atlantis Council").replace("Stockport", "Atlantis")),
    )
    assert status == 1 and "r.txt: authority: no registered authority is named on the cover" in stderr


def test_a_cover_naming_two_authorities_is_refused_with_the_candidates(tmp_path: Path) -> None:
    cover = rating_letter("Bury and Stockport Joint Council")
    status, _, stderr = import_without_store(tmp_path, written(tmp_path, "r.txt", cover))
    assert status == 1 and "ambiguous" in stderr
    assert "E08000002 Bury" in stderr and "E08000007 Stockport" in stderr
    status, _, _ = import_without_store(
        tmp_path, written(tmp_path, "r.txt", cover), "--authority", "E08000002"
    )
    assert status == 0


def test_recording_an_import_twice_records_it_once(database_url: str, tmp_path: Path) -> None:
    run_cli(database_url, "load", "seed_events/authorities.csv")
    source = letter(tmp_path, RATING)
    first = run_cli(database_url, "import", "--out", str(tmp_path / "out"), str(source), "--record")
    assert first.stdout.splitlines()[0].endswith(": recorded")
    second = run_cli(database_url, "import", "--out", str(tmp_path / "out"), str(source), "--record")
    assert second.stdout.splitlines()[0].endswith(": already recorded")
    (published,) = [row for row in event_log(database_url) if row.type == "InspectionPublished"]
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert published.recorded_by == "inspections import"
    assert published.recorded_via == f"imported file {RATING}.txt sha256 {digest}"


def test_a_flagged_document_is_not_recorded(database_url: str, tmp_path: Path) -> None:
    run_cli(database_url, "load", "seed_events/authorities.csv")
    flagged = run_cli(
        database_url,
        "import",
        "--out",
        str(tmp_path / "out"),
        str(letter(tmp_path, APA_2005)),
        "--record",
        check=False,
    )
    assert flagged.returncode == 2
    assert [row for row in event_log(database_url) if row.type == "InspectionPublished"] == []


def test_a_document_recorded_with_other_content_is_refused_saying_correct_or_withdraw(
    database_url: str, tmp_path: Path
) -> None:
    run_cli(database_url, "load", "seed_events/authorities.csv")
    run_cli(database_url, "import", "--out", str(tmp_path / "out"), str(letter(tmp_path, RATING)), "--record")
    regraded = rating_letter("Stockport Metropolitan Borough Council").replace(
        "Performs well (3)", "Performs adequately (2)"
    )
    again = run_cli(
        database_url,
        "import",
        "--out",
        str(tmp_path / "again"),
        str(written(tmp_path, "regraded.txt", regraded)),
        "--record",
        check=False,
    )
    assert again.returncode == 1
    assert "regraded.txt: document: is recorded with other content" in again.stderr
    assert "record a correction or a withdrawal instead" in again.stderr


def test_load_refuses_an_imported_file_until_its_flags_are_removed(database_url: str, tmp_path: Path) -> None:
    run_cli(database_url, "load", "seed_events/authorities.csv")
    run_cli(
        database_url, "import", "--out", str(tmp_path / "out"), str(letter(tmp_path, APA_2005)), check=False
    )
    refused = run_cli(database_url, "load", str(tmp_path / "out" / f"{APA_2005}.jsonl"), check=False)
    assert refused.returncode == 1 and "flag" in refused.stderr


def test_import_run_from_another_folder_matches_authorities_against_the_register_it_ships(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    rating = letter(tmp_path, RATING)
    completed = subprocess.run(
        [sys.executable, "-m", "service", "import", "--json", "--out", str(tmp_path / "out"), str(rating)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["document"]["authority"] == "E08000007"


def test_an_out_directory_that_cannot_be_written_is_named_and_nothing_else_happens(tmp_path: Path) -> None:
    taken = written(tmp_path, "a_file_not_a_folder", "")
    environment = {**os.environ, "DATABASE_URL": sqlite_store(tmp_path).url}
    completed = run_cli_in(
        environment, "import", "--out", str(taken), str(letter(tmp_path, RATING)), "--json", check=False
    )
    assert completed.returncode == 1
    assert (
        f"{RATING}.txt: out: cannot write the files to review in {taken}: Not a directory" in completed.stderr
    )
    assert "Traceback" not in completed.stderr


def test_a_document_the_write_path_would_refuse_is_refused_without_recording(tmp_path: Path) -> None:
    """Without --record the same guards apply (on the register alone): a
    report whose inspection days come after its publication names the field."""
    report = written(
        tmp_path,
        "stockport_ilacs_12_may_2022.txt",
        "Inspection of children’s social care services\nStockport\n"
        "Inspection dates: 1 to 3 March 2031\nOverall effectiveness\tGood\n",
    )
    status, _, stderr = import_without_store(tmp_path, report, "--published-on", "2022-05-12")
    assert status == 1
    assert "stockport_ilacs_12_may_2022.txt: first_day: is after the publication date 2022-05-12" in stderr
