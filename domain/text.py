"""What the record accepts as text: what a published document could print.

Line breaks and tabs occur in quoted passages; other control characters and
lone surrogates never appear in a published document, and PostgreSQL cannot
store NUL in text at all, so they are refused before anything is recorded
rather than failing a projection later.
"""

from __future__ import annotations

from domain.errors import InvalidValue

_ALLOWED_CONTROLS = frozenset("\t\n\r")


def required_text(value: object, field: str, problem: str = "must be non-empty text") -> str:
    """The value stripped of surrounding space; refused if empty or unprintable."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(field, value, problem)
    _refuse_unprintable(value, field)
    return value.strip()


def optional_text(value: object, field: str) -> str | None:
    """As `required_text`, with None or "" meaning not stated."""
    if value is None or value == "":
        return None
    return required_text(value, field)


def _refuse_unprintable(value: str, field: str) -> None:
    for offset, character in enumerate(value):
        code = ord(character)
        if (code < 32 or 127 <= code < 160) and character not in _ALLOWED_CONTROLS:
            problem = f"contains control character U+{code:04X} at offset {offset}"
            raise InvalidValue(field, value, problem)
        if 0xD800 <= code <= 0xDFFF:
            problem = f"contains a lone surrogate U+{code:04X} at offset {offset}"
            raise InvalidValue(field, value, problem)
