"""The national export, one row per authority, against a plain query of its rows.

    python -m bench.export URL [--repeat N]

For a store loaded with `inspections load` (the national history from
`bench.generate national`), exports the national picture as at 31 March of
every year 2006-2025 as CSV, checks that each holds one row per authority
alive that day, and prints the time per export beside a baseline measured
in the same run on the same store: the same latest SLAC, SIF or ILACS
document of each authority and its judgements read with two plain SQL
statements and written with csv.writer, with no register, lineage or
as-known-at logic.
"""

from __future__ import annotations

import argparse
import csv
import io
import time
from collections.abc import Callable
from datetime import date
from functools import partial

from bench.server import require_store
from service.adapters.settings import parse_database_url
from service.application.national import NATIONAL_FRAMEWORKS
from service.application.questions import Moment
from service.bootstrap import open_service
from service.cli.export import exported

YEARS = range(2006, 2026)


def plain(db: object, day: date) -> str:
    execute: Callable[..., list[tuple[object, ...]]] = getattr(db, "execute")  # noqa: B009
    marks = ",".join("?" * len(NATIONAL_FRAMEWORKS))
    documents = execute(
        "SELECT inspection_id, authority_code, framework, first_day, last_day, published_on, source FROM ("
        " SELECT *, ROW_NUMBER() OVER (PARTITION BY authority_code ORDER BY published_on DESC, position DESC)"
        f" AS rank FROM inspections WHERE framework IN ({marks}) AND published_on <= ?) AS r WHERE rank = 1"
        " ORDER BY authority_code",
        (*NATIONAL_FRAMEWORKS, day.isoformat()),
    )
    ids = [d[0] for d in documents]
    graded: dict[object, list[tuple[object, ...]]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = execute(
            "SELECT inspection_id, area, raw, band FROM judgements"
            f" WHERE inspection_id IN ({marks}) AND recorded_to IS NULL",
            chunk,
        )
        for row in rows:
            graded.setdefault(row[0], []).append(row)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for document in documents:
        writer.writerow([*document, *(cell for j in graded.get(document[0], []) for cell in j[1:])])
    return out.getvalue()


def best(run: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def measure(url: str, repeat: int) -> None:
    require_store(url)
    service = open_service(parse_database_url(url))
    try:
        registered, lineage = service.questions.register_as_known(None)
        print(f"{'as at':<12} {'rows':>5} {'export s':>9} {'plain s':>8} {'× plain':>8}")
        total_export = total_plain = 0.0
        for year in YEARS:
            day = date(year, 3, 31)
            text = exported(service.reading.snapshot, Moment(day, None), "csv")
            rows = text.count("\r\n") - 1
            alive = sum(1 for r in registered if lineage.alive(r.gss_code, day))
            assert rows == alive, f"{day}: {rows} rows for {alive} authorities"
            seconds = best(partial(exported, service.reading.snapshot, Moment(day, None), "csv"), repeat)
            baseline = best(partial(plain, service.questions.db, day), repeat)
            total_export, total_plain = total_export + seconds, total_plain + baseline
            print(
                f"{day.isoformat():<12} {rows:>5} {seconds:>9.4f} {baseline:>8.4f} {seconds / baseline:>8.2f}"
            )
        ratio = total_export / total_plain
        print(f"{'all years':<12} {'':>5} {total_export:>9.3f} {total_plain:>8.3f} {ratio:>8.2f}", flush=True)
    finally:
        service.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for url in args.urls:
        measure(url, args.repeat)


if __name__ == "__main__":
    main()
