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
from service.adapters.replication import ReplicaLag, check_replica, replica_lag
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
    # Where questions are answered from: a streaming replica of `store`
    # (READ_DATABASE_URL), or `store` itself.
    read_store: Store
    records: InspectionRecords
    recording: Recording
    # What the log records of a document: a write's answer, read on the primary.
    recorded: RecordedDocuments
    # The read side as it stands (health, waiting on positions, tools) and
    # read through snapshots, one per answer (the API); on the read store.
    questions: Questions
    reading: Reading
    projector: Projector
    rebuilder: Rebuilder
    tokens: Tokens
    # The log itself, on the primary: its head is what has been written.
    log: LogReader
    projections_in_process: bool
    connections: tuple[Connection, ...]
    snapshots: SnapshotPool
    # Statements run on the event loop: compiled registered queries and the
    # response cache's version check (service.adapters.answer_reads).
    answers: AnswerReads
    # The primary's and the replica's connections, when reads go to a replica.
    replication: tuple[Connection, Connection] | None = None

    def replica_lag(self) -> ReplicaLag | None:
        """How far the replica's replay is behind the primary; None without one."""
        if self.replication is None:
            return None
        return replica_lag(*self.replication)

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.snapshots.close()
        self.records.close()


def open_service(
    store: Store,
    *,
    read_store: Store | None = None,
    create_tables: bool = True,
    projections_in_process: bool = True,
    stock_recorder: bool = False,
) -> Service:
    """Open the store. With `create_tables`, create whatever tables are
    missing; processes started beside others pass False, once a single
    `inspections setup` has created them, so that they never race to.

    `read_store`, a streaming replica of `store`, answers the questions
    (snapshots, positions for minPosition, health); writes, the projector,
    tokens and a write's answer stay on `store`, which alone holds what was
    just written."""
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
    primary_questions = Questions(query_db, projector.tracking)
    tokens = Tokens(query_db)
    if create_tables:
        log.set_up(store.schema)
        projector.set_up()
        tokens.set_up()
    questions_log = LogReader(query_db, records)
    connections: tuple[Connection, ...] = (projection_db, query_db)
    questions, replication = primary_questions, None
    read_store = read_store or store
    if read_store != store:
        try:
            replica_db = connect(read_store)
            connections += (replica_db,)
            check_replica(query_db, replica_db, store, read_store)
        except BaseException:
            for connection in connections:
                connection.close()
            records.close()
            raise
        questions = Questions(replica_db, Tracking(replica_db, names))
        replication = (query_db, replica_db)
    # The read side's store (a replica, when one is named): snapshots and answers read it.
    snapshots = SnapshotPool(lambda: connect(read_store, reading=True), projection_db.dialect)
    answers = answer_reads(read_store, snapshots)
    recording = Recording(
        records,
        # A correction finds its document on the primary, beside the write.
        document_of_judgement=primary_questions.document_of_judgement,
        after_write=projector.catch_up if projections_in_process else lambda: None,
        appended=METRICS.count_appended,
    )
    return Service(
        store=store,
        read_store=read_store,
        records=records,
        recording=recording,
        recorded=RecordedDocuments(questions_log.events_of),
        questions=questions,
        reading=Reading(snapshots, names),
        projector=projector,
        rebuilder=Rebuilder(projector, read_log=questions_log.page),
        tokens=tokens,
        log=questions_log,
        projections_in_process=projections_in_process,
        connections=connections,
        snapshots=snapshots,
        answers=answers,
        replication=replication,
    )


def service_from_environment() -> tuple[Settings, Service]:
    settings = Settings.from_environment()
    return settings, open_service(
        settings.store,
        read_store=settings.read_store,
        create_tables=settings.create_tables,
        projections_in_process=settings.projections_in_process,
        stock_recorder=settings.stock_event_recorder,
    )
