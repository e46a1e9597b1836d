"""Sending GraphQL over HTTP as a front-end would, with variables."""

from __future__ import annotations

from typing import Any

import httpx


def graphql(client: httpx.Client, query: str, **variables: Any) -> dict[str, Any]:
    """The data of a query that must succeed: no `errors` in the response."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def graphql_errors(client: httpx.Client, query: str, **variables: Any) -> list[str]:
    """The error messages of a query that must fail."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    assert body.get("errors"), body
    return [error["message"] for error in body["errors"]]


def read_your_write(client: httpx.Client, body: dict[str, Any]) -> None:
    """Wait, as the API documents, until the read models reflect a write's
    answer (its `extensions.position`): with separate workers they may not yet."""
    graphql(
        client,
        "query W($p: Int) { events(first: 0, minPosition: $p) { pageInfo { hasNextPage } } }",
        p=body["extensions"]["position"],
    )
