"""Every place this service relies on psycopg (3.3) beyond its public API.

Each hook has a contract test in tests/integration/test_library_contracts.py
that fails, naming the hook, when an upgrade removes or changes what it
relies on.

* `PIPELINE_PAUSE`: a COPY inside a pipelined transaction. A rebuild writes
  its rows in pipeline mode (projections.database.PostgresConnection), and
  the event log's and the recommendations' rows go fastest through one
  binary COPY left open from batch to batch (half the CPU a row of an
  INSERT of arrays, on both sides; docs/performance.md §2). psycopg refuses
  a COPY while the connection names a pipeline, and offers no way to leave
  pipeline mode but the end of the `with conn.pipeline()` block, which
  holds the transaction. So the hook syncs the pipeline, takes libpq out of
  pipeline mode (`pgconn.exit_pipeline_mode()`, public) and clears the
  connection's private `_pipeline` attribute for the COPY, then puts both
  back. Without it (`PostgresConnection(..., pipeline_pause=None)`, the
  stock fallback), streamed rows go as INSERTs of arrays, as every other
  read model's do.
"""

from __future__ import annotations

from typing import Any

from projections.database import PipelinePause


class PausedForCopy:
    def pause(self, connection: Any, pipeline: Any) -> None:
        pipeline.sync()
        connection.pgconn.exit_pipeline_mode()
        connection._pipeline = None

    def resume(self, connection: Any, pipeline: Any) -> None:
        connection._pipeline = pipeline
        if not connection.closed:
            connection.pgconn.enter_pipeline_mode()


PIPELINE_PAUSE: PipelinePause = PausedForCopy()

# The hooks by name, each with its contract test (test_<name>).
HOOKS = ("PIPELINE_PAUSE",)
