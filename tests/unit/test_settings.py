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
