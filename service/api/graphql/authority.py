from __future__ import annotations

from datetime import date, datetime

import strawberry

from projections.recorded_event import known_at_text
from service.api.graphql.context import Info
from service.api.graphql.loaders import in_thread
from service.api.graphql.shaping import day, known_by, shared
from service.application.questions import AuthorityRow, NameRow


@strawberry.type(description="A name an authority went by, and when.")
class AuthorityName:
    name: str
    from_: date | None = strawberry.field(
        name="from", description="When the name took effect; null for a first name older than the record."
    )
    until: date | None = strawberry.field(
        description="When the next name took effect, or the authority was replaced; null while it stands."
    )


@strawberry.type(description="A children's services authority, identified by its GSS code.")
class Authority:
    code: strawberry.ID
    name: str = strawberry.field(description="Its latest name (as known at the question's moment).")
    la_number: int | None = strawberry.field(description="The DfE local authority number.")
    ofsted_urn: str | None
    region: str | None
    la_type: str | None
    also_known_as: list[str]
    replaced_on: date | None = strawberry.field(
        description="When the authority was replaced by its successors."
    )
    replacement: str | None = strawberry.field(
        description="How it was replaced: recode, transfer, merge or split; null while it stands."
    )
    names: list[AuthorityName] = strawberry.field(
        description="Every name it went by, first to last, as known at the question's moment."
    )
    successor_codes: strawberry.Private[list[str]]
    # The moment the register is shown as known at (None: as known now).
    known_at: strawberry.Private[datetime | None]

    @strawberry.field(description="The authorities that replaced this one, if it was replaced.")
    async def replaced_by(self, info: Info) -> list[Authority]:
        rows = await info.context.loaders.authority.load_many(self.successor_codes)
        return [authority_from(row, self.known_at) for row in rows if row is not None]

    @strawberry.field(
        description="The authorities this one replaced (recoded, merged, split or transferred from), by code."
    )
    async def predecessors(self, info: Info) -> list[Authority]:
        rows = await in_thread(info.context.questions.predecessors, str(self.code), self.known_at)
        return [authority_from(row, self.known_at) for row in rows]

    @strawberry.field(
        description="When a reorganisation created the authority (the day its predecessors were "
        "replaced); null for one older than the record."
    )
    async def established_on(self, info: Info) -> date | None:
        return await in_thread(info.context.questions.established_on, str(self.code), self.known_at)


_SHARED = shared("la_number", "ofsted_urn", "region", "la_type")


def names_known(row: AuthorityRow, known_at: datetime | None) -> list[NameRow]:
    known = known_at_text(known_at)
    return [n for n in row.names if n.recorded_at <= known] or list(row.names[:1])


def authority_from(row: AuthorityRow, known_at: datetime | None = None) -> Authority:
    """The authority as the register stood at `known_at`: a rename or a
    replacement recorded later has not happened yet."""
    replaced = known_by(row.replaced_recorded_at, known_at) is not None
    names = names_known(row, known_at)
    return Authority(
        code=strawberry.ID(row.gss_code),
        name=names[-1].name if names else row.name,
        also_known_as=row.other_names,
        replaced_on=day(row.replaced_on) if replaced else None,
        replacement=row.replacement_kind if replaced else None,
        names=[
            AuthorityName(
                name=n.name,
                from_=day(n.named_on),
                until=day(names[i + 1].named_on)
                if i + 1 < len(names)
                else (day(row.replaced_on) if replaced else None),
            )
            for i, n in enumerate(names)
        ],
        successor_codes=row.successor_codes if replaced else [],
        known_at=known_at,
        **_SHARED(row),
    )
