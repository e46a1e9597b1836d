"""The service as the browser suite meets it: served once on a free port,
its store loaded from seed_events/, and one correction recorded through the
mutation, as an editor would."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from service.adapters.settings import Store
from service.api.http import create_app
from service.bootstrap import Service, open_service
from service.cli.worker import run_worker
from tests.conftest import SEED_EVENTS
from tests.e2e.graphql_client import graphql, read_your_write
from tests.e2e.uvicorn_workers import served_as_a_worker_process
from tests.factories import STOCKPORT, load_seeds

CORRECT = """
mutation Correct($input: CorrectJudgementInput!) {
  correctJudgement(input: $input) { id grade { raw label band } correctionReason recordedAt }
}
"""
# The judgement the suite corrects: Stockport's 2012 safeguarding "staying safe".
CORRECTED = {"theme": "safeguarding", "area": "staying_safe", "before": "Grade 3", "after": "Grade 2"}
REASON = "keyed from the looked after children's row"


@dataclass(frozen=True)
class Site:
    url: str
    # The correction the suite recorded: the judgement's id and when it was recorded.
    corrected_id: str
    corrected_at: str
    # A token of the role that may correct and withdraw.
    editor_token: str


@contextmanager
def served(service: Service, *, registered_queries_only: bool = False) -> Iterator[str]:
    """The app (response cache on, as in production) served by uvicorn on a free port."""
    app = create_app(service, registered_queries_only=registered_queries_only)
    with served_as_a_worker_process(app, "auto") as (base, _):
        yield base


def record_the_correction(url: str, token: str) -> Site:
    with httpx.Client(base_url=url, timeout=30) as client:
        picture = graphql(
            client,
            'query P($a: ID!) { picture(authority: $a, asAt: "2012-03-23") '
            "{ judgements { id theme area } } }",
            a=STOCKPORT,
        )["picture"]
        (target,) = [
            j
            for j in picture["judgements"]
            if (j["theme"], j["area"]) == (CORRECTED["theme"], CORRECTED["area"])
        ]
        body: dict[str, Any] = client.post(
            "/graphql",
            json={
                "query": CORRECT,
                "variables": {
                    "input": {"judgement": target["id"], "raw": CORRECTED["after"], "reason": REASON}
                },
            },
            headers={"authorization": f"Bearer {token}"},
        ).json()
        assert "errors" not in body, body
        read_your_write(client, body)
    recorded_at = body["data"]["correctJudgement"]["recordedAt"]
    return Site(url=url, corrected_id=target["id"], corrected_at=recorded_at, editor_token=token)


@contextmanager
def seeded(store: Store) -> Iterator[Service]:
    """The service in its default mode (one process keeps the read models and
    serves), the seeds loaded and projected."""
    service = open_service(store)
    try:
        load_seeds(service.recording, SEED_EVENTS)
        service.projector.catch_up()
        yield service
    finally:
        service.close()


@contextmanager
def embedded_site(store: Store) -> Iterator[Site]:
    """One process keeps the read models and serves (the default mode)."""
    with seeded(store) as service:
        token = service.tokens.create("ana", "editor")
        with served(service) as url:
            yield record_the_correction(url, token)


@contextmanager
def allow_list_site(store: Store) -> Iterator[str]:
    """PERSISTED_QUERIES=registered: the seeds alone (the suite's correction
    is not a registered query), served by an app that runs only those."""
    with seeded(store) as service, served(service, registered_queries_only=True) as url:
        yield url


@contextmanager
def worker_site(store: Store) -> Iterator[Site]:
    """PROJECTIONS=worker: the serving process only writes and reads; a
    separate projection worker keeps the read models."""
    setup = open_service(store, projections_in_process=False)
    load_seeds(setup.recording, SEED_EVENTS)
    token = setup.tokens.create("ana", "editor")
    setup.close()
    service = open_service(store, create_tables=False, projections_in_process=False)
    stop = threading.Event()
    worker = threading.Thread(target=run_worker, args=(store, stop), kwargs={"poll_seconds": 0.1})
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while service.projector.tracking.position() < service.records.log_position():
            assert time.monotonic() < deadline, "the worker did not catch up"
            time.sleep(0.05)
        with served(service) as url:
            yield record_the_correction(url, token)
    finally:
        stop.set()
        worker.join(timeout=30)
        service.close()
