"""Settings come from the environment; a bad one is named with what is wrong."""

from __future__ import annotations

import pytest

from service.adapters.settings import Settings, SettingsError


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"PORT": "eighty"}, "PORT: not a number ('eighty')"),
        ({"PORT": "99999"}, "PORT: a TCP port runs from 0 to 65535 (got 99999)"),
        ({"PORT": "-1"}, "PORT: a TCP port runs from 0 to 65535 (got -1)"),
        ({"PROJECTIONS": "sometimes"}, "PROJECTIONS"),
        ({"DATABASE_URL": "mysql://localhost/x"}, "DATABASE_URL"),
        (
            {"PROMETHEUS_MULTIPROC_DIR": "/nonexistent/metrics"},
            "PROMETHEUS_MULTIPROC_DIR: /nonexistent/metrics is not a directory",
        ),
        (
            {"READ_DATABASE_URL": "postgresql://postgres@127.0.0.1:5433/test"},
            "READ_DATABASE_URL: SQLite has no replicas",
        ),
        (
            {
                "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test?schema=records",
                "READ_DATABASE_URL": "postgresql://postgres@127.0.0.1:5433/test?schema=other",
            },
            "READ_DATABASE_URL: schema 'other' differs from DATABASE_URL's 'records'",
        ),
        (
            {
                "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
                "READ_DATABASE_URL": "sqlite:///var/copy.sqlite",
            },
            "READ_DATABASE_URL: must name a PostgreSQL replica",
        ),
        (
            {"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test", "READ_DATABASE_URL": "mysql://x/y"},
            "READ_DATABASE_URL: unsupported scheme 'mysql'",
        ),
    ],
)
def test_a_bad_setting_is_refused_by_name(environment: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_environment(environment)
    assert message in str(refused.value)


def test_the_defaults_serve_an_embedded_store_on_the_loopback_port_8000() -> None:
    settings = Settings.from_environment({})
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.store.url.startswith("sqlite:")
    assert settings.projections_in_process
    assert settings.metrics_directory is None
    assert settings.read_store == settings.store


def test_read_database_url_points_the_read_side_at_a_replica_of_the_same_database_and_schema() -> None:
    settings = Settings.from_environment(
        {
            "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test?schema=records",
            "READ_DATABASE_URL": "postgresql://reader@127.0.0.1:5433/test?schema=records",
        }
    )
    assert (settings.store.port, settings.read_store.port) == (5432, 5433)
    assert (settings.read_store.user, settings.read_store.schema) == ("reader", "records")
