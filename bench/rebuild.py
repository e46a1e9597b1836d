"""Full rebuild of the read models, against reading the same log without applying it.

    DATABASE_URL=... python -m bench.rebuild [--repeat N]

Prints events/s for the baseline (reading and deserialising every event of
the log, in the projector's batches) and for rebuilding each read model, with
the ratio to the baseline measured in the same run. The store must already
hold a history (`python -m bench.generate SIZE DIR` then `inspections load DIR`).
"""

from __future__ import annotations

import argparse
import time

from service.bootstrap import open_service
from service.settings import Settings

BATCH = 500


def read_everything(page, batch: int = BATCH) -> int:  # type: ignore[no-untyped-def]
    position, count = 0, 0
    while events := page(position, batch):
        position, count = events[-1].position, count + len(events)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best is kept")
    args = parser.parse_args()
    settings = Settings.from_environment()
    service = open_service(settings.store, catch_up=False)
    try:
        head = service.records.log_position()

        def best(run) -> tuple[float, int]:  # type: ignore[no-untyped-def]
            timings = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                count = run()
                timings.append((time.perf_counter() - started, count))
            return min(timings)

        baseline_seconds, events = best(lambda: read_everything(service.log.page))
        baseline = events / baseline_seconds
        print(f"{settings.store.describe()}: {events} events, log head {head}")
        print(f"{'measure':<28} {'seconds':>8} {'events/s':>10} {'× baseline':>10}")
        print(f"{'read + deserialise (base)':<28} {baseline_seconds:>8.2f} {baseline:>10,.0f} {1:>10.2f}")
        total_seconds = 0.0
        for name in service.projector.models:
            seconds, applied = best(lambda name=name: service.projector.rebuild(name))
            total_seconds += seconds
            rate = applied / seconds
            print(f"{'rebuild ' + name:<28} {seconds:>8.2f} {rate:>10,.0f} {rate / baseline:>10.2f}")
        overall = events * len(service.projector.models) / total_seconds
        label = "all read models (per model)"
        print(f"{label:<28} {total_seconds:>8.2f} {overall:>10,.0f} {overall / baseline:>10.2f}")
    finally:
        service.close()


if __name__ == "__main__":
    main()
