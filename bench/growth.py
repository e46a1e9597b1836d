"""How cost grows with history: as-at latency and full rebuild time against event count.

    python -m bench.growth URL [URL ...] [--plot docs/growth.png]

For each store (each loaded with a history of a different size), measures the
p50 and p99 of `picture` over HTTP (as bench.latency does, response cache off)
and the time to rebuild every read model from the whole log, prints them with
the ratio of each to the first store's, and draws both against the number of
events in one PNG.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.latency import latency
from bench.server import require_store
from service.adapters.settings import parse_database_url
from service.bootstrap import open_service


def rebuild_seconds(url: str) -> float:
    service = open_service(parse_database_url(url))
    try:
        started = time.perf_counter()
        for name in service.projector.models:
            service.rebuilder.rebuild(name)
        return time.perf_counter() - started
    finally:
        service.close()


def plot(rows: list[tuple[int, float, float, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    events = [r[0] for r in rows]
    figure, latency_axis = plt.subplots(figsize=(7, 4.2), dpi=110)
    latency_axis.plot(events, [r[1] for r in rows], "o-", color="tab:blue", label="picture p50 (ms)")
    latency_axis.plot(
        events, [r[2] for r in rows], "s--", color="tab:blue", alpha=0.5, label="picture p99 (ms)"
    )
    latency_axis.set_xscale("log")
    latency_axis.set_xlabel("events in the log")
    latency_axis.set_ylabel("as-at latency over HTTP (ms)", color="tab:blue")
    latency_axis.set_ylim(bottom=0)
    rebuild_axis = latency_axis.twinx()
    rebuild_axis.plot(
        events, [r[3] for r in rows], "^-", color="tab:red", label="rebuild all read models (s)"
    )
    rebuild_axis.set_ylabel("full rebuild (s, log scale)", color="tab:red")
    rebuild_axis.set_yscale("log")
    lines = latency_axis.get_legend_handles_labels()[0] + rebuild_axis.get_legend_handles_labels()[0]
    labels = latency_axis.get_legend_handles_labels()[1] + rebuild_axis.get_legend_handles_labels()[1]
    latency_axis.legend(lines, labels, loc="center left", fontsize=8)
    latency_axis.set_title("Flat query cost, linear rebuild cost, as history grows", fontsize=10)
    figure.tight_layout()
    figure.savefig(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--plot", type=Path, help="write the PNG here")
    args = parser.parse_args()
    print(f"{'store':<40} {'events':>9} {'p50 ms':>7} {'p99 ms':>7} {'p50 ×':>6}", end="")
    print(f" {'rebuild s':>9} {'log events/s':>12}")
    rows: list[tuple[int, float, float, float]] = []
    for url in args.urls:
        require_store(url)
    for url in args.urls:
        events, p50, p99, _ = latency(url, args.requests, args.concurrency, seed=7)
        seconds = rebuild_seconds(url)
        rows.append((events, p50, p99, seconds))
        print(
            f"{url[-40:]:<40} {events:>9,} {p50:>7.1f} {p99:>7.1f} {p50 / rows[0][1]:>6.2f}"
            f" {seconds:>9.1f} {events / seconds:>12,.0f}",
            flush=True,
        )
    if args.plot:
        plot(rows, args.plot)
        print(f"plot written to {args.plot}")


if __name__ == "__main__":
    main()
