"""The worker threads answers are read in: a few per process, not anyio's
default 40.

With 40, sixteen clients asking for cold pictures kept as many threads
handing the GIL to one another: a quarter of the server's CPU went to the
kernel (1.1 ms of system time a request on SQLite). With 4, on `national`:
the general executor's cold picture 367 against 301 requests/s on SQLite and
246 against 228 on PostgreSQL; a compiled picture on SQLite 1,316-1,341
against 763-788 (docs/performance.md, section 4).

The national answers (tens to hundreds of ms each) have threads of their
own, so that a few of them never hold every picture up. Writes keep anyio's
default threads: a writer waiting for the store's write lock must not hold
up answers.
"""

from __future__ import annotations

from anyio import CapacityLimiter
from anyio.lowlevel import RunVar

ANSWER_THREADS = 4
NATIONAL_ANSWER_THREADS = 2

# One limiter per event loop, as anyio keeps its default one: a limiter's
# waiters belong to the loop they wait in.
_ANSWERS: RunVar[CapacityLimiter] = RunVar("answer_threads")
_NATIONAL_ANSWERS: RunVar[CapacityLimiter] = RunVar("national_answer_threads")


def answer_threads() -> CapacityLimiter:
    """The threads answers are read in, in the running event loop."""
    return _limiter(_ANSWERS, ANSWER_THREADS)


def national_answer_threads() -> CapacityLimiter:
    """The threads questions about the whole country are read in."""
    return _limiter(_NATIONAL_ANSWERS, NATIONAL_ANSWER_THREADS)


def _limiter(threads: RunVar[CapacityLimiter], total: int) -> CapacityLimiter:
    try:
        return threads.get()
    except LookupError:
        limiter = CapacityLimiter(total)
        threads.set(limiter)
        return limiter
