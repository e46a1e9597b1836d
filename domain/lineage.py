"""Lineage: which authorities' records stand for an authority on a day.

Authorities are replaced by recodes, transfers, merges and splits (see
domain.authorities). A question about an authority before it existed is
answered from its predecessors alive that day; and an authority with exactly
one predecessor continues that predecessor's history (a recode, a transfer,
one half of a split), while one formed from several (a merger) starts its
own history with its first inspection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Replacement:
    predecessor: str
    successor: str
    kind: str
    replaced_on: date


class Lineage:
    """The register's replacements (as known at some moment), and the day
    each authority was established where the register states it."""

    def __init__(self, replacements: Iterable[Replacement], established: dict[str, date | None]) -> None:
        self._registered_established = established
        self._into: dict[str, list[Replacement]] = {}
        self._out_of: dict[str, list[Replacement]] = {}
        for replacement in replacements:
            self._into.setdefault(replacement.successor, []).append(replacement)
            self._out_of.setdefault(replacement.predecessor, []).append(replacement)

    def predecessors(self, code: str) -> list[str]:
        """The authorities this one replaced, by code."""
        return sorted({r.predecessor for r in self._into.get(code, [])})

    def established_on(self, code: str) -> date | None:
        """When the authority came into being: as registered, else the day its
        predecessors were replaced; None for one older than the record."""
        registered = self._registered_established.get(code)
        if registered is not None:
            return registered
        days = [r.replaced_on for r in self._into.get(code, [])]
        return min(days) if days else None

    def replaced_on(self, code: str) -> date | None:
        days = [r.replaced_on for r in self._out_of.get(code, [])]
        return min(days) if days else None

    def alive(self, code: str, day: date) -> bool:
        """Whether the authority existed on `day`: established on or before
        it and not yet replaced."""
        established, replaced = self.established_on(code), self.replaced_on(code)
        return (established is None or established <= day) and (replaced is None or day < replaced)

    def standing_for(self, code: str, day: date) -> list[str]:
        """The authorities whose records stand for `code` on `day`: itself
        once established; before, its predecessors alive that day (theirs in
        turn, further back)."""
        established = self.established_on(code)
        if established is None or day >= established:
            return [code]
        found: list[str] = []
        for predecessor in self.predecessors(code):
            for standing in self.standing_for(predecessor, day):
                if standing not in found:
                    found.append(standing)
        return found

    def continued_from(self, code: str) -> str | None:
        """The one predecessor whose history this authority continues, if it
        has exactly one; None for an original authority or a merger."""
        predecessors = self.predecessors(code)
        return predecessors[0] if len(predecessors) == 1 else None

    def history_of(self, code: str) -> list[str]:
        """The authority and, back through single predecessors, every code
        whose history it continues, newest first."""
        chain = [code]
        predecessor = self.continued_from(code)
        while predecessor is not None and predecessor not in chain:
            chain.append(predecessor)
            predecessor = self.continued_from(predecessor)
        return chain
