"""The pages for people: the authority timeline at `/`, the national view at
`/national`, their assets at `/static/…`, and GraphiQL's page (GET /graphql
from a browser), all served from files committed beside this module.

Every answer carries `Content-Security-Policy: default-src 'self'`: the
pages load nothing from elsewhere, run no inline script and read only
through same-origin `/graphql`, asking the registered queries the page's
manifest lists (service.api.page_queries).
"""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.page_queries import page_queries_route

STATIC = Path(__file__).resolve().parent / "static"
CONTENT_SECURITY_POLICY = "default-src 'self'"
# GraphiQL's stylesheet embeds its fonts as data: URIs; its page alone may load
# fonts so (and nothing else more than the others), or it falls back to system fonts
# with a refusal in the console for each.
GRAPHIQL_POLICY = "default-src 'self'; font-src 'self' data:"


async def _page(request: Request) -> Response:
    # One page serves both views; its script reads the path and the query.
    return FileResponse(STATIC / "page" / "index.html", media_type="text/html")


def graphiql_page() -> HTMLResponse:
    return HTMLResponse(
        (STATIC / "graphiql" / "index.html").read_text(encoding="utf-8"),
        headers={"content-security-policy": GRAPHIQL_POLICY},
    )


def page_routes() -> list[BaseRoute]:
    return [
        Route("/", _page, methods=["GET", "HEAD"]),
        Route("/national", _page, methods=["GET", "HEAD"]),
        page_queries_route(),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


class ContentSecurityPolicy:
    """Adds the policy to every HTTP answer that does not set its own."""

    def __init__(self, app: ASGIApp, policy: str = CONTENT_SECURITY_POLICY) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("content-security-policy", self.policy)
                headers.setdefault("x-content-type-options", "nosniff")
            await send(message)

        await self.app(scope, receive, send_with_policy)
