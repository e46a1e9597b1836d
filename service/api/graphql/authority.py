from __future__ import annotations

from datetime import date, datetime

import strawberry

from service.api.graphql.context import Info
from service.api.graphql.shaping import day, known_by, shared
from service.application.questions import AuthorityRow


@strawberry.type(description="A children's services authority, identified by its GSS code.")
class Authority:
    code: strawberry.ID
    name: str
    la_number: int | None = strawberry.field(description="The DfE local authority number.")
    ofsted_urn: str | None
    region: str | None
    la_type: str | None
    also_known_as: list[str]
    replaced_on: date | None = strawberry.field(
        description="When the authority was replaced by its successors."
    )
    established_on: date | None = strawberry.field(
        description="When a reorganisation created the authority; null for one older than the record."
    )
    successor_codes: strawberry.Private[list[str]]
    # The moment the register is shown as known at (None: as known now).
    known_at: strawberry.Private[datetime | None]

    @strawberry.field(description="The authorities that replaced this one, if it was replaced.")
    async def replaced_by(self, info: Info) -> list[Authority]:
        rows = await info.context.loaders.authority.load_many(self.successor_codes)
        return [authority_from(row, self.known_at) for row in rows if row is not None]


_SHARED = shared("name", "la_number", "ofsted_urn", "region", "la_type")


def authority_from(row: AuthorityRow, known_at: datetime | None = None) -> Authority:
    """The authority as the register stood at `known_at`: a replacement
    recorded later has not happened yet."""
    replaced = known_by(row.replaced_recorded_at, known_at) is not None
    return Authority(
        code=strawberry.ID(row.gss_code),
        also_known_as=row.other_names,
        replaced_on=day(row.replaced_on) if replaced else None,
        established_on=day(row.established_on),
        successor_codes=row.successor_codes if replaced else [],
        known_at=known_at,
        **_SHARED(row),
    )
