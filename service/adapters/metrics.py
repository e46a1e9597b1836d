"""Prometheus metrics in the text exposition format, kept in this process.

Request latency is per process (each API process reports its own); the
projection gauges are read from the database at scrape time, so every
process reports the same lag.
"""

from __future__ import annotations

import threading
from collections import defaultdict

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latency_counts: dict[str, list[int]] = defaultdict(lambda: [0] * (len(BUCKETS) + 1))
        self._latency_sums: dict[str, float] = defaultdict(float)
        self.events_appended = 0
        self.cache_outcomes: dict[str, int] = defaultdict(int)

    def observe_request(self, operation: str, seconds: float) -> None:
        with self._lock:
            counts = self._latency_counts[operation]
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    counts[index] += 1
            counts[-1] += 1  # +Inf
            self._latency_sums[operation] += seconds

    def count_cache(self, outcome: str) -> None:
        """A GraphQL request answered from the response cache ("hit") or not ("miss")."""
        with self._lock:
            self.cache_outcomes[outcome] += 1

    def count_appended(self, events: int) -> None:
        with self._lock:
            self.events_appended += events

    def render(self, gauges: dict[str, list[tuple[dict[str, str], float]]]) -> str:
        lines = [
            "# HELP inspections_request_duration_seconds GraphQL and HTTP request latency by operation.",
            "# TYPE inspections_request_duration_seconds histogram",
        ]
        with self._lock:
            name = "inspections_request_duration_seconds"
            for operation, counts in sorted(self._latency_counts.items()):
                label = _escape(operation)
                for bound, count in zip((*BUCKETS, "+Inf"), counts, strict=True):
                    lines.append(f'{name}_bucket{{operation="{label}",le="{bound}"}} {count}')
                lines.append(
                    f'inspections_request_duration_seconds_sum{{operation="{label}"}} '
                    f"{self._latency_sums[operation]:.6f}"
                )
                lines.append(
                    f'inspections_request_duration_seconds_count{{operation="{label}"}} {counts[-1]}'
                )
            lines += [
                "# HELP inspections_events_appended_total Events this process appended to the log.",
                "# TYPE inspections_events_appended_total counter",
                f"inspections_events_appended_total {self.events_appended}",
                "# HELP inspections_response_cache_requests_total GraphQL requests looked up in the"
                " response cache, by outcome.",
                "# TYPE inspections_response_cache_requests_total counter",
            ]
            lines += [
                f'inspections_response_cache_requests_total{{outcome="{outcome}"}} {count}'
                for outcome, count in sorted(self.cache_outcomes.items())
            ]
        for name, samples in gauges.items():
            lines.append(f"# TYPE {name} gauge")
            for labels, value in samples:
                rendered = ",".join(f'{k}="{_escape(v)}"' for k, v in labels.items())
                lines.append(f"{name}{{{rendered}}} {value}" if rendered else f"{name} {value}")
        return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


METRICS = Metrics()
