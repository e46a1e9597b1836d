"""The registered queries under queries/: each one operation, named as its
file, valid against the schema the API serves; and the page asks those of
queries/page/, by name, and holds no query text of its own."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from service.api.pages import STATIC
from service.api.persisted_queries import QUERIES, registered_queries

if TYPE_CHECKING:
    from graphql import GraphQLSchema

PAGE_SCRIPTS = STATIC / "page"
# A call of the page's one way of asking, with the query's name written out.
ASKED_BY_NAME = re.compile(r'\bask\(\s*"(\w+)"')
ASKED = re.compile(r"(?<!function )\bask\(")
# The start of an operation, as a query text in a script would have it.
OPERATION_TEXT = re.compile(r"\b(query|mutation|subscription)\b\s*\w*\s*[({]")


@cache
def served_schema() -> GraphQLSchema:
    """The schema the API serves, as `inspections schema` prints it (and docs/schema.graphql holds)."""
    from graphql import build_schema as from_sdl

    from service.api.graphql.schema import build_schema

    return from_sdl(build_schema().as_str())


def test_every_registered_query_is_one_operation_named_as_its_file_and_valid_against_the_schema() -> None:
    from graphql import OperationDefinitionNode, parse, validate

    files = sorted(QUERIES.rglob("*.graphql"))
    assert len(files) >= 12
    for path in files:
        document = parse(path.read_text())
        (operation,) = document.definitions
        assert isinstance(operation, OperationDefinitionNode), path
        # The comparison kit's query is its text byte for byte, and the kit sends it unnamed.
        name = operation.name.value if operation.name else None
        assert name == path.stem or (path.parent.name == "anchors" and name is None), path
        assert validate(served_schema(), document) == [], path
    assert len(registered_queries()) == len(files), "two files hold the same text"


def test_the_page_asks_by_name_every_query_of_queries_page_and_no_other() -> None:
    scripts = {p.name: p.read_text(encoding="utf-8") for p in sorted(PAGE_SCRIPTS.glob("*.js"))}
    asked = {name for text in scripts.values() for name in ASKED_BY_NAME.findall(text)}
    for script, text in scripts.items():
        assert len(ASKED.findall(text)) == len(ASKED_BY_NAME.findall(text)), (
            f"{script} asks a query not named by a string literal"
        )
    assert asked == {p.stem for p in (QUERIES / "page").glob("*.graphql")}


def test_no_script_of_the_page_holds_a_query_text() -> None:
    for path in sorted(PAGE_SCRIPTS.glob("*.js")):
        found = OPERATION_TEXT.search(path.read_text(encoding="utf-8"))
        assert found is None, f"{path.name}: {found and found.group(0)!r}; queries live in queries/page/"


def test_a_query_file_with_crlf_line_ends_is_registered_under_the_hash_of_its_bytes(tmp_path: Path) -> None:
    text = "query Crlf {\r\n  frameworks { key }\r\n}\r\n"
    (tmp_path / "Crlf.graphql").write_bytes(text.encode())

    assert registered_queries(tmp_path) == {hashlib.sha256(text.encode()).hexdigest(): text}
