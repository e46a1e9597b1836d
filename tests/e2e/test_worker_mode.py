"""Separate projection workers: writes land in the log, a worker projects them,
and a reader that passes the written position reads its own write."""

from __future__ import annotations

import threading

import pytest
from starlette.testclient import TestClient

from service.api.http import create_app
from service.bootstrap import open_service
from service.cli.worker import WorkerStats, run_worker
from tests.conftest import SEED_EVENTS, postgres_store, read_store_of
from tests.e2e.conftest import STOCK_GRAPHQL
from tests.e2e.graphql_client import graphql
from tests.factories import load_seeds

pytestmark = pytest.mark.postgres

PUBLISH = "mutation P($input: PublishInspectionInput!) { publishInspection(input: $input) { id } }"


def test_a_write_on_one_process_is_read_back_on_another_once_a_worker_has_projected_it(
    postgres_database: str,
) -> None:
    store = postgres_store(postgres_database)
    # The seeds are recorded, not projected: the worker must apply them all.
    setup = open_service(store, projections_in_process=False)
    load_seeds(setup.recording, SEED_EVENTS)
    token = setup.tokens.create("ana", "recorder")
    setup.close()
    writer = open_service(store, create_tables=False, projections_in_process=False)
    reader = open_service(
        store, read_store=read_store_of(store), create_tables=False, projections_in_process=False
    )
    stop = threading.Event()
    stats = WorkerStats()
    worker = threading.Thread(
        target=run_worker, args=(store, stop), kwargs={"poll_seconds": 0.2, "stats": stats}
    )
    worker.start()
    try:
        with (
            TestClient(create_app(writer, stock_graphql=STOCK_GRAPHQL)) as writing,
            TestClient(create_app(reader, stock_graphql=STOCK_GRAPHQL)) as reading,
        ):
            document = {
                "authority": "E08000002",
                "framework": "ilacs",
                "title": "Inspection of children's social care services",
                "publishedOn": "2019-07-12",
                "judgements": [
                    {"area": "overall_effectiveness", "areaLabel": "Overall effectiveness", "raw": "Good"}
                ],
            }
            body = writing.post(
                "/graphql",
                json={"query": PUBLISH, "variables": {"input": document}},
                headers={"authorization": f"Bearer {token}"},
            ).json()
            position = body["extensions"]["position"]
            picture = graphql(
                reading,
                'query P($p: Int) { picture(authority: "E08000002", asAt: "2020-01-01", minPosition: $p) '
                "{ position judgements { grade { raw } } } }",
                p=position,
            )["picture"]
            ready = reading.get("/readyz")
            metrics = reading.get("/metrics").text
    finally:
        stop.set()
        worker.join(timeout=30)
        writer.close()
        reader.close()
    assert picture["position"] >= position
    # Bury's 2005 letter (its annual-assessment series) and the new ILACS inspection.
    assert [j["grade"]["raw"] for j in picture["judgements"]] == ["3", "4", "3", "3", "Good"]
    assert ready.status_code == 200 and ready.json()["projections"]["judgements"]["lag_events"] == 0
    assert f'inspections_projection_position{{projection="judgements"}} {float(position)}' in metrics
    assert stats.applied >= 288
