"""Contracts of the library internals the service relies on (service/library_hooks/).

One check per hook, named after it. After an upgrade a failure here names the
hook that broke and what it no longer does, before anything else fails
mysteriously; the hook's module says how to run without it.

(About 300 lines: the hook modules name this one file as the place
where every contract of every library is checked.)
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, cast

import graphql
import pytest
import strawberry
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder
from graphql import GraphQLObjectType, GraphQLSchema
from graphql.execution.executor import Executor as ExecutionContext

from domain.authorities import Authority
from projections.database import PostgresConnection
from service.adapters.settings import Store
from service.adapters.stores import connect, open_records
from service.application.documents import Attribution
from service.library_hooks import eventsourcing as eventsourcing_hooks
from service.library_hooks import psycopg as psycopg_hooks
from service.library_hooks import strawberry as strawberry_hooks
from service.library_hooks import uvicorn as uvicorn_hooks
from service.library_hooks.postgres_recorder import BinaryRowsRecorder
from tests.conftest import postgres_store
from tests.unit.test_plain_fields_executor import Query


@contextmanager
def hook(name: str) -> Iterator[None]:
    """Report any failure inside as a broken contract of the named hook."""
    try:
        yield
    except Exception as error:
        pytest.fail(f"library hook {name!r} no longer holds: {type(error).__name__}: {error}", pytrace=False)


def takes(function: Callable[..., Any], *expected: str) -> None:
    found = list(inspect.signature(function).parameters)
    assert found == list(expected), f"{function.__qualname__} takes {found}, not {list(expected)}"


# eventsourcing --------------------------------------------------------------


def test_stamp(store: Store) -> None:
    records = open_records(store)
    try:
        with hook("stamp"):
            authority = Authority.register(gss_code_value="E08000007", name="Stockport")
            event = authority.pending_events[0]
            eventsourcing_hooks.stamp(event, recorded_by="ana", recorded_via="a contract test")
            read_back = records.mapper.to_domain_event(records.mapper.to_stored_event(event))
            assert getattr(read_back, "recorded_by", None) == "ana", "the stamp was not stored with the event"
            # And through a real save and read.
            records.save_attributed([(authority, Attribution("ana", "a contract test"))])
            (stored,) = records.events.get(authority.id)
            assert getattr(stored, "recorded_via", None) == "a contract test"
    finally:
        records.close()


def test_BinaryRowsRecorder() -> None:
    with hook("BinaryRowsRecorder"):
        takes(PostgresApplicationRecorder._insert_stored_events, "self", "curs", "stored_events", "kwargs")
        takes(PostgresApplicationRecorder._lock_table, "self", "curs")
        takes(PostgresApplicationRecorder._notify_channel, "self", "curs")
        assert "self._insert_stored_events(" in inspect.getsource(
            PostgresApplicationRecorder.insert_events
        ), "insert_events no longer calls _insert_stored_events"
        assert "self._lock_table(curs)" in inspect.getsource(
            PostgresApplicationRecorder._insert_stored_events
        )
        assert "self.insert_events_statement" in inspect.getsource(PostgresAggregateRecorder.__init__)


@pytest.mark.postgres
def test_BinaryRowsRecorder_saves_what_the_stock_recorder_reads(postgres_database: str) -> None:
    from tests.conftest import postgres_store

    store = postgres_store(postgres_database)
    binary, stock = open_records(store), open_records(store, stock_recorder=True)
    try:
        with hook("BinaryRowsRecorder"):
            assert isinstance(binary.recorder, BinaryRowsRecorder)
            assert type(stock.recorder) is PostgresApplicationRecorder
            authority = Authority.register(gss_code_value="E08000007", name="Stockport")
            position = binary.save_attributed([(authority, Attribution("ana", "a contract test"))])
            assert position == stock.log_position() == 1
            assert stock.authority("E08000007") is not None
    finally:
        binary.close()
        stock.close()


def test_stored_events(store: Store) -> None:
    records = open_records(store)
    db = connect(store)
    try:
        with hook("stored_events"):
            stockport = Authority.register(gss_code_value="E08000007", name="Stockport")
            records.save_attributed([(stockport, Attribution("a", "b"))])
            table = eventsourcing_hooks.stored_events(records, db.dialect)
            (row,) = db.execute(
                f"SELECT {table.position}, {', '.join(table.columns)} FROM {table.name}"
                f" WHERE {table.columns[0]} = ?",
                (table.stored_id(stockport.id),),
            )
            assert row[0] == 1 and row[2] == 1, "the log's position or version column moved"
    finally:
        db.close()
        records.close()


@pytest.mark.postgres
def test_notification_channel(postgres_database: str) -> None:
    import psycopg

    from tests.conftest import postgres_store

    store = postgres_store(postgres_database)
    records = open_records(store)
    try:
        with hook("notification_channel"):
            channel = eventsourcing_hooks.notification_channel(records)
            assert channel, "the PostgreSQL recorder names no channel"
            with psycopg.connect(autocommit=True, **store.connect_arguments()) as listener:
                listener.execute(f'LISTEN "{channel}"')
                records.save_attributed(
                    [
                        (
                            Authority.register(gss_code_value="E08000007", name="Stockport"),
                            Attribution("a", "b"),
                        )
                    ]
                )
                heard = list(listener.notifies(timeout=5, stop_after=1))
                assert heard, f"nothing was notified on {channel!r} when events were inserted"
    finally:
        records.close()


# strawberry and graphql-core -------------------------------------------------


# The small schema the plain-fields executor's own tests use: a list of
# judgements, each with plain fields and one resolver (`shouted`).
ContractQuery = Query


def test_CoreExecutionContext() -> None:
    with hook("CoreExecutionContext"):
        assert issubclass(strawberry_hooks.CoreExecutionContext, ExecutionContext)
        schema = strawberry.Schema(
            ContractQuery, execution_context_class=strawberry_hooks.CoreExecutionContext
        )
        answer = schema.execute_sync("{ judgements { area } }").data
        assert answer == {"judgements": [{"area": "being_healthy"}, {"area": "staying_safe"}]}


class Watching(strawberry_hooks.CoreExecutionContext):
    """strawberry's execution context, telling `seen` what each call of
    execute_fields was given and what collect_subfields made of the root."""

    seen: ClassVar[list[tuple[Any, ...]]] = []

    def execute_fields(self, *given: Any) -> Any:
        path, grouped_field_set = given[2], given[3]
        collected = None
        if path is None:
            judgement_type = cast(GraphQLObjectType, self.schema.type_map["Judgement"])
            collected = self.collect_subfields(judgement_type, grouped_field_set["judgements"])
        self.seen.append((path, collected, self.fragments, self.middleware_manager, self.is_awaitable))
        return super().execute_fields(*given)


def watched(query: str) -> list[tuple[Any, ...]]:
    Watching.seen = []
    result = strawberry.Schema(ContractQuery, execution_context_class=Watching).execute_sync(query)
    assert result.errors is None, result.errors
    return Watching.seen


def test_ExecutionContext_execute_fields() -> None:
    with hook("ExecutionContext.execute_fields"):
        takes(
            ExecutionContext.execute_fields,
            "self",
            "parent_type",
            "source_value",
            "path",
            "grouped_field_set",
            "position_context",
        )
        paths = [seen[0] for seen in watched("{ judgements { area } }")]
        assert paths[0] is None and len(paths) == 3, "not called once for the root and once per object"


def test_ExecutionContext_collect_subfields() -> None:
    with hook("ExecutionContext.collect_subfields"):
        root = watched("{ judgements { area shouted } }")[0]
        grouped, defer_usages = root[1][0], root[1][1]
        assert list(grouped) == ["area", "shouted"] and not defer_usages
        assert callable(root[4])


def test_collect_fields_types() -> None:
    from graphql.execution.collect_fields import FieldDetails

    with hook("collect_fields types"):
        assert strawberry_hooks.FieldDetailsList is not None and strawberry_hooks.GroupedFieldSet is not None
        assert strawberry_hooks.FragmentDetails._fields[:1] == ("definition",)
        assert FieldDetails._fields == ("node", "defer_usage", "fragment_variable_values")


def test_DEFINITION_BACKREF() -> None:
    with hook("DEFINITION_BACKREF"):
        core = strawberry_hooks.core_schema(strawberry.Schema(ContractQuery))
        judgement = core.type_map["Judgement"]
        assert isinstance(judgement, graphql.GraphQLObjectType)
        # The GraphQL name is areaLabel; the attribute read is the Python name.
        assert strawberry_hooks.plain_attribute(judgement.fields["areaLabel"]) == "area_label"
        assert strawberry_hooks.plain_attribute(judgement.fields["shouted"]) is None, (
            "a resolver was taken as plain"
        )


def test_Schema__schema() -> None:
    with hook("Schema._schema"):
        assert isinstance(strawberry_hooks.core_schema(strawberry.Schema(ContractQuery)), GraphQLSchema)


def test_every_listed_hook_has_a_contract_test_here() -> None:
    names = {name for name in globals() if name.startswith("test_")}
    every = (*eventsourcing_hooks.HOOKS, *strawberry_hooks.HOOKS, *uvicorn_hooks.HOOKS, *psycopg_hooks.HOOKS)
    for listed in every:
        expected = "test_" + listed.replace(".", "_").replace(" ", "_")
        assert expected in names, f"library hook {listed!r} has no contract test {expected}"


def test_the_settings_choose_the_stock_parts_instead_of_the_hooks() -> None:
    from service.adapters.settings import Settings

    postgres = "postgresql://postgres@127.0.0.1:5432/test"
    chosen = Settings.from_environment(
        {"DATABASE_URL": postgres, "GRAPHQL_EXECUTOR": "stock", "EVENT_RECORDER": "stock"}
    )
    assert chosen.stock_graphql_executor and chosen.stock_event_recorder
    assert "APPLICATION_RECORDER_TOPIC" not in chosen.store.eventsourcing_env(stock_recorder=True)
    default = Settings.from_environment({"DATABASE_URL": postgres})
    assert not default.stock_graphql_executor and not default.stock_event_recorder
    topic = default.store.eventsourcing_env()["APPLICATION_RECORDER_TOPIC"]
    assert topic == eventsourcing_hooks.RECORDER_TOPIC


def test_create_validator() -> None:
    from graphql import parse, validate

    with hook("create_validator"):
        depth, aliases = strawberry_hooks.limit_rules(1, 1)
        core = strawberry_hooks.core_schema(strawberry.Schema(ContractQuery))
        assert validate(core, parse("{ judgements { grade { raw } } }"), (depth,)), "depth not limited"
        assert validate(core, parse("{ a: judgements { area } b: judgements { area } }"), (aliases,))
        assert validate(core, parse("{ judgements { area } }"), (depth, aliases)) == []


def test_the_stock_executor_needs_none_of_the_strawberry_hooks() -> None:
    import subprocess
    import sys

    # A process that cannot import the hooks module still builds the stock schema.
    code = (
        "import sys; sys.modules['service.library_hooks.strawberry'] = None\n"
        "from service.api.graphql.schema import build_schema\n"
        "print(build_schema(stock=True).execute_sync('{ frameworks { key } }').data['frameworks'][0])"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert "apa" in completed.stdout


# psycopg --------------------------------------------------------------------


@pytest.mark.postgres
def test_PIPELINE_PAUSE(postgres_database: str) -> None:
    """A COPY between pipelined statements of one transaction, as a rebuild
    streams rows; and without the hook, the same rows as INSERTs of arrays."""
    store = postgres_store(postgres_database)
    for pause in (psycopg_hooks.PIPELINE_PAUSE, None):
        db = PostgresConnection(store.schema, pipeline_pause=pause, **store.connect_arguments())
        try:
            with hook("PIPELINE_PAUSE"):
                db.execute("DROP TABLE IF EXISTS streamed")
                db.execute("CREATE TABLE streamed (n BIGINT PRIMARY KEY, word TEXT)")
                with db.transaction():
                    db.write("INSERT INTO streamed VALUES (?, ?)", (1, "one"))
                    db.insert_many("streamed", ["n", "word"], [(2, "two"), (3, None)], streamed=True)
                    db.write("UPDATE streamed SET word = ? WHERE n = ?", ("three", 3))
                    db.insert_many("streamed", ["n", "word"], [(4, "four")], streamed=True)
                rows = [tuple(row) for row in db.execute("SELECT n, word FROM streamed ORDER BY n")]
                assert rows == [(1, "one"), (2, "two"), (3, "three"), (4, "four")]
        finally:
            db.close()


# uvicorn --------------------------------------------------------------------


def _nagle_off_after_three_requests(http: str, loop: str = "asyncio") -> list[bool]:
    import httpx
    from starlette.responses import PlainTextResponse

    from tests.e2e.uvicorn_workers import nagle_off, served_as_a_worker_process

    with (
        served_as_a_worker_process(PlainTextResponse("ok"), http, loop) as (base, server),
        httpx.Client(base_url=base) as client,
    ):
        assert [client.get("/").text for _ in range(3)] == ["ok"] * 3
        return nagle_off(server)


def _served_protocol(protocol: Any, served: type) -> None:
    """The contract of a protocol the hooks extend, and that the stock one
    still leaves Nagle on under --workers (else the hook can go)."""
    takes(protocol.connection_made, "self", "transport")
    takes(protocol.data_received, "self", "data")
    takes(protocol.on_response_complete, "self")
    takes(protocol.connection_lost, "self", "exc")
    takes(protocol.pause_writing, "self")
    takes(protocol.resume_writing, "self")
    source = inspect.getsource(protocol)
    assert "self.cycle = RequestResponseCycle(" in source, "a request's cycle is no longer its `cycle`"
    assert "self.loop" in source and "self.transport = transport" in source
    assert issubclass(served, protocol)
    for loop in ("asyncio", "uvloop"):
        assert _nagle_off_after_three_requests(f"service.library_hooks.uvicorn:{served.__name__}", loop) == [
            True
        ]


def test_ServedHttpToolsProtocol() -> None:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    with hook("ServedHttpToolsProtocol"):
        _served_protocol(HttpToolsProtocol, uvicorn_hooks.ServedHttpToolsProtocol)
        assert uvicorn_hooks.SERVED_HTTP.endswith(":ServedHttpToolsProtocol")
    # uvloop turns Nagle off on every TCP socket it accepts, whatever the
    # listening socket's proto; asyncio does not, on either protocol.
    assert _nagle_off_after_three_requests("httptools", "uvloop") == [True]
    assert _nagle_off_after_three_requests("httptools") == [False], (
        "uvicorn's httptools protocol now turns Nagle's algorithm off under --workers by itself: "
        "that part of the hook ServedHttpToolsProtocol (service/library_hooks/uvicorn.py) can go"
    )


def test_ServedH11Protocol() -> None:
    from uvicorn.protocols.http.h11_impl import H11Protocol

    with hook("ServedH11Protocol"):
        _served_protocol(H11Protocol, uvicorn_hooks.ServedH11Protocol)
    assert _nagle_off_after_three_requests("h11") == [False], (
        "uvicorn now turns Nagle's algorithm off under --workers by itself: "
        "that part of the hook ServedH11Protocol (service/library_hooks/uvicorn.py) can go"
    )
