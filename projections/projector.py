"""Applying the log to read models in batches, tracking in the same transaction.

A batch of events is applied to every read model that has not seen it and
the tracked positions advance, in one transaction, so a crash never applies
an event twice or skips one. The same code runs in the API process (embedded
SQLite mode) or in a worker process.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from projections.database import Connection
from projections.read_model import ReadModel
from projections.tracking import ReadLog, ReportProgress, Tracking


class Projector:
    def __init__(
        self,
        db: Connection,
        read_log: ReadLog,
        models: Sequence[ReadModel],
        tracking: Tracking,
        batch_size: int = 500,
    ) -> None:
        self.db = db
        self.read_log = read_log
        self.models = {model.name: model for model in models}
        self.tracking = tracking
        self.batch_size = batch_size
        # Seconds to hold each batch's transaction open before committing: a
        # chaos-testing aid, so that a killed worker dies mid-batch. 0 in use.
        self.batch_pause = 0.0

    def set_up(self) -> None:
        """Create missing tables and tracking rows; existing ones are kept,
        unless another version of the service made them in another shape:
        those are dropped and the read model starts again from the log."""
        with self.db.transaction():
            self.tracking.set_up()
            shapes = self.tracking.shapes()
            for model in self.models.values():
                if shapes[model.name] != model.version:
                    model.drop(self.db)
                    self.tracking.advance(model.name, 0)
                    self.tracking.changed()
                model.create(self.db)
                self.tracking.made_in(model.name, model.version)

    def catch_up(self, names: Sequence[str] | None = None, progress: ReportProgress | None = None) -> int:
        """Apply every event not yet applied; returns how many were applied."""
        chosen = [self.models[n] for n in (names or self.models)]
        applied = 0
        while True:
            with self.db.transaction():
                positions = self.tracking.positions(lock=True)
                start = min(positions[m.name] for m in chosen)
                events = self.read_log(start, self.batch_size)
                if not events:
                    return applied
                for model in chosen:
                    done = positions[model.name]
                    for event in events:
                        if event.position > done:
                            model.apply(self.db, "", event)
                    self.tracking.advance(model.name, events[-1].position)
                self.tracking.changed()
                if self.batch_pause:
                    time.sleep(self.batch_pause)
            applied += len(events)
            if progress is not None:
                progress(events[-1].position, applied)
