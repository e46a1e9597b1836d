"""The register of children's services authorities.

An authority is identified by its GSS code; its DfE number and names are
attributes, because authorities are merged, split and renamed.
"""

from __future__ import annotations

import re
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidDate, InvalidValue
from domain.text import optional_text, required_text

GSS_CODE = re.compile(r"^E(06|07|08|09|10)\d{6}$")

# How an authority was replaced: a new code for the same authority and area
# (`recode`), a new code after a boundary change that moved territory
# between authorities (`transfer`), several authorities joined into one
# (`merge`), or one divided among several (`split`).
REPLACEMENT_KINDS = ("recode", "transfer", "merge", "split")
# Kinds whose successor is the same authority under another code: exactly one.
ONE_SUCCESSOR = ("recode", "transfer", "merge")

REGISTER_NAMESPACE = uuid5(NAMESPACE_URL, "inspection-record-service/authority")


def gss_code(value: object, field: str = "authority") -> str:
    """A GSS code of an English local authority, or a clear refusal."""
    if not isinstance(value, str) or not GSS_CODE.match(value):
        raise InvalidValue(
            field, value, "not a GSS code of an English authority (E06, E07, E08, E09 or E10 and six digits)"
        )
    return value


class Authority(Aggregate):
    """One authority of the register, from its registration to its replacement."""

    class AuthorityRegistered(Aggregate.Created):
        # Version 2 added `established_on`: the day an authority created by a
        # reorganisation came into being (None for one older than the record).
        class_version = 2
        gss_code: str
        name: str
        la_number: int | None
        ofsted_urn: str | None
        also_known_as: list[str]
        region: str | None
        la_type: str | None
        established_on: date | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["established_on"] = None

    class AuthorityReplaced(Aggregate.Event):
        # Version 2 added `kind` (REPLACEMENT_KINDS). Version 1 recorded only
        # the register's first reorganisations, merges and splits, so a
        # replacement by several successors was a split, by one a merge.
        class_version = 2
        successors: list[str]
        replaced_on: date
        kind: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            successors = state["successors"]
            state["kind"] = "split" if isinstance(successors, list) and len(successors) > 1 else "merge"

    class AuthorityRenamed(Aggregate.Event):
        class_version = 1
        name: str
        renamed_on: date

    class AuthorityEstablished(Aggregate.Event):
        """The day an authority registered before its predecessors' replacement
        was recorded came into being: the predecessors' replacement day."""

        class_version = 1
        established_on: date

    @staticmethod
    def create_id(gss_code: str, **_: object) -> UUID:
        return authority_id(gss_code)

    @event(AuthorityRegistered)
    def __init__(
        self,
        gss_code: str,
        name: str,
        la_number: int | None,
        ofsted_urn: str | None,
        also_known_as: list[str],
        region: str | None,
        la_type: str | None,
        established_on: date | None,
    ) -> None:
        self.gss_code = gss_code
        self.established_on = established_on
        self.name = name
        self._first_name = name
        self.la_number = la_number
        self.ofsted_urn = ofsted_urn
        self.also_known_as = also_known_as
        self.region = region
        self.la_type = la_type
        self.successors: list[str] = []
        self.replaced_on: date | None = None
        self.replacement_kind: str | None = None
        # Every name after the first, with the day it took effect.
        self.renames: list[tuple[str, date]] = []

    @classmethod
    def register(
        cls,
        *,
        gss_code_value: str,
        name: str,
        la_number: int | None = None,
        ofsted_urn: str | None = None,
        also_known_as: tuple[str, ...] = (),
        region: str | None = None,
        la_type: str | None = None,
        established_on: date | None = None,
    ) -> Authority:
        code = gss_code(gss_code_value, "gss_code")
        name = required_text(name, "name", "an authority needs a name")
        if la_number is not None and not 100 <= la_number <= 999:
            raise InvalidValue("la_number", la_number, "a DfE LA number has three digits")
        return cls(
            gss_code=code,
            name=name,
            la_number=la_number,
            ofsted_urn=optional_text(ofsted_urn, "ofsted_urn"),
            also_known_as=[required_text(alias, "also_known_as") for alias in also_known_as],
            region=optional_text(region, "region"),
            la_type=optional_text(la_type, "la_type"),
            established_on=established_on,
        )

    def replace_by(self, successors: list[str], replaced_on: date, kind: str) -> None:
        codes = [gss_code(code, "replaced_by") for code in successors]
        if not codes:
            raise InvalidValue("replaced_by", successors, "a replacement names its successors")
        if self.gss_code in codes:
            raise InvalidValue("replaced_by", successors, "an authority cannot succeed itself")
        if kind not in REPLACEMENT_KINDS:
            raise InvalidValue("change", kind, f"not a kind of replacement ({', '.join(REPLACEMENT_KINDS)})")
        if kind in ONE_SUCCESSOR and len(codes) != 1:
            raise InvalidValue("change", kind, f"a {kind} names exactly one successor")
        if kind == "split" and len(codes) < 2:
            raise InvalidValue("change", kind, "a split names two successors or more")
        if self.replaced_on is not None:
            raise InvalidDate(
                "replaced_on", replaced_on, f"{self.gss_code} was already replaced on {self.replaced_on}"
            )
        self._check_within_lifetime("replaced_on", replaced_on, after_renames=True)
        self._replaced(successors=codes, replaced_on=replaced_on, kind=kind)

    @event(AuthorityReplaced)
    def _replaced(self, successors: list[str], replaced_on: date, kind: str) -> None:
        self.successors = successors
        self.replaced_on = replaced_on
        self.replacement_kind = kind

    def rename(self, name: str, renamed_on: date) -> None:
        """The authority takes a new name from `renamed_on`."""
        name = required_text(name, "name", "a rename needs the new name")
        if name == self.name_on(renamed_on):
            raise InvalidValue("name", name, f"{self.gss_code} is already called so on {renamed_on}")
        self._check_within_lifetime("renamed_on", renamed_on, after_renames=True)
        if self.replaced_on is not None and renamed_on >= self.replaced_on:
            raise InvalidDate(
                "renamed_on", renamed_on.isoformat(), f"{self.gss_code} was replaced on {self.replaced_on}"
            )
        self._renamed(name=name, renamed_on=renamed_on)

    @event(AuthorityRenamed)
    def _renamed(self, name: str, renamed_on: date) -> None:
        self.renames.append((name, renamed_on))
        self.name = name

    def establish(self, established_on: date) -> None:
        """Record the day this authority came into being, once known."""
        if self.established_on is not None:
            raise InvalidDate(
                "established_on",
                established_on.isoformat(),
                f"{self.gss_code} was already established on {self.established_on}",
            )
        self._established(established_on=established_on)

    @event(AuthorityEstablished)
    def _established(self, established_on: date) -> None:
        self.established_on = established_on

    def name_on(self, day: date) -> str:
        """The authority's name on a day: the last rename by then, else its first name."""
        named = [name for name, renamed_on in self.renames if renamed_on <= day]
        return named[-1] if named else self._first_name

    def _check_within_lifetime(self, field: str, day: date, *, after_renames: bool) -> None:
        if self.established_on is not None and day <= self.established_on:
            raise InvalidDate(
                field, day.isoformat(), f"{self.gss_code} was only established on {self.established_on}"
            )
        if after_renames and self.renames and day <= self.renames[-1][1]:
            raise InvalidDate(
                field, day.isoformat(), f"{self.gss_code} was last renamed on {self.renames[-1][1]}"
            )


def authority_id(code: str) -> UUID:
    return uuid5(REGISTER_NAMESPACE, code)
