"""Quotes that point at one place: each is checked against the source as
the loader checks it (service.adapters.seed_files.normalise), and made longer
with its context until it occurs exactly once."""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.adapters.seed_files import normalise

_PARAGRAPH_NUMBER = re.compile(r"^\d{1,3}\.\s+")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)])\.(?=\s|$)")


def first_sentence(text: str) -> str:
    """Up to the first full stop after a paragraph's own number ("9. ")."""
    number = _PARAGRAPH_NUMBER.match(text)
    start = number.end() if number else 0
    found = _SENTENCE_END.search(text, start)
    return text[: found.end()] if found else text


class Source:
    def __init__(self, text: str) -> None:
        self.normalised = normalise(text)

    def count(self, quote: str) -> int:
        return self.normalised.count(normalise(quote))

    def unique(self, quote: str, context: Sequence[str] = (), after: Sequence[str] = ()) -> str | None:
        """`quote`, or it with as much of `context` (nearest first, each
        placed before it) or else of `after` (each placed after it) as makes
        it occur once; None if nothing does."""
        candidate = normalise(quote)
        if self.count(candidate) == 1:
            return candidate
        for before in context:
            candidate = normalise(f"{before} {candidate}")
            if self.count(candidate) == 1:
                return candidate
        candidate = normalise(quote)
        for following in after:
            candidate = normalise(f"{candidate} {following}")
            if self.count(candidate) == 1:
                return candidate
        return None

    def why_not_unique(self, quote: str) -> str:
        if self.count(quote) == 0:
            return "the quote is not in the source as printed: quote the source's words"
        return "the quote occurs more than once in the source: quote enough to find one place"
