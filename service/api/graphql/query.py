"""The Query type: every question the API answers, each a thin presenter
over the read side's questions (service.application.questions)."""

from __future__ import annotations

import typing
from datetime import date, datetime
from uuid import UUID

import strawberry

from domain.frameworks import FRAMEWORKS
from service.api.graphql.authority import Authority, authority_from
from service.api.graphql.context import Info
from service.api.graphql.decline import HeadlineDecline, decline_from
from service.api.graphql.event import EventConnection, EventEdge, event_cursor, event_from, position_after
from service.api.graphql.framework import Framework, framework_from
from service.api.graphql.inspection import (
    Inspection,
    InspectionConnection,
    InspectionEdge,
    inspection_from,
)
from service.api.graphql.judgement import Judgement, judgement_from
from service.api.graphql.keys import AreaKey, ThemeKey, area_keys, theme_keys
from service.api.graphql.loaders import in_thread, national_in_thread
from service.api.graphql.national import (
    MAX_DAYS,
    BandCount,
    CountsOnDay,
    NationalPictureRow,
    band_counts_from,
    counts_on_day_from,
    national_row_from,
)
from service.api.graphql.pagination import PageInfo, cursor_refused, decode_cursor, encode_cursor, page_size
from service.api.graphql.picture import Picture, picture_from
from service.api.graphql.positions import reached
from service.api.graphql.recommendation import Recommendation, recommendation_from
from service.api.graphql.shaping import known_by
from service.application.national import OVERALL
from service.application.questions import Moment, QueryError

# The list a cursor belongs to: an authority's documents, or every document.
EVERY_AUTHORITY = "*"


def _inspection_cursor(listed: str, published_on: str, inspection_id: str) -> str:
    return encode_cursor("inspection", listed, published_on, inspection_id)


def _inspection_key(cursor: str, listed: str) -> tuple[str, str]:
    """Where a cursor of this list points; one issued for another list (another
    authority's documents) is refused, not read as a place in this one."""
    of_list, published_on, inspection_id = decode_cursor(cursor, "inspection", 3)
    # Every part written exactly as issued: fromisoformat and UUID read other
    # forms too (20120323, braces, capitals).
    try:
        issued = of_list == listed and date.fromisoformat(published_on).isoformat() == published_on
        issued = issued and str(UUID(inspection_id)) == inspection_id
    except ValueError:
        issued = False
    if not issued:
        raise cursor_refused(cursor)
    return published_on, inspection_id


async def asked(
    info: Info, min_position: int | None, as_at: date | None, as_known_at: datetime | None
) -> Moment:
    """The moment a question names, once the read models reflect `min_position`."""
    await reached(info.context, min_position)
    return Moment.of(as_at, as_known_at, info.context.today)


def document_id(given: str, argument: str = "id") -> str:
    """A document id as this service issues them (a UUID), or a clear refusal."""
    try:
        return str(UUID(given))
    except ValueError:
        raise QueryError(argument, f"not a document id this service issued (got {given!r})") from None


@strawberry.type
class Query:
    @strawberry.field(description="Every authority of the register, current and replaced, by name.")
    async def authorities(self, info: Info) -> list[Authority]:
        rows = await in_thread(info.context.questions.authorities)
        return [authority_from(row) for row in rows]

    @strawberry.field(description="One authority by GSS code; null if the register never held it.")
    async def authority(self, info: Info, code: strawberry.ID) -> Authority | None:
        row = await in_thread(info.context.questions.authority, str(code))
        return authority_from(row) if row else None

    @strawberry.field(
        description="An authority's judgements in force as at a date (default today), as known at a "
        "moment (default now): for each series, the latest graded document published on or before asAt."
    )
    async def picture(
        self,
        info: Info,
        authority: strawberry.ID,
        as_at: date | None = None,
        as_known_at: datetime | None = None,
        min_position: int | None = None,
        follow_lineage: typing.Annotated[
            bool,
            strawberry.argument(
                description="As at a day before the authority existed, its predecessors' judgements; after, "
                "for a series it has no document of yet, those of the one predecessor it continues."
            ),
        ] = True,
    ) -> Picture:
        moment = await asked(info, min_position, as_at, as_known_at)
        rows = await in_thread(info.context.questions.picture, str(authority), moment, follow_lineage)
        return picture_from(rows)

    @strawberry.field(
        description="One row per authority in existence as at a date (established on or before it, not "
        "yet replaced), by code, as known at a moment: the shape of Ofsted's outcome statistics."
    )
    async def national_picture(
        self,
        info: Info,
        as_at: date | None = None,
        as_known_at: datetime | None = None,
        min_position: int | None = None,
    ) -> list[NationalPictureRow]:
        moment = await asked(info, min_position, as_at, as_known_at)
        rows = await national_in_thread(info.context.questions.national_picture, moment)
        return [national_row_from(row, moment.known_at) for row in rows]

    @strawberry.field(
        description="How many authorities of the national picture hold each band of an area (default "
        "overall effectiveness), best first; those with no grade for it are counted by notGraded."
    )
    async def national_counts(
        self,
        info: Info,
        as_at: date | None = None,
        as_known_at: datetime | None = None,
        area: str | None = OVERALL,
        min_position: int | None = None,
    ) -> list[BandCount]:
        moment = await asked(info, min_position, as_at, as_known_at)
        counts = await national_in_thread(info.context.questions.national_counts, moment, area or OVERALL)
        return band_counts_from(counts)

    @strawberry.field(
        description="nationalCounts and notGraded on each of several days, in the order given, all as "
        f"known at one moment and from one snapshot: a chart over the years in one request (at most "
        f"{MAX_DAYS} days)."
    )
    async def national_counts_by_day(
        self,
        info: Info,
        days: list[date],
        as_known_at: datetime | None = None,
        area: str | None = OVERALL,
        min_position: int | None = None,
    ) -> list[CountsOnDay]:
        if len(days) > MAX_DAYS:
            raise QueryError("days", f"at most {MAX_DAYS} days a request (got {len(days)})")
        moment = await asked(info, min_position, None, as_known_at)
        counts = await national_in_thread(
            info.context.questions.national_counts_by_day, days, moment.known_at, area or OVERALL
        )
        return [counts_on_day_from(day, on_day) for day, on_day in zip(days, counts, strict=True)]

    @strawberry.field(
        description="How many authorities of the national picture have no grade for an area (default "
        "overall effectiveness): not inspected yet, or inspected under a framework that does not grade it."
    )
    async def not_graded(
        self,
        info: Info,
        as_at: date | None = None,
        as_known_at: datetime | None = None,
        area: str | None = OVERALL,
        min_position: int | None = None,
    ) -> int:
        moment = await asked(info, min_position, as_at, as_known_at)
        counts = await national_in_thread(info.context.questions.national_counts, moment, area or OVERALL)
        return counts.not_graded

    @strawberry.field(
        description="The national view: every authority's judgements in force as at a date. With "
        "headlineOnly, the headline judgement of each document (the shape of Ofsted's outcome statistics)."
    )
    async def judgements(
        self,
        info: Info,
        as_at: date | None = None,
        as_known_at: datetime | None = None,
        area: str | None = None,
        theme: str | None = None,
        headline_only: bool = False,
        min_position: int | None = None,
    ) -> list[Judgement]:
        moment = await asked(info, min_position, as_at, as_known_at)
        rows = await national_in_thread(
            info.context.questions.national_judgements, moment, area, theme, headline_only
        )
        return [judgement_from(row, moment.known_at) for row in rows]

    @strawberry.field(
        description="Every judgement an authority has had, each version with when it was recorded, "
        "in publication order; with asKnownAt, only what had been recorded by then."
    )
    async def judgement_history(
        self,
        info: Info,
        authority: strawberry.ID,
        area: str | None = None,
        theme: str | None = None,
        as_known_at: datetime | None = None,
        min_position: int | None = None,
    ) -> list[Judgement]:
        moment = await asked(info, min_position, None, as_known_at)
        history = info.context.questions.judgement_history
        rows = await in_thread(history, str(authority), area, theme, moment.known_at)
        return [judgement_from(row, moment.known_at) for row in rows]

    @strawberry.field(
        description="Published documents in publication order; with asKnownAt, those recorded by then, "
        "each as known then."
    )
    async def inspections(
        self,
        info: Info,
        authority: strawberry.ID | None = None,
        first: int = 50,
        after: str | None = None,
        as_known_at: datetime | None = None,
        min_position: int | None = None,
    ) -> InspectionConnection:
        size = page_size(first)
        moment = await asked(info, min_position, None, as_known_at)
        code = str(authority) if authority is not None else None
        listed = code or EVERY_AUTHORITY
        key = _inspection_key(after, listed) if after is not None else None
        rows = await in_thread(info.context.questions.inspections_page, code, key, size, moment.known_at)
        shown = rows[:size]
        edges = [
            InspectionEdge(
                cursor=_inspection_cursor(listed, r.published_on, r.inspection_id),
                node=inspection_from(r, moment.known_at),
            )
            for r in shown
        ]
        return InspectionConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None
            ),
        )

    @strawberry.field(
        description="One document by id, as known at a moment (default now): null if it was not "
        "recorded by then."
    )
    async def inspection(
        self,
        info: Info,
        id: strawberry.ID,
        as_known_at: datetime | None = None,
        min_position: int | None = None,
    ) -> Inspection | None:
        moment = await asked(info, min_position, None, as_known_at)
        row = await info.context.loaders.inspection.load(document_id(str(id)))
        if row is None or known_by(row.recorded_at, moment.known_at) is None:
            return None
        return inspection_from(row, moment.known_at)

    @strawberry.field(
        description="The recommendations of the documents in the picture as at a date; with dueBy, only "
        "those due on or before it."
    )
    async def recommendations(
        self,
        info: Info,
        authority: strawberry.ID,
        as_at: date | None = None,
        as_known_at: datetime | None = None,
        due_by: date | None = None,
        min_position: int | None = None,
    ) -> list[Recommendation]:
        moment = await asked(info, min_position, as_at, as_known_at)
        rows = await in_thread(info.context.questions.recommendations, str(authority), moment, due_by)
        return [recommendation_from(row, moment.known_at) for row in rows]

    @strawberry.field(
        description="Every area key a judgement may carry, with its label, as docs/keys.md lists."
    )
    def areas(self) -> list[AreaKey]:
        return area_keys()

    @strawberry.field(description="Every theme key, with its label; a judgement without a theme has none.")
    def themes(self) -> list[ThemeKey]:
        return theme_keys()

    @strawberry.field(description="The frameworks, their series and grade scales.")
    def frameworks(self) -> list[Framework]:
        return [framework_from(f) for f in FRAMEWORKS.values()]

    @strawberry.field(
        description="Every fall of a headline band between consecutive documents of a series, by authority."
    )
    async def headline_declines(self, info: Info) -> list[HeadlineDecline]:
        rows = await in_thread(info.context.questions.headline_declines)
        return [decline_from(row) for row in rows]

    @strawberry.field(description="The event log in order, for audit.")
    async def events(
        self, info: Info, first: int = 100, after: str | None = None, min_position: int | None = None
    ) -> EventConnection:
        size = page_size(first)
        await reached(info.context, min_position)
        rows = await in_thread(info.context.questions.events_page, position_after(after), size)
        shown = rows[:size]
        edges = [EventEdge(cursor=event_cursor(r.position), node=event_from(r)) for r in shown]
        return EventConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None
            ),
        )
