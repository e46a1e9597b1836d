"""Prometheus metrics, with labels that stay bounded whatever clients send.

Request latency is labelled by the operation's kind and name. Clients choose
names, so a name becomes a label only once an operation of that kind and name
has been answered without errors, and only the first OPERATION_NAMES such
pairs do (names of at most OPERATION_NAME_LENGTH characters); every other
request counts under `other`, and unnamed ones under `anonymous`. A failed
operation never adds a name, so clients sending ever new names cannot grow
/metrics. Answers from the response cache skip the operation: they are
counted by outcome, not timed.

One process (`inspections serve`): values live in memory, and /metrics also
shows the process_* and python_* metrics of prometheus_client's default
collectors. Several processes (`uvicorn --workers N`, `make run-postgres`):
with PROMETHEUS_MULTIPROC_DIR set before prometheus_client is first imported,
each process writes its values to files there, and /metrics in any process
sums every process's files; the directory must be emptied before the
processes start. Each process learns names on its own, so the bound becomes
OPERATION_NAMES for each process started since the directory was emptied.

The projection gauges are read from the database at scrape time, so every
process reports the same lag; they are handed to `exposition` as it renders.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.metrics import disable_created_metrics
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.registry import Collector

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
# Named series (a kind and a name) a process keeps, besides `other` and
# `anonymous` for each kind. With 12 buckets a series takes about 1.4 KB of
# /metrics, so the names take at most about 140 KB a process.
OPERATION_NAMES = 100
OPERATION_NAME_LENGTH = 100
OTHER = "other"
ANONYMOUS = "anonymous"

# The `_created` series would double the counters' lines, and multiprocess
# mode has none: without them both modes show the same series. (Both this
# and MultiProcessCollector are left unannotated by prometheus_client.)
disable_created_metrics()  # type: ignore[no-untyped-call]


class Metrics:
    def __init__(self, registry: CollectorRegistry = REGISTRY) -> None:
        self.latency = Histogram(
            "inspections_request_duration_seconds",
            "GraphQL request latency by operation kind and name (names beyond the first "
            f"{OPERATION_NAMES} that succeeded count as {OTHER!r}).",
            ["kind", "operation"],
            buckets=BUCKETS,
            registry=registry,
        )
        self.appended = Counter(
            "inspections_events_appended", "Events this process appended to the log.", registry=registry
        )
        self.cache = Counter(
            "inspections_response_cache_requests",
            "GraphQL requests looked up in the response cache, by outcome.",
            ["outcome"],
            registry=registry,
        )
        # Each labelled series looked up once (shown as 0 before the first,
        # so that rates start at once): a lookup by labels takes a lock.
        self._cache_outcomes = {outcome: self.cache.labels(outcome) for outcome in ("hit", "miss")}
        self.compiled = Counter(
            "inspections_compiled_queries_requests",
            "Requests for a compiled registered query, by what answered: its plan, or the "
            "general executor (a request the plan does not answer exactly).",
            ["answered_by"],
            registry=registry,
        )
        self._answered_by = {
            answered_by: self.compiled.labels(answered_by) for answered_by in ("plan", "general")
        }
        # Learned by kind and name: each pair is a series of its own.
        self._named: set[tuple[str, str]] = set()
        self._learning = threading.Lock()

    def observe_request(self, kind: str, name: str | None, seconds: float, *, succeeded: bool) -> None:
        """One operation's latency; `succeeded` if it was answered without errors."""
        self.latency.labels(kind, self._operation_label(kind, name, succeeded)).observe(seconds)

    def _operation_label(self, kind: str, name: str | None, succeeded: bool) -> str:
        if not name:
            return ANONYMOUS
        if (kind, name) in self._named:
            return name
        if not succeeded or len(name) > OPERATION_NAME_LENGTH:
            return OTHER
        with self._learning:
            if len(self._named) >= OPERATION_NAMES:
                return OTHER
            self._named.add((kind, name))
        return name

    def count_cache(self, outcome: str) -> None:
        """A GraphQL request answered from the response cache ("hit") or not ("miss")."""
        self._cache_outcomes[outcome].inc()

    def count_compiled(self, answered_by: str) -> None:
        """A request for a compiled query, answered by its plan ("plan") or not ("general")."""
        self._answered_by[answered_by].inc()

    def count_appended(self, events: int) -> None:
        self.appended.inc(events)


def gauge(name: str, documentation: str, samples: Iterable[tuple[dict[str, str], float]]) -> Metric:
    """A gauge read at scrape time, one sample per set of labels."""
    family = Metric(name, documentation, "gauge")
    for labels, value in samples:
        family.add_sample(name, labels, value)
    return family


class _Scrape:
    """What one scrape shows: the process's (or processes') metrics, then the gauges read for it."""

    def __init__(self, sources: Collection[Collector], gauges: Collection[Metric]) -> None:
        self.sources = sources
        self.gauges = gauges

    def collect(self) -> Iterator[Metric]:
        for source in self.sources:
            yield from source.collect()
        yield from self.gauges


def exposition(gauges: Collection[Metric], multiprocess_directory: Path | None = None) -> bytes:
    """The Prometheus text format of this process's metrics and `gauges`;
    with `multiprocess_directory` (the PROMETHEUS_MULTIPROC_DIR the processes
    started with), every process's metrics summed instead."""
    if multiprocess_directory is None:
        return generate_latest(_Scrape((REGISTRY,), gauges))
    # The files hold only our own metrics. process_* (CPU, memory, open
    # files) and python_gc_* are read from /proc and the interpreter of the
    # process that answers the scrape, so they would describe one process
    # picked at random under the name of all: left out. python_info is the
    # same in every process, so it stays.
    files = MultiProcessCollector(None, path=str(multiprocess_directory))  # type: ignore[no-untyped-call]
    return generate_latest(_Scrape((files, PlatformCollector(registry=None)), gauges))


METRICS = Metrics()
