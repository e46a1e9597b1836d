"""Which label a request's latency is counted under: names are learned only from successes."""

from __future__ import annotations

from prometheus_client import CollectorRegistry

from service.adapters.metrics import OPERATION_NAME_LENGTH, OPERATION_NAMES, Metrics


def counted(registry: CollectorRegistry, kind: str, operation: str) -> float:
    labels = {"kind": kind, "operation": operation}
    return registry.get_sample_value("inspections_request_duration_seconds_count", labels) or 0.0


def test_a_known_name_keeps_its_label_when_it_fails_and_an_unknown_one_counts_as_other() -> None:
    registry = CollectorRegistry()
    metrics = Metrics(registry)
    metrics.observe_request("query", "Picture", 0.01, succeeded=True)
    metrics.observe_request("query", "Picture", 0.01, succeeded=False)
    metrics.observe_request("query", "Typo", 0.01, succeeded=False)
    metrics.observe_request("mutation", "", 0.01, succeeded=True)
    metrics.observe_request("mutation", "Picture", 0.01, succeeded=False)  # learned as a query only
    assert counted(registry, "query", "Picture") == 2
    assert counted(registry, "query", "Typo") == 0
    assert counted(registry, "query", "other") == 1
    assert counted(registry, "mutation", "other") == 1
    assert counted(registry, "mutation", "anonymous") == 1


def test_names_beyond_the_limit_or_too_long_are_other_even_when_they_succeed() -> None:
    registry = CollectorRegistry()
    metrics = Metrics(registry)
    metrics.observe_request("query", "Q" * (OPERATION_NAME_LENGTH + 1), 0.01, succeeded=True)
    for n in range(OPERATION_NAMES + 5):
        metrics.observe_request("query", f"Name{n}", 0.01, succeeded=True)
    assert counted(registry, "query", f"Name{OPERATION_NAMES - 1}") == 1
    assert counted(registry, "query", f"Name{OPERATION_NAMES}") == 0
    assert counted(registry, "query", "other") == 1 + 5
