"""The authority register as the write path takes it: entries to register,
the replacements that reorganisations record, and renames."""

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
    # recode, transfer, merge or split (domain.authorities.REPLACEMENT_KINDS);
    # None where a source does not say: a split if several successors, else a merge.
    change: str | None = None

    @property
    def replacement_kind(self) -> str:
        if self.change is not None:
            return self.change
        return "split" if len(self.replaced_by) > 1 else "merge"


@dataclass(frozen=True, kw_only=True)
class AuthorityToRename:
    gss_code: str
    name: str
    renamed_on: date


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
    renamed: list[str] = field(default_factory=list)
    established: list[str] = field(default_factory=list)
    already_registered: int = 0

    @property
    def events(self) -> int:
        return len(self.registered) + len(self.replaced) + len(self.renamed) + len(self.established)


class RenameRefused(DomainError):
    """A refusal of one rename, saying which (its index in the renames given)."""

    def __init__(self, index: int, refusal: DomainError) -> None:
        self.index = index
        super().__init__(refusal.field, refusal.value, refusal.problem)


def register_changes(
    entries: Sequence[AuthorityToRegister],
    registered: Callable[[str], Authority | None],
    renames: Sequence[AuthorityToRename] = (),
) -> tuple[RegisterOutcome, list[DomainEventProtocol[UUID]]]:
    """The events to save: registrations of authorities not yet registered,
    then renames, establishments and replacements not yet recorded.
    `registered` finds an authority already in the record. Whatever is
    recorded already is passed over, so loading the same register again
    records nothing."""
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
    for index, rename in enumerate(renames):
        try:
            _rename(rename, registered, pending, outcome)
        except DomainError as refusal:
            raise RenameRefused(index, refusal) from refusal
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
    if not entry.replaced_by:
        return
    if entry.replaced_on is None:
        raise DomainError("replaced_on", None, f"{entry.gss_code} names successors but no date")
    for successor in entry.replaced_by:
        if successor not in pending:
            found = registered(successor)
            if found is None:
                raise DomainError("replaced_by", successor, "successor is not registered")
            pending[successor] = found
        # A successor registered before its predecessors' replacement was
        # known learns the day it came into being.
        if pending[successor].established_on is None:
            pending[successor].establish(entry.replaced_on)
            outcome.established.append(successor)
    if authority.replaced_on is not None:
        return
    authority.replace_by(list(entry.replaced_by), entry.replaced_on, entry.replacement_kind)
    outcome.replaced.append(entry.gss_code)


def _rename(
    rename: AuthorityToRename,
    registered: Callable[[str], Authority | None],
    pending: dict[str, Authority],
    outcome: RegisterOutcome,
) -> None:
    code = gss_code(rename.gss_code, "gss_code")
    authority = pending.get(code) or registered(code)
    if authority is None:
        raise DomainError("gss_code", code, "no authority with this GSS code is registered")
    pending[code] = authority
    if (rename.name, rename.renamed_on) in authority.renames:
        return
    authority.rename(rename.name, rename.renamed_on)
    outcome.renamed.append(code)
