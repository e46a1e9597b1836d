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
import time
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from service.adapters.settings import Settings
from service.cli.parsing import positive_whole, subcommand

if TYPE_CHECKING:
    from websockets.sync.client import ClientConnection

SUBSCRIPTION = "watch"
# How long to wait, when stopping, for the server to answer a ping.
STOP_SECONDS = 5.0
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
    """A cursor as the feed takes it: a position is turned into one; anything
    else goes as it is, for the server to accept or refuse."""
    # Imported here: GraphQL takes longer to import than most commands take to run.
    from service.api.graphql.event import MAX_POSITION_DIGITS, event_cursor

    # Checked before int() reads it: past 4,300 digits int() raises.
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_POSITION_DIGITS):
        return text

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
            ws.send(json.dumps({"id": SUBSCRIPTION, "type": "subscribe", "payload": subscribe}))
            try:
                return _print_events(ws, limit)
            finally:
                with suppress(OSError, TimeoutError, WebSocketException):
                    stop_following(ws, SUBSCRIPTION)
    except (OSError, WebSocketException) as error:
        print(f"inspections watch: cannot follow {url}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


def _print_events(ws: ClientConnection, limit: int | None) -> int:
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
    return 0


def stop_following(ws: ClientConnection, subscription: str) -> None:
    """Complete a subscription, then read what the server sent before it
    stopped, up to its answer to a ping, so that closing takes no time.

    A websockets client stops reading the socket while more than 16 messages
    wait unread (its flow control), and so never reads the server's answer to
    its close frame: a client that closes in the middle of a backlog waits 10 s
    and gives up with 1006. The server handles complete and ping in order, so
    after the pong at most a message already on its way can follow."""
    ws.send(json.dumps({"id": subscription, "type": "complete"}))
    ws.send(json.dumps({"type": "ping"}))
    deadline = time.monotonic() + STOP_SECONDS
    while json.loads(ws.recv(timeout=max(0.0, deadline - time.monotonic()))).get("type") != "pong":
        pass


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
