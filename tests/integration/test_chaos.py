"""Chaos on PostgreSQL: concurrent writers, killed workers, terminated backends.

Writers append documents concurrently (with random delays inside their
transactions and deliberate duplicates that must be refused) while two
projection workers run. Workers are killed with SIGKILL at random moments,
often in the middle of a batch's transaction, and restarted; every backend is
terminated now and then. At the end every read model must equal a rebuild
from the log: every event applied exactly once, none skipped.

`make test` runs a short version; `make chaos` a long one (CHAOS_SECONDS,
CHAOS_KILLS). The random seed is printed; CHAOS_SEED replays a run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from service.bootstrap import open_service
from tests.conftest import ROOT, SEED_EVENTS, postgres_store
from tests.factories import load_seeds

pytestmark = pytest.mark.postgres

WRITERS = 8
DOCUMENTS_PER_WRITER = int(os.environ.get("CHAOS_DOCUMENTS", "25"))
SECONDS = float(os.environ.get("CHAOS_SECONDS", "20"))
KILLS = int(os.environ.get("CHAOS_KILLS", "8"))
TERMINATIONS = int(os.environ.get("CHAOS_TERMINATIONS", "3"))


def python(*args: str, environment: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_every_read_model_equals_a_rebuild_after_kills_and_terminated_connections(
    postgres_database: str,
) -> None:
    seed = int(os.environ.get("CHAOS_SEED", random.randrange(2**32)))
    print(f"\nchaos seed {seed} (replay with CHAOS_SEED={seed})")
    rng = random.Random(seed)
    store = postgres_store(postgres_database)
    service = open_service(store)  # creates every table once, before the processes start
    load_seeds(service.recording, SEED_EVENTS)
    service.projector.catch_up()
    with service.projector.db.transaction():
        # Random delays inside every writer's transaction, after it has taken the log's lock.
        service.projector.db.execute(
            "CREATE OR REPLACE FUNCTION chaos_delay() RETURNS trigger AS $body$"
            " BEGIN PERFORM pg_sleep(random() * 0.02); RETURN NULL; END $body$ LANGUAGE plpgsql"
        )
        service.projector.db.execute(
            "CREATE OR REPLACE TRIGGER chaos_delay AFTER INSERT ON inspectionrecords_events"
            " FOR EACH STATEMENT EXECUTE FUNCTION chaos_delay()"
        )
        # Every advance of a tracked position, to check none ever went back or stood still.
        service.projector.db.execute("CREATE TABLE tracking_history (name TEXT, before BIGINT, after BIGINT)")
        service.projector.db.execute(
            "CREATE OR REPLACE FUNCTION record_tracking() RETURNS trigger AS $body$"
            " BEGIN INSERT INTO tracking_history VALUES (OLD.name, OLD.position, NEW.position); RETURN NEW;"
            " END $body$ LANGUAGE plpgsql"
        )
        service.projector.db.execute(
            "CREATE OR REPLACE TRIGGER record_tracking BEFORE UPDATE ON projection_tracking"
            " FOR EACH ROW EXECUTE FUNCTION record_tracking()"
        )
    environment = {
        **os.environ,
        "DATABASE_URL": store.url,
        "PROJECTIONS": "worker",
        "CREATE_TABLES": "n",
    }
    worker_args = ("-m", "service", "worker", "--poll", "0.2", "--batch-size", "25", "--batch-pause", "0.05")
    workers = [python(*worker_args, environment=environment) for _ in range(2)]
    writers = [
        python(
            "-m",
            "tests.chaos.writer",
            store.url,
            str(seed + i),
            str(DOCUMENTS_PER_WRITER),
            environment=environment,
        )
        for i in range(WRITERS)
    ]
    kills = terminations = 0
    deadline = time.monotonic() + SECONDS
    kill_at = sorted(rng.uniform(0, SECONDS) for _ in range(KILLS))
    terminate_at = sorted(rng.uniform(0, SECONDS) for _ in range(TERMINATIONS))
    started = time.monotonic()
    try:
        while time.monotonic() < deadline or kill_at or terminate_at:
            elapsed = time.monotonic() - started
            if kill_at and elapsed >= kill_at[0]:
                kill_at.pop(0)
                victim = rng.randrange(len(workers))
                workers[victim].send_signal(signal.SIGKILL)
                workers[victim].wait()
                kills += 1
                workers[victim] = python(*worker_args, environment=environment)
            if terminate_at and elapsed >= terminate_at[0]:
                terminate_at.pop(0)
                service.questions.db.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                terminations += 1
            time.sleep(0.05)
        results = []
        for writer in writers:
            out, err = writer.communicate(timeout=300)
            assert writer.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        # Let the surviving workers catch up with everything written.
        service.close()
        service = open_service(store, create_tables=False, projections_in_process=False)
        head = service.records.log_position()
        wait_until = time.monotonic() + 120
        while service.projector.tracking.position() < head and time.monotonic() < wait_until:
            time.sleep(0.2)
    finally:
        for process in [*workers, *writers]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            reconnects = 0
        for process in workers:
            try:
                _, err = process.communicate(timeout=30)
                reconnects += sum(
                    int(line.split(", ")[1].split()[0])
                    for line in err.splitlines()
                    if line.startswith("worker stopped:")
                )
            except subprocess.TimeoutExpired:
                process.kill()
    recorded = sum(r["recorded"] for r in results)
    refused = sum(r["refused"] for r in results)
    refused_at_insert = sum(r["refused_at_insert"] for r in results)
    retries = sum(r["retries"] for r in results)
    db = service.questions.db
    (log_events,) = db.execute("SELECT COUNT(*) FROM inspectionrecords_events")[0]
    # Against the sequence, not the highest stored id: a refused insert after
    # the last commit burns ids above it.
    (sequence,) = db.execute("SELECT pg_get_serial_sequence('inspectionrecords_events', 'notification_id')")[
        0
    ]
    (last_issued,) = db.execute(f"SELECT last_value FROM {sequence}")[0]
    holes = last_issued - log_events
    times = [t for (t,) in db.execute("SELECT recorded_at FROM event_recorded_times ORDER BY position")]
    backwards = db.execute("SELECT COUNT(*) FROM tracking_history WHERE after <= before")[0][0]
    advances = db.execute("SELECT COUNT(*) FROM tracking_history")[0][0]
    logged = db.execute("SELECT COUNT(*), COUNT(DISTINCT position) FROM event_log")[0]
    positions: dict[str, int] = dict(db.execute("SELECT name, position FROM projection_tracking"))
    differences = {name: service.rebuilder.verify(name) for name in service.projector.models}
    service.close()
    print(
        f"chaos: {recorded} documents recorded, {refused} refused by the application and "
        f"{refused_at_insert} by the store, {retries} writer retries, {log_events} events in the log, "
        f"{holes} holes in the sequence, {kills} worker kills, {terminations} backend terminations, "
        f"{reconnects} reconnects by surviving workers, "
        f"{advances} tracking advances ({backwards} not forward), "
        f"mismatches {sum(len(d) for d in differences.values())}"
    )
    assert kills == KILLS and terminations == TERMINATIONS
    assert refused + refused_at_insert > 0, "some deliberate duplicates must have been refused"
    assert holes >= refused_at_insert > 0, "refused inserts leave holes that readers passed over"
    assert times == sorted(times), "recorded times never run backwards along the log"
    assert backwards == 0 and advances > 0
    assert set(positions.values()) == {head}
    assert logged == (log_events, log_events), "each event is in the event log once"
    assert differences == {name: [] for name in differences}
