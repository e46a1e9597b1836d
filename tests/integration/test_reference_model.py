"""Every read answer over GraphQL against a reference written for clarity
(tests/reference/record.py), for random histories and random (authority,
asAt, asKnownAt) triples, on both stores.

REFERENCE_HISTORIES (default 200) sets how many histories each store gets;
REFERENCE_SEED replays one run. A mismatch names the seed and the smallest
history that still shows it.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.adapters.settings import Store
from service.api.http import create_app
from service.bootstrap import Service, open_service
from tests.conftest import postgres_store, sqlite_store
from tests.reference.histories import Publish, Step, apply, history
from tests.reference.record import Record

HISTORIES = int(os.environ.get("REFERENCE_HISTORIES", "200"))
TRIPLES = 4
FIELDS = (
    "id area theme publishedOn validUntil recordedAt recordedUntil correctionReason grade { raw label band }"
)
DOCUMENT = "id publishedOn withdrawnAt withdrawalReason judgementCount recommendationCount"
MOMENTS = ("recordedAt", "recordedUntil", "withdrawnAt")


def question(documents: int) -> str:
    """One request asking everything about an authority at (asAt, asKnownAt)."""
    variables = "".join(f", $i{n}: ID!" for n in range(documents))
    inspections = " ".join(
        f"d{n}: inspection(id: $i{n}, asKnownAt: $k) {{ {DOCUMENT} judgements {{ {FIELDS} }}"
        " recommendations { id } }"
        for n in range(documents)
    )
    return (
        f"query Q($a: ID!, $d: Date, $k: DateTime{variables}) {{"
        " picture(authority: $a, asAt: $d, asKnownAt: $k, followLineage: false)"
        " { authority { code replacedOn replacedBy { code } }"
        f" inspections {{ {DOCUMENT} }} judgements {{ {FIELDS} }} }}"
        " recommendations(authority: $a, asAt: $d, asKnownAt: $k) { id }"
        f" judgementHistory(authority: $a, asKnownAt: $k) {{ {FIELDS} }}"
        f" {inspections} }}"
    )


NATIONAL = f"query N($d: Date, $k: DateTime) {{ judgements(asAt: $d, asKnownAt: $k) {{ {FIELDS} }} }}"


def moments(answer: Any) -> Any:
    """The answer with its recorded moments as datetimes, to compare with the reference's."""
    if isinstance(answer, list):
        return [moments(item) for item in answer]
    if isinstance(answer, dict):
        return {
            key: datetime.fromisoformat(value) if key in MOMENTS and value else moments(value)
            for key, value in answer.items()
        }
    return answer


def ask(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = client.post("/graphql", json={"query": query, "variables": variables}).json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = moments(body["data"])
    return data


class Mismatch(AssertionError):
    pass


def check(
    service: Service, client: TestClient, steps: list[Step], codes: tuple[str, ...], rng: random.Random
) -> int:
    """Record a history, then compare answers at random triples; returns the triples compared."""
    start = service.records.log_position()
    apply(service.recording, steps)
    # The history's own events: its authorities are registered by its first step.
    mine = list(service.log.read(after=start))
    times = sorted({e.recorded_at for e in mine})
    known_ats: list[datetime | None] = [None, times[0] - timedelta(microseconds=1)]
    known_ats += [t for t in times] + [t - timedelta(microseconds=1) for t in times]
    published = [s.published_on for s in steps if isinstance(s, Publish)]
    as_ats = [date(2004, 1, 1), date(2026, 1, 1)] + published + [d - timedelta(days=1) for d in published]
    documents = [str(e.aggregate_id) for e in mine if e.type == "InspectionPublished"]
    judgement_ids = {e.payload["judgement_id"] for e in mine if e.type == "JudgementRecorded"}
    compared = 0
    for n in range(TRIPLES):
        code = rng.choice(codes)
        as_at, known_at = rng.choice(as_ats), rng.choice(known_ats)
        reference = Record(mine, known_at)
        k = known_at.isoformat() if known_at else None
        ids = {f"i{m}": d for m, d in enumerate(documents)}
        answer = ask(client, question(len(documents)), a=code, d=as_at.isoformat(), k=k, **ids)
        expected: dict[str, Any] = {
            "picture": reference.picture(code, as_at),
            "recommendations": [{"id": r} for r in reference.recommendations(code, as_at)],
            "judgementHistory": reference.history(code),
        }
        expected |= {f"d{m}": reference.inspection(d) for m, d in enumerate(documents)}
        _compare(expected, answer, f"{code} asAt {as_at} asKnownAt {k}")
        if n < 2:
            national = ask(client, NATIONAL, d=as_at.isoformat(), k=k)["judgements"]
            mine_only = [j for j in national if j["id"] in judgement_ids]
            _compare(
                reference.national(as_at, judgement_ids), mine_only, f"national asAt {as_at} asKnownAt {k}"
            )
        compared += 1
    return compared


def _compare(expected: Any, answer: Any, where: str) -> None:
    if expected != answer:
        path, wanted, got = _first_difference(expected, answer, "")
        raise Mismatch(f"{where}: at {path or 'the top'}\n  expected {wanted!r}\n  answered {got!r}")


def _first_difference(expected: Any, answer: Any, path: str) -> tuple[str, Any, Any]:
    if isinstance(expected, dict) and isinstance(answer, dict) and expected.keys() == answer.keys():
        for key in expected:
            if expected[key] != answer[key]:
                return _first_difference(expected[key], answer[key], f"{path}.{key}")
    if isinstance(expected, list) and isinstance(answer, list) and len(expected) == len(answer):
        for index, (one, other) in enumerate(zip(expected, answer, strict=True)):
            if one != other:
                return _first_difference(one, other, f"{path}[{index}]")
    return path, expected, answer


@contextmanager
def served(store: Store) -> Iterator[tuple[Service, TestClient]]:
    with closing(open_service(store)) as service, TestClient(create_app(service)) as client:
        yield service, client


def codes_for(index: int) -> tuple[str, ...]:
    return tuple(f"E09{index * 4 + n:06d}" for n in range(4))


def smallest(fresh: Any, steps: list[Step], codes: tuple[str, ...], seed: int) -> list[Step]:
    """The history with as many steps dropped as still leave a mismatch."""
    kept = list(steps)
    index = 1  # the registration stays
    while index < len(kept):
        trial = kept[:index] + kept[index + 1 :]
        with served(fresh()) as (service, client):
            try:
                check(service, client, trial, codes, random.Random(seed))
            except Mismatch:
                kept = trial
                continue
        index += 1
    return kept


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_every_answer_matches_the_reference_for_random_histories(
    kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    seed = int(os.environ.get("REFERENCE_SEED", random.randrange(2**32)))

    def fresh() -> Store:
        if kind == "sqlite":
            return sqlite_store(tmp_path_factory.mktemp("reference"))
        return postgres_store(request.getfixturevalue("postgres_database"))

    rng = random.Random(seed)
    compared = 0
    with served(fresh()) as (service, client):
        for index in range(HISTORIES):
            codes = codes_for(index)
            history_seed = rng.randrange(2**32)
            steps = history(
                random.Random(history_seed), codes, steps=random.Random(history_seed).randint(3, 10)
            )
            try:
                compared += check(service, client, steps, codes, random.Random(history_seed))
            except Mismatch as mismatch:
                small = smallest(fresh, steps, codes, history_seed)
                raise AssertionError(
                    f"seed {seed} (REFERENCE_SEED={seed}), history {index} (seed {history_seed}):\n"
                    f"{mismatch}\nsmallest history still failing:\n"
                    + "\n".join(f"  {step}" for step in small)
                ) from None
    print(f"\n{kind}: {HISTORIES} histories, {compared} triples compared (seed {seed})")
