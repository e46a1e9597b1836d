"""API tokens on a real store: names are text the record accepts, once each."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.adapters.settings import Store
from service.adapters.stores import connect
from service.adapters.tokens import TokenError, Tokens


@pytest.fixture
def tokens(store: Store) -> Iterator[Tokens]:
    connection = connect(store)
    kept = Tokens(connection)
    kept.set_up()
    try:
        yield kept
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("name", "problem"),
    [("   ", "a token needs a name"), ("ana\x00", "contains control character U+0000 at offset 3")],
)
def test_a_name_the_record_could_not_hold_is_refused_and_nothing_is_stored(
    tokens: Tokens, name: str, problem: str
) -> None:
    with pytest.raises(TokenError) as refused:
        tokens.create(name, "editor")
    assert f"name: {problem}" in str(refused.value)
    assert list(tokens.listing()) == []


def test_a_name_is_stored_stripped_and_a_second_token_of_that_name_is_refused(tokens: Tokens) -> None:
    tokens.create("ana", "editor")
    with pytest.raises(TokenError, match="a token named 'ana' exists already"):
        tokens.create(" ana ", "recorder")
    assert [name for name, *_ in tokens.listing()] == ["ana"]
