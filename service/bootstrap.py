"""The composition root: the one place that wires store, write path, read
models and read side together. It decides nothing; entry points (service.cli,
service.api) say what to do with what it wires."""

from __future__ import annotations

from dataclasses import dataclass

from projections.database import Connection
from projections.projector import Projector
from projections.rebuilding import Rebuilder
from projections.registry import read_models
from projections.tracking import Tracking
from service.adapters.answer_reads import AnswerReads, answer_reads
from service.adapters.log_reader import LogReader
from service.adapters.metrics import METRICS
from service.adapters.settings import Settings, Store
from service.adapters.snapshots import SnapshotPool
from service.adapters.stores import connect, open_records
from service.adapters.tokens import Tokens
from service.application.questions import Questions, Reading
from service.application.recorded_documents import RecordedDocuments
from service.application.recording import Recording
from service.application.records import InspectionRecords


@dataclass
class Service:
    """Everything a process needs. In the embedded mode the read models are
    kept by this process: its writes bring them up to date before answering."""

    store: Store
    records: InspectionRecords
    recording: Recording
    # What the log records of a document: a write's answer.
    recorded: RecordedDocuments
    # The read side as it stands (tools, health, waiting on positions) and
    # read through snapshots, one per answer (the API).
    questions: Questions
    reading: Reading
    projector: Projector
    rebuilder: Rebuilder
    tokens: Tokens
    log: LogReader
    projections_in_process: bool
    connections: tuple[Connection, ...]
    snapshots: SnapshotPool
    # Statements run on the event loop: compiled registered queries and the
    # response cache's version check (service.adapters.answer_reads).
    answers: AnswerReads

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.snapshots.close()
        self.records.close()


def open_service(
    store: Store,
    *,
    create_tables: bool = True,
    projections_in_process: bool = True,
    stock_recorder: bool = False,
) -> Service:
    """Open the store. With `create_tables`, create whatever tables are
    missing; processes started beside others pass False, once a single
    `inspections setup` has created them, so that they never race to."""
    # Projection writes and questions each have their own connection, so that
    # a long batch never holds up a reader on SQLite's connection lock. They
    # are opened first: a database that cannot be reached refuses them at
    # once, where the event store's pool would wait out its timeout (5 s),
    # so a worker starting again after an outage finds the database back sooner.
    projection_db, query_db = connect(store), connect(store)
    try:
        records = open_records(store, create_tables=create_tables, stock_recorder=stock_recorder)
    except BaseException:
        projection_db.close()
        query_db.close()
        raise
    models = read_models()
    names = [model.name for model in models]
    log = LogReader(projection_db, records)
    projector = Projector(projection_db, log.page, models, Tracking(projection_db, names))
    # Positions and versions are read on the projector's connection, sparing
    # the questions' own connection (one lock on SQLite) a statement per request.
    questions = Questions(query_db, projector.tracking)
    tokens = Tokens(query_db)
    if create_tables:
        log.set_up(store.schema)
        projector.set_up()
        tokens.set_up()
    questions_log = LogReader(query_db, records)
    # The read side's store: snapshots and answers read it.
    snapshots = SnapshotPool(lambda: connect(store, reading=True), projection_db.dialect)
    answers = answer_reads(store, snapshots)
    recording = Recording(
        records,
        document_of_judgement=questions.document_of_judgement,
        after_write=projector.catch_up if projections_in_process else lambda: None,
        appended=METRICS.count_appended,
    )
    return Service(
        store=store,
        records=records,
        recording=recording,
        recorded=RecordedDocuments(questions_log.events_of),
        questions=questions,
        reading=Reading(snapshots, names),
        projector=projector,
        rebuilder=Rebuilder(projector),
        tokens=tokens,
        log=questions_log,
        projections_in_process=projections_in_process,
        connections=(projection_db, query_db),
        snapshots=snapshots,
        answers=answers,
    )


def service_from_environment() -> tuple[Settings, Service]:
    settings = Settings.from_environment()
    return settings, open_service(
        settings.store,
        create_tables=settings.create_tables,
        projections_in_process=settings.projections_in_process,
        stock_recorder=settings.stock_event_recorder,
    )
