"""`inspections watch`: print new events as a running server records them.

Follow the live feed of a running server (graphql-transport-ws) and print
each event as one JSON object per line, from the start of the log or after
a position or cursor. Stop with Ctrl-C.

examples:
  inspections watch --after 288
  inspections watch --after ZXZlbnQ6Mjg4 --limit 3
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from service.adapters.settings import Settings
from service.cli.parsing import positive_whole, subcommand

FEED = (
    "subscription Feed($after: String) { events(after: $after) "
    "{ position cursor type recordedAt recordedBy recordedVia payload } }"
)


def add_command(commands: Any) -> None:
    command = subcommand(commands, "watch", run, __doc__)
    command.add_argument("--url", help="the server's GraphQL websocket (default ws://HOST:PORT/graphql)")
    command.add_argument(
        "--after",
        type=_cursor,
        help="a log position or an event cursor to start after (default: the start of the log)",
    )
    command.add_argument("--limit", type=positive_whole, help="stop after this many events")


def _cursor(text: str) -> str:
    """A cursor as the feed takes it: a position is turned into one."""
    if not (text.isascii() and text.isdigit()):
        return text
    # Imported here: GraphQL takes longer to import than most commands take to run.
    from service.api.graphql.event import event_cursor

    return event_cursor(int(text))


def run(settings: Settings, args: argparse.Namespace) -> int:
    url = args.url or f"ws://{settings.host}:{settings.port}/graphql"
    return watch(url, args.after, args.limit)


def watch(url: str, after: str | None, limit: int | None) -> int:
    # Imported here: only this command needs a websocket client.
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect
    from websockets.typing import Subprotocol

    try:
        with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
            ws.send(json.dumps({"type": "connection_init"}))
            json.loads(ws.recv())
            subscribe = {"query": FEED, "variables": {"after": after}}
            ws.send(json.dumps({"id": "watch", "type": "subscribe", "payload": subscribe}))
            seen = 0
            while limit is None or seen < limit:
                message = json.loads(ws.recv())
                refusal = _refusal(message)
                if refusal is not None:
                    print(f"inspections watch: {refusal}", file=sys.stderr)
                    return 1
                if message.get("type") == "next":
                    print(json.dumps(message["payload"]["data"]["events"], ensure_ascii=False), flush=True)
                    seen += 1
    except (OSError, WebSocketException) as error:
        print(f"inspections watch: cannot follow {url}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


def _refusal(message: dict[str, Any]) -> str | None:
    """The server's refusal in a message, as its error messages joined; None if it is none."""
    payload = message.get("payload")
    if message.get("type") == "error":
        errors = payload if isinstance(payload, list) else [payload]
    elif isinstance(payload, dict) and payload.get("errors"):
        errors = payload["errors"]
    else:
        return None
    return "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors)
