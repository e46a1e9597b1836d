"""Opaque cursors and page info for connections."""

from __future__ import annotations

import base64
import binascii

import strawberry

from service.application.questions import QueryError

MAX_PAGE = 500
# The longest cursor issued here, an inspection's, is 80 characters; anything
# much longer is refused before it is decoded.
MAX_CURSOR_LENGTH = 128
# How much of a refused cursor the refusal repeats.
SHOWN_OF_A_CURSOR = 40


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


def encode_cursor(kind: str, *parts: str) -> str:
    return base64.urlsafe_b64encode(":".join((kind, *parts)).encode()).decode()


def decode_cursor(cursor: str, kind: str, parts: int, argument: str = "after") -> list[str]:
    """The parts of a cursor of `kind`, in ASCII, if the cursor is exactly the
    text `encode_cursor` makes of them (so no padding dropped, no alphabet
    mixed, nothing around it), or a clear refusal. The caller checks that each
    part is written as it writes them."""
    if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
        raise cursor_refused(cursor, argument)
    try:
        decoded = base64.urlsafe_b64decode(cursor).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        raise cursor_refused(cursor, argument) from None
    fields = decoded.split(":", parts)
    if len(fields) != parts + 1 or fields[0] != kind or encode_cursor(*fields) != cursor:
        raise cursor_refused(cursor, argument)
    return fields[1:]


def cursor_refused(cursor: str, argument: str = "after") -> QueryError:
    shown = repr(cursor[:SHOWN_OF_A_CURSOR])
    if len(cursor) > SHOWN_OF_A_CURSOR:
        shown = f"{len(cursor):,} characters starting {shown}"
    return QueryError(argument, f"not a cursor this API issued for this list (got {shown})")


def page_size(first: int) -> int:
    if not 0 <= first <= MAX_PAGE:
        raise QueryError("first", f"must be between 0 and {MAX_PAGE} (got {first})")
    return first
