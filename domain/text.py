"""What the record accepts as text: what a published document could print.

Line breaks and tabs occur in quoted passages; other control characters and
lone surrogates never appear in a published document, and PostgreSQL cannot
store NUL in text at all, so they are refused before anything is recorded
rather than failing a projection later. So are characters that reorder or
hide text (bidirectional overrides, tag characters) and noncharacters: a
title that displays differently from what it stores is no faithful record.
Text made only of spaces and invisible characters (a zero-width space) is
empty.
"""

from __future__ import annotations

import re
import unicodedata

from domain.errors import InvalidValue

# The longest text each field may hold, in characters (docs/seed-format.md
# lists them). Each is several times the longest seen in a published
# document (a 124-character title, a 256-character section heading, a
# 295-character recommendation), so a real document never meets one, while a
# pasted file or a runaway client is refused before it reaches every answer.
MAX_LENGTHS: dict[str, int] = {
    "title": 500,
    "area_label": 500,
    "section": 500,
    "raw": 100,
    "label": 200,
    "timescale": 100,
    "quote": 5_000,
    "text": 5_000,
    "reason": 2_000,
    "source": 1_000,
    "name": 200,
    "also_known_as": 200,
    "region": 100,
    "la_type": 100,
    "ofsted_urn": 20,
    "corrected_by": 200,
    "withdrawn_by": 200,
}
# Any other text field.
DEFAULT_MAX_LENGTH = 1_000


def max_length(field: str) -> int:
    return MAX_LENGTHS.get(field, DEFAULT_MAX_LENGTH)


def required_text(value: object, field: str, problem: str = "must be non-empty text") -> str:
    """The value stripped of surrounding space; refused if empty or unprintable."""
    if not isinstance(value, str) or _blank(value):
        raise InvalidValue(field, value, problem)
    stripped = value.strip()
    limit = max_length(field)
    if len(stripped) > limit:
        raise InvalidValue(
            field, value, f"is {len(stripped):,} characters long; at most {limit:,} are allowed"
        )
    _refuse_unprintable(value, field)
    return stripped


def optional_text(value: object, field: str) -> str | None:
    """As `required_text`, with None, "" or only spaces meaning not stated."""
    if value is None or (isinstance(value, str) and _blank(value)):
        return None
    return required_text(value, field)


def _blank(value: str) -> bool:
    """Nothing a reader would see: spaces and format characters only."""
    stripped = value.strip()
    if stripped and unicodedata.category(stripped[0]) != "Cf":
        return False  # the usual case, decided by one character
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in stripped)


def _refuse_unprintable(value: str, field: str) -> None:
    # One search finds the first character refused (a loop over the characters
    # in Python took a third of the time of building a document); the message
    # then says which kind it is.
    found = _REFUSED.search(value)
    if found is None:
        return
    offset, code = found.start(), ord(found.group())
    if code < 32 or 127 <= code < 160:
        kind = f"control character U+{code:04X}"
    elif 0xD800 <= code <= 0xDFFF:
        kind = f"a lone surrogate U+{code:04X}"
    elif 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        kind = f"the noncharacter U+{code:04X}"
    else:
        raise InvalidValue(
            field, value, f"contains U+{code:04X} at offset {offset}, which reorders or hides text"
        )
    raise InvalidValue(field, value, f"contains {kind} at offset {offset}")


def _character_class(ranges: list[tuple[int, int]]) -> re.Pattern[str]:
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


# Controls but tab, line feed and carriage return; lone surrogates; text
# reordering and tag characters; noncharacters (U+FDD0-U+FDEF, and the last
# two code points of every plane).
_REFUSED = _character_class(
    [
        (0x00, 0x08),
        (0x0B, 0x0C),
        (0x0E, 0x1F),
        (0x7F, 0x9F),
        (0xD800, 0xDFFF),
        (0x202A, 0x202E),
        (0x2066, 0x2069),
        (0xE0000, 0xE007F),
        (0xFDD0, 0xFDEF),
        *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)),
    ]
)
