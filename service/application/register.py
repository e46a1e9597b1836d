"""The authority register as the write path takes it: entries to register,
and the replacements that reorganisations record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol

from domain.authorities import Authority, gss_code
from domain.errors import AuthorityAlreadyRegistered, DomainError


@dataclass(frozen=True, kw_only=True)
class AuthorityToRegister:
    gss_code: str
    name: str
    la_number: int | None = None
    ofsted_urn: str | None = None
    also_known_as: tuple[str, ...] = ()
    region: str | None = None
    la_type: str | None = None
    replaced_by: tuple[str, ...] = ()
    replaced_on: date | None = None


# What the register states of an authority besides its code and its replacement.
DETAILS = ("name", "la_number", "ofsted_urn", "also_known_as", "region", "la_type")


class EntryRefused(DomainError):
    """A refusal of one entry, saying which (its index in the entries given),
    so that a source can name the line it came from."""

    def __init__(self, index: int, refusal: DomainError) -> None:
        self.index = index
        super().__init__(refusal.field, refusal.value, refusal.problem)


@dataclass
class RegisterOutcome:
    registered: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    already_registered: int = 0

    @property
    def events(self) -> int:
        return len(self.registered) + len(self.replaced)


def register_changes(
    entries: Sequence[AuthorityToRegister], registered: Callable[[str], Authority | None]
) -> tuple[RegisterOutcome, list[DomainEventProtocol[UUID]]]:
    """The events to save: registrations of authorities not yet registered,
    then replacements not yet recorded. `registered` finds an authority
    already in the record."""
    outcome = RegisterOutcome()
    # A successor comes into being on the day its predecessors are replaced.
    established = {
        successor: entry.replaced_on
        for entry in entries
        if entry.replaced_on is not None
        for successor in entry.replaced_by
    }
    pending: dict[str, Authority] = {}
    for index, entry in enumerate(entries):
        try:
            _register(entry, established, registered, pending, outcome)
        except DomainError as refusal:
            raise EntryRefused(index, refusal) from refusal
    for index, entry in enumerate(entries):
        try:
            _replace(entry, registered, pending, outcome)
        except DomainError as refusal:
            raise EntryRefused(index, refusal) from refusal
    # Registrations first, so that no replacement names a successor the log
    # has not registered yet.
    events: list[DomainEventProtocol[UUID]] = [e for a in pending.values() for e in a.collect_events()]
    events.sort(key=lambda e: not isinstance(e, Authority.AuthorityRegistered))
    return outcome, events


def _register(
    entry: AuthorityToRegister,
    established: dict[str, date],
    registered: Callable[[str], Authority | None],
    pending: dict[str, Authority],
    outcome: RegisterOutcome,
) -> None:
    gss_code(entry.gss_code, "gss_code")
    if entry.gss_code in pending:
        raise AuthorityAlreadyRegistered(entry.gss_code)
    existing = registered(entry.gss_code)
    if existing is not None:
        outcome.already_registered += 1
        pending[entry.gss_code] = existing
        return
    details = {name: getattr(entry, name) for name in DETAILS}
    pending[entry.gss_code] = Authority.register(
        gss_code_value=entry.gss_code, established_on=established.get(entry.gss_code), **details
    )
    outcome.registered.append(entry.gss_code)


def _replace(
    entry: AuthorityToRegister,
    registered: Callable[[str], Authority | None],
    pending: dict[str, Authority],
    outcome: RegisterOutcome,
) -> None:
    authority = pending[entry.gss_code]
    if not entry.replaced_by or authority.replaced_on is not None:
        return
    if entry.replaced_on is None:
        raise DomainError("replaced_on", None, f"{entry.gss_code} names successors but no date")
    for successor in entry.replaced_by:
        if successor not in pending and registered(successor) is None:
            raise DomainError("replaced_by", successor, "successor is not registered")
    authority.replace_by(list(entry.replaced_by), entry.replaced_on)
    outcome.replaced.append(entry.gss_code)
