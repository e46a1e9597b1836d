"""Ingest through the eventsourcing recorder, against a raw executemany of the same rows.

    python -m bench.ingest [--size small] [--batch 100] [--postgres URL]

Generates a history, then on a fresh SQLite file (and, with --postgres, a
fresh schema of that database) records it three ways, each measured in the
same run: the baseline (the same events serialised to rows and inserted with
one executemany into a bare table in one transaction), one document per save
(the loader's path for a single document: build, check, save), and documents
saved in batches as the loader saves them. The batched run prints two rows:
the recorder alone (saving documents already built, as the baseline inserts
events already built) and building plus saving. Prints events/s and the
ratio to the baseline.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.generate import generate
from domain.authorities import Authority
from service.adapters.register_file import read_register
from service.adapters.seed_files import read_document
from service.adapters.settings import Store, parse_database_url
from service.adapters.stores import connect, open_records
from service.application.documents import Attribution, DocumentToPublish
from service.application.recording import Recording

ATTRIBUTION = Attribution("bench", "bench.ingest")


def documents(directory: Path) -> list[DocumentToPublish]:
    return [read_document(path).document for path in sorted(directory.glob("*.jsonl"))]


def fresh(store: Store, register: Path) -> Recording:
    """The write path on an empty store holding only the register."""
    recording = Recording(open_records(store), document_of_judgement=lambda _: None)
    recording.register_authorities([entry for _, entry in read_register(register)])
    return recording


def baseline(store: Store, recording: Recording, docs: list[DocumentToPublish]) -> tuple[float, int]:
    """Serialise the same events and executemany them into a bare table."""
    records = recording.records
    events = [e for d in docs for e in recording.build(d).collect_events()]
    started = time.perf_counter()
    rows: list[tuple[Any, ...]] = []
    for event in events:
        stored = records.mapper.to_stored_event(event)
        rows.append((str(stored.originator_id), stored.originator_version, stored.topic, stored.state))
    db = connect(store)
    try:
        table = f"bare_{uuid.uuid4().hex[:8]}"
        blob = "BLOB" if db.dialect == "sqlite" else "BYTEA"
        db.execute(
            f"CREATE TABLE {table} (originator_id TEXT, originator_version INTEGER, topic TEXT, state {blob},"
            " PRIMARY KEY (originator_id, originator_version))"
        )
        with db.transaction():
            db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", rows)
        elapsed = time.perf_counter() - started
        db.execute(f"DROP TABLE {table}")
    finally:
        db.close()
    return elapsed, len(rows)


def one_per_save(recording: Recording, docs: list[DocumentToPublish]) -> tuple[float, int]:
    started = time.perf_counter()
    events = 0
    for document in docs:
        recording.publish(document, ATTRIBUTION)
        events += 1 + len(document.judgements) + len(document.recommendations)
    return time.perf_counter() - started, events


def batched(recording: Recording, docs: list[DocumentToPublish], batch: int) -> tuple[float, float, int]:
    """Seconds spent building (every domain guard) and seconds spent saving,
    documents taken `batch` at a time as the loader takes them."""
    building = saving = 0.0
    events = 0
    for start in range(0, len(docs), batch):
        started = time.perf_counter()
        # As the loader does: each authority read once per batch, one save per batch.
        authorities: dict[str, Authority | None] = {}
        built = [recording.build(d, authorities) for d in docs[start : start + batch]]
        events += sum(len(b.pending_events) for b in built)
        built_at = time.perf_counter()
        recording.records.save_attributed([(b, ATTRIBUTION) for b in built])
        building += built_at - started
        saving += time.perf_counter() - built_at
    return building, saving, events


def stores(postgres: str | None, directory: Path) -> list[tuple[str, Store]]:
    """Three fresh stores per database, one for each way of writing."""
    found = []
    for label in ("baseline", "one per save", "batches"):
        slug = label.replace(" ", "_")
        found.append((f"SQLite {label}", parse_database_url(f"sqlite:///{directory / f'{slug}.sqlite'}")))
        if postgres:
            base = parse_database_url(postgres)
            found.append(
                (f"PostgreSQL {label}", replace(base, schema=f"bench_{slug}_{uuid.uuid4().hex[:6]}"))
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="small")
    parser.add_argument("--batch", type=int, default=100, help="documents per save in the batched run")
    parser.add_argument("--postgres", help="also measure on this PostgreSQL database (a schema per run)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        generate(args.size, directory / "history")
        register = directory / "history" / "authorities.csv"
        docs = documents(directory / "history")
        print(f"{args.size}: {len(docs)} documents")
        print(f"{'store and way of writing':<48} {'seconds':>8} {'events/s':>10} {'× baseline':>10}")
        results: dict[str, float] = {}
        for label, store in stores(args.postgres, directory):
            recording = fresh(store, register)
            kind = label.split()[0]
            try:
                if label.endswith("baseline"):
                    seconds, events = baseline(store, recording, docs)
                    rows = [(label, seconds)]
                elif label.endswith("one per save"):
                    seconds, events = one_per_save(recording, docs)
                    rows = [(f"{label} (built, checked, saved)", seconds)]
                else:
                    building, saving, events = batched(recording, docs, args.batch)
                    rows = [
                        (f"{kind} {args.batch} per save: recorder only", saving),
                        (f"{kind} {args.batch} per save: built and saved", building + saving),
                    ]
            finally:
                recording.records.close()
                if store.kind == "postgres":
                    db = connect(replace(store, schema="public"))
                    db.execute(f'DROP SCHEMA IF EXISTS "{store.schema}" CASCADE')
                    db.close()
            for row_label, seconds in rows:
                rate = events / seconds
                baseline_rate = results.setdefault(kind, rate)
                print(f"{row_label:<48} {seconds:>8.2f} {rate:>10,.0f} {rate / baseline_rate:>10.2f}")


if __name__ == "__main__":
    main()
