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
        class_version = 1
        successors: list[str]
        replaced_on: date

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
        self.la_number = la_number
        self.ofsted_urn = ofsted_urn
        self.also_known_as = also_known_as
        self.region = region
        self.la_type = la_type
        self.successors: list[str] = []
        self.replaced_on: date | None = None

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

    def replace_by(self, successors: list[str], replaced_on: date) -> None:
        codes = [gss_code(code, "replaced_by") for code in successors]
        if not codes:
            raise InvalidValue("replaced_by", successors, "a replacement names its successors")
        if self.gss_code in codes:
            raise InvalidValue("replaced_by", successors, "an authority cannot succeed itself")
        if self.replaced_on is not None:
            raise InvalidDate(
                "replaced_on", replaced_on, f"{self.gss_code} was already replaced on {self.replaced_on}"
            )
        self._replaced(successors=codes, replaced_on=replaced_on)

    @event(AuthorityReplaced)
    def _replaced(self, successors: list[str], replaced_on: date) -> None:
        self.successors = successors
        self.replaced_on = replaced_on


def authority_id(code: str) -> UUID:
    return uuid5(REGISTER_NAMESPACE, code)
