"""Opaque cursors and page info for connections."""

from __future__ import annotations

import base64
import binascii

import strawberry

from service.application.questions import QueryError

MAX_PAGE = 500


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


def encode_cursor(kind: str, *parts: str) -> str:
    return base64.urlsafe_b64encode(":".join((kind, *parts)).encode()).decode()


def decode_cursor(cursor: str, kind: str, parts: int, argument: str = "after") -> list[str]:
    """The parts of a cursor this API issued, or a clear refusal."""
    refusal = QueryError(argument, f"not a cursor this API issued for this list (got {cursor!r})")
    try:
        decoded = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError):
        raise refusal from None
    fields = decoded.split(":", parts)
    if len(fields) != parts + 1 or fields[0] != kind:
        raise refusal
    return fields[1:]


def cursor_refused(cursor: str, argument: str = "after") -> QueryError:
    return QueryError(argument, f"not a cursor this API issued for this list (got {cursor!r})")


def page_size(first: int) -> int:
    if not 0 <= first <= MAX_PAGE:
        raise QueryError("first", f"must be between 0 and {MAX_PAGE} (got {first})")
    return first
