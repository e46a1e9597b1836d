"""Full rebuild of the read models, against reading the same log without applying it.

    python -m bench.rebuild URL [URL ...] [--repeat N]

For each store (loaded with `inspections load`), prints events/s for the
baseline (reading and deserialising every event of the log, in the
projector's batches) and for rebuilding each read model, with the ratio to
the baseline measured in the same run on the same store, in interleaved
rounds (the best of each kept), and the lowest read model's ratio.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial

from bench.server import require_store
from service.adapters.settings import parse_database_url
from service.bootstrap import open_service

BATCH = 500
BASELINE = "read + deserialise (baseline)"


def read_everything(page: Callable[[int, int], list[object]], batch: int = BATCH) -> int:
    position, count = 0, 0
    while events := page(position, batch):
        position, count = getattr(events[-1], "position"), count + len(events)  # noqa: B009
    return count


def measure(url: str, repeat: int) -> None:
    require_store(url)
    store = parse_database_url(url)
    service = open_service(store)
    try:
        names = list(service.projector.models)
        runs: dict[str, Callable[[], int]] = {
            BASELINE: lambda: read_everything(service.log.page),  # type: ignore[arg-type]
            **{name: partial(service.rebuilder.rebuild, name) for name in names},
        }
        # Rounds of the baseline then each rebuild, the best of each kept: a
        # machine whose load drifts slows all of them alike.
        best: dict[str, tuple[float, int]] = {}
        for _ in range(repeat):
            for label, run in runs.items():
                started = time.perf_counter()
                count = run()
                best[label] = min(best.get(label, (float("inf"), 0)), (time.perf_counter() - started, count))
        baseline_seconds, events = best[BASELINE]
        baseline = events / baseline_seconds
        print(f"{store.describe()}: {events} events, best of {repeat} interleaved rounds")
        print(f"{'measure':<32} {'seconds':>8} {'events/s':>10} {'× baseline':>10}")
        print(f"{BASELINE:<32} {baseline_seconds:>8.2f} {baseline:>10,.0f} {1:>10.2f}")
        total_seconds = 0.0
        for name in names:
            seconds, applied = best[name]
            total_seconds += seconds
            rate = applied / seconds
            print(f"{'rebuild ' + name:<32} {seconds:>8.2f} {rate:>10,.0f} {rate / baseline:>10.2f}")
        overall = events * len(names) / total_seconds
        label = "all read models (per model)"
        print(f"{label:<32} {total_seconds:>8.2f} {overall:>10,.0f} {overall / baseline:>10.2f}")
        lowest = min(best[name][1] / best[name][0] for name in names) / baseline
        print(f"{'lowest read model':<32} {'':>8} {'':>10} {lowest:>10.2f}", flush=True)
    finally:
        service.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of every measurement; the best is kept")
    args = parser.parse_args()
    for url in args.urls:
        measure(url, args.repeat)


if __name__ == "__main__":
    main()
