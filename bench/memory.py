"""Peak memory (resident set) of a full rebuild and of the server under load.

    python -m bench.memory URL [--requests N]

On the store at URL (loaded with `inspections load`), runs and measures, each
in its own process:

* baseline: a process that opens the store and does nothing else;
* rebuild: `inspections rebuild` (every read model, from the whole log);
* server: `inspections serve` answering N requests (pictures of every
  authority at random dates and the national headline judgements), read from
  /proc after the last answer.

Prints peak RSS in MiB and the ratio to the baseline process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.overhead import current_codes, national, picture, random_day, request_bytes, run
from bench.server import ROOT, free_port, require_store, serve


def peak_of_command(url: str, *command: str) -> tuple[float, float]:
    """Peak RSS in MiB and wall seconds of `command` run to its end."""
    environment = {**os.environ, "DATABASE_URL": url}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {status}")
    return usage.ru_maxrss / 1024, time.perf_counter() - started


def peak_of_server(url: str, requests: int, seed: int) -> tuple[float, float]:
    """Peak RSS in MiB of the server, and requests/s, after `requests` answers."""
    port = free_port()
    server = serve(url, port, response_cache=True)
    try:
        rng = random.Random(seed)
        codes = current_codes(url)
        asks = [
            national(random_day(rng)) if rng.random() < 0.02 else picture(rng.choice(codes), random_day(rng))
            for _ in range(requests)
        ]
        rate = asyncio.run(run(port, [request_bytes(port, ask, True) for ask in asks], 16))
        status = Path(f"/proc/{server.pid}/status").read_text()
        peak_kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        return peak_kib / 1024, rate
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    require_store(args.url)
    python = sys.executable
    opened = "from service.bootstrap import service_from_environment; service_from_environment()[1].close()"
    base, _ = peak_of_command(args.url, python, "-c", opened)
    rebuild, seconds = peak_of_command(args.url, python, "-m", "service", "rebuild")
    server, rate = peak_of_server(args.url, args.requests, args.seed)
    print(f"{'process':<44} {'peak RSS MiB':>12} {'× baseline':>10}")
    print(f"{'baseline: open the store, nothing else':<44} {base:>12.0f} {1:>10.2f}")
    print(f"{f'rebuild every read model ({seconds:.0f} s)':<44} {rebuild:>12.0f} {rebuild / base:>10.2f}")
    label = f"server after {args.requests} requests ({rate:.0f}/s)"
    print(f"{label:<44} {server:>12.0f} {server / base:>10.2f}")


if __name__ == "__main__":
    main()
