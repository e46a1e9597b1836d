"""Progress of long work on stderr: how far, how fast, how long still to go.

On a terminal it redraws one line; elsewhere (a log, CI) it prints a line
every few seconds. Work that ends within a second shows nothing.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

QUIET_SECONDS = 1.0
LOG_EVERY_SECONDS = 5.0
REDRAW_EVERY_SECONDS = 0.1


class Progress:
    def __init__(self, label: str, total: int, unit: str = "events", stream: TextIO | None = None) -> None:
        self.label = label
        self.total = max(total, 0)
        self.unit = unit
        self.stream = stream or sys.stderr
        self.on_terminal = self.stream.isatty()
        self.started = time.monotonic()
        self.shown_at = 0.0
        self.shown = False
        self.done = 0

    def __call__(self, done: int, *_: object) -> None:
        self.done = done
        now = time.monotonic()
        if now - self.started < QUIET_SECONDS:
            return
        every = REDRAW_EVERY_SECONDS if self.on_terminal else LOG_EVERY_SECONDS
        if self.shown and now - self.shown_at < every:
            return
        self.shown, self.shown_at = True, now
        end = "" if self.on_terminal else "\n"
        start = "\r" if self.on_terminal else ""
        print(f"{start}{self.describe(now)}", end=end, file=self.stream, flush=True)

    def describe(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        line = f"{self.label}: {self.done:,}/{self.total:,} {self.unit}, {rate:,.0f}/s"
        if 0 < self.done < self.total and rate > 0:
            line += f", about {_duration((self.total - self.done) / rate)} left"
        return line

    def finish(self) -> None:
        """Close the line, saying how long it took, if anything was shown."""
        if self.shown:
            now = time.monotonic()
            self.done = max(self.done, self.total)
            start = "\r" if self.on_terminal else ""
            took = _duration(now - self.started)
            print(f"{start}{self.describe(now)}, done in {took}", file=self.stream, flush=True)


def _duration(seconds: float) -> str:
    minutes, whole = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{whole:02}" if hours else f"{minutes}:{whole:02}"
