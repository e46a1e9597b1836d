"""Settings from the environment: where the event store lives, where to serve."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from service.library_hooks.eventsourcing import RECORDER_TOPIC

DEFAULT_DATABASE_URL = "sqlite:///var/inspections.sqlite"
CONNECT_TIMEOUT_SECONDS = 5
SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Store:
    """Where the event log and the read models live."""

    url: str
    kind: str  # "sqlite" or "postgres"
    sqlite_path: Path | None = None
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    dbname: str = ""
    schema: str = "public"

    def eventsourcing_env(self, *, stock_recorder: bool = False) -> dict[str, str]:
        """The environment the eventsourcing library reads its recorder from;
        on PostgreSQL, the recorder that sends rows as binary arrays unless
        `stock_recorder` (see service.library_hooks.eventsourcing)."""
        if self.kind == "sqlite":
            assert self.sqlite_path is not None
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": "10",
            }
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_SCHEMA": self.schema,
            # Tailing readers were seen to miss events with the library's
            # database functions enabled; keep them off.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "POSTGRES_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT_SECONDS),
            # The library opens its pool's minimum at once (5 by default), but
            # a process writes under one lock, one save at a time: two kept
            # and the library's overflow (10) for bursts of reads. Every API
            # process and worker spares the server three idle sessions.
            "POSTGRES_POOL_SIZE": "2",
        }
        if not stock_recorder:
            env["APPLICATION_RECORDER_TOPIC"] = RECORDER_TOPIC
        return env

    def connect_arguments(self) -> dict[str, Any]:
        """Keyword arguments for psycopg.connect to this PostgreSQL store."""
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password or None,
            "dbname": self.dbname,
        }

    def describe(self) -> str:
        if self.kind == "sqlite":
            return f"SQLite file {self.sqlite_path}"
        return f"PostgreSQL {self.user}@{self.host}:{self.port}/{self.dbname} schema {self.schema}"


def parse_database_url(url: str, setting: str = "DATABASE_URL") -> Store:
    """Read a DATABASE_URL (or another `setting` naming a store):
    `sqlite:///relative/path.sqlite`, `sqlite:////absolute/path.sqlite` or
    `postgresql://user[:password]@host[:port]/dbname[?schema=name]`."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path.startswith("/"):
            path = path[1:]
        if not path:
            raise SettingsError(f"{setting}: no file path in {url!r}")
        return Store(url=url, kind="sqlite", sqlite_path=Path(path))
    if parts.scheme in ("postgres", "postgresql"):
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname:
            raise SettingsError(f"{setting}: no database name in {url!r}")
        schema = parse_qs(parts.query).get("schema", ["public"])[0]
        if not SCHEMA_NAME.match(schema):
            raise SettingsError(
                f"{setting}: schema {schema!r} is not a plain name (letters, digits and _, not starting "
                "with a digit)"
            )
        return Store(
            url=url,
            kind="postgres",
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
            dbname=dbname,
            schema=schema,
        )
    raise SettingsError(
        f"{setting}: unsupported scheme {parts.scheme!r} in {url!r}; "
        "use sqlite:///path or postgresql://user@host:port/dbname"
    )


def parse_read_database_url(url: str, store: Store) -> Store:
    """Read READ_DATABASE_URL: a PostgreSQL streaming replica of `store` (the
    DATABASE_URL), which holds the same schema, since it is a copy of the
    whole cluster. SQLite has no replicas."""
    if store.kind == "sqlite":
        raise SettingsError(
            "READ_DATABASE_URL: SQLite has no replicas; unset READ_DATABASE_URL, or set DATABASE_URL "
            "to a PostgreSQL primary"
        )
    replica = parse_database_url(url, "READ_DATABASE_URL")
    if replica.kind != "postgres":
        raise SettingsError(f"READ_DATABASE_URL: must name a PostgreSQL replica (got {url!r})")
    if replica.schema != store.schema:
        raise SettingsError(
            f"READ_DATABASE_URL: schema {replica.schema!r} differs from DATABASE_URL's {store.schema!r}; "
            "a replica holds the primary's schema: name the same one (?schema=...)"
        )
    return replica


@dataclass(frozen=True)
class Settings:
    store: Store
    host: str
    port: int
    # READ_DATABASE_URL: a PostgreSQL streaming replica the read side reads
    # (see read_store); None reads everything from `store`.
    replica: Store | None = None
    cors_origins: tuple[str, ...] = ()
    # "in-process" (the embedded default) or "worker" (separate `inspections worker` processes).
    projections_in_process: bool = True
    create_tables: bool = True
    # Whole responses of queries kept while the read models are unchanged.
    response_cache: bool = True
    # PERSISTED_QUERIES=registered: only the queries under queries/ are run (an allow-list).
    registered_queries_only: bool = False
    # COMPILED_QUERIES=off: registered queries run through GraphQL like any
    # other, not from their compiled plans (service.api.compiled_answers).
    compiled_queries: bool = True
    # Stock parts instead of the ones that reach into a library's private
    # parts (see service/library_hooks/): strawberry's own executor and
    # validation; the eventsourcing library's own PostgreSQL recorder.
    stock_graphql_executor: bool = False
    stock_event_recorder: bool = False
    # PROMETHEUS_MULTIPROC_DIR: set for API processes serving side by side, so
    # that /metrics sums them all (service.adapters.metrics). prometheus_client
    # reads the variable itself when first imported; it is read here too so
    # that the HTTP app knows, and so that a missing directory is named at start.
    metrics_directory: Path | None = None

    @property
    def read_store(self) -> Store:
        """Where questions are answered from: the replica when there is one,
        else the store itself. Writes, projection workers and whatever must
        read its own write use `store`."""
        return self.replica or self.store

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        port_text = env.get("PORT", "8000")
        try:
            port = int(port_text)
        except ValueError:
            raise SettingsError(f"PORT: not a number ({port_text!r})") from None
        if not 0 <= port <= 65535:
            raise SettingsError(f"PORT: a TCP port runs from 0 to 65535 (got {port})")
        metrics_text = env.get("PROMETHEUS_MULTIPROC_DIR", "")
        metrics_directory = Path(metrics_text) if metrics_text else None
        if metrics_directory is not None and not metrics_directory.is_dir():
            raise SettingsError(f"PROMETHEUS_MULTIPROC_DIR: {metrics_directory} is not a directory")
        store = parse_database_url(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
        replica_url = env.get("READ_DATABASE_URL", "")
        return cls(
            store=store,
            replica=parse_read_database_url(replica_url, store) if replica_url else None,
            host=env.get("HOST", "127.0.0.1"),
            port=port,
            cors_origins=tuple(o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip()),
            projections_in_process=_choice(env, "PROJECTIONS", ("in-process", "worker")) == "in-process",
            create_tables=_choice(env, "CREATE_TABLES", ("y", "n")) == "y",
            response_cache=_choice(env, "RESPONSE_CACHE", ("on", "off")) == "on",
            registered_queries_only=_choice(env, "PERSISTED_QUERIES", ("automatic", "registered"))
            == "registered",
            compiled_queries=_choice(env, "COMPILED_QUERIES", ("on", "off")) == "on",
            stock_graphql_executor=_choice(env, "GRAPHQL_EXECUTOR", ("plain", "stock")) == "stock",
            stock_event_recorder=_choice(env, "EVENT_RECORDER", ("binary", "stock")) == "stock",
            metrics_directory=metrics_directory,
        )


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, allowed[0])
    if value not in allowed:
        raise SettingsError(f"{name}: must be one of {', '.join(allowed)} (got {value!r})")
    return value
