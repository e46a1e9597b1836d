from __future__ import annotations

from datetime import date

import strawberry

from service.api.graphql.context import Info
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

    @strawberry.field(description="The authorities that replaced this one, if it was replaced.")
    async def replaced_by(self, info: Info) -> list[Authority]:
        rows = await info.context.loaders.authority.load_many(self.successor_codes)
        return [authority_from(row) for row in rows if row is not None]


def authority_from(row: AuthorityRow) -> Authority:
    return Authority(
        code=strawberry.ID(row.gss_code),
        name=row.name,
        la_number=row.la_number,
        ofsted_urn=row.ofsted_urn,
        region=row.region,
        la_type=row.la_type,
        also_known_as=row.other_names,
        replaced_on=date.fromisoformat(row.replaced_on) if row.replaced_on else None,
        established_on=date.fromisoformat(row.established_on) if row.established_on else None,
        successor_codes=row.successor_codes,
    )
