"""The page's queries, as the page learns them: `GET /queries/page.json`.

`queries/page/*.graphql` is the one source of the page's questions (one
operation a file, the file named after it). This route serves them to the
page by name, each with the SHA-256 it is registered under (the browser
cannot hash outside a secure context) and its text, read when the API starts,
as the registry is (service.api.persisted_queries). The page sends the hash
alone, by GET, and the text only when the server it meets answers
`PERSISTED_QUERY_NOT_FOUND`.

The manifest changes only with a deployment: `no-cache` with an ETag, so a
browser keeps it and asks whether it changed with a 304's worth of bytes.
"""

from __future__ import annotations

from pathlib import Path

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from service.api.http_caching import REVALIDATE, entity_tag, revalidated
from service.api.persisted_queries import QUERIES, query_file_text, query_hash

PAGE_QUERIES = QUERIES / "page"
MANIFEST_PATH = "/queries/page.json"


def page_queries(directory: Path = PAGE_QUERIES) -> dict[str, dict[str, str]]:
    """Each `.graphql` file of the directory by its name: its hash and text,
    read as the registry reads them, so the hashes are the registered ones."""
    return {
        path.stem: {"sha256": query_hash(text), "text": text}
        for path, text in ((p, query_file_text(p)) for p in sorted(directory.glob("*.graphql")))
    }


def page_queries_route(directory: Path = PAGE_QUERIES) -> Route:
    body = orjson.dumps(page_queries(directory))
    tag = entity_tag(body, "application/json", None)
    headers = {"etag": tag.decode(), "cache-control": REVALIDATE.decode()}

    async def manifest(request: Request) -> Response:
        if revalidated(request.scope, tag):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)

    return Route(MANIFEST_PATH, manifest, methods=["GET", "HEAD"])
