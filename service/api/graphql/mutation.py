"""Writes: publish a document, correct a judgement, withdraw a document.

Reads are public; writes need a bearer token whose role permits them. Every
write answers with the log position it wrote, in the response's
`extensions.position` and on the returned object, so a client can read its
own writes by passing it as `minPosition`.
"""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info as StrawberryInfo

from domain.errors import DomainError
from service.adapters.tokens import Principal, TokenError
from service.api.graphql.context import Context, Info
from service.api.graphql.errors import InputProblems, access_error, forbidden
from service.api.graphql.inspection import Inspection, inspection_from
from service.api.graphql.judgement import Judgement, judgement_from
from service.api.graphql.loaders import in_thread
from service.api.graphql.positions import reached
from service.application.questions import QueryError
from service.application.records import (
    Attribution,
    DocumentRejected,
    DocumentToPublish,
    JudgementToRecord,
    RecommendationToIssue,
)

MAX_JUDGEMENTS = 200
MAX_RECOMMENDATIONS = 500


@strawberry.input
class JudgementInput:
    theme: str | None = None
    area: str
    area_label: str
    raw: str
    label: str | None = None
    section: str | None = None
    quote: str | None = None


@strawberry.input
class RecommendationInput:
    text: str
    kind: str
    theme: str | None = None
    timescale: str | None = None
    area: str | None = None
    section: str | None = None
    quote: str | None = None


@strawberry.input
class PublishInspectionInput:
    authority: strawberry.ID
    framework: strawberry.ID
    title: str
    published_on: date
    first_day: date | None = None
    last_day: date | None = None
    assessment_meeting_on: date | None = None
    source: str | None = None
    judgements: list[JudgementInput]
    recommendations: list[RecommendationInput] = strawberry.field(default_factory=list)


@strawberry.input
class CorrectJudgementInput:
    judgement: strawberry.ID
    raw: str
    label: str | None = None
    reason: str


def _principal(info: StrawberryInfo[Context, None], action: str, verb: str) -> Principal:
    request = info.context.request
    header = request.headers.get("authorization") if request is not None else None
    try:
        principal = info.context.tokens.authenticate(header)
    except TokenError as error:
        raise access_error(error) from None
    if not principal.may(action):
        raise forbidden(principal.role, verb)
    return principal


def _via(principal: Principal, mutation: str) -> Attribution:
    return Attribution(recorded_by=principal.name, recorded_via=f"GraphQL {mutation}")


def _document(data: PublishInspectionInput, principal: Principal) -> DocumentToPublish:
    if len(data.judgements) > MAX_JUDGEMENTS:
        raise InputProblems([("input.judgements", f"at most {MAX_JUDGEMENTS} judgements per document")])
    if len(data.recommendations) > MAX_RECOMMENDATIONS:
        raise InputProblems(
            [("input.recommendations", f"at most {MAX_RECOMMENDATIONS} recommendations per document")]
        )
    return DocumentToPublish(
        authority=str(data.authority),
        framework=str(data.framework),
        title=data.title,
        published_on=data.published_on,
        assessment_meeting_on=data.assessment_meeting_on,
        first_day=data.first_day,
        last_day=data.last_day,
        source=data.source or f"recorded through the API by {principal.name}",
        judgements=tuple(
            JudgementToRecord(
                theme=j.theme,
                area=j.area,
                area_label=j.area_label,
                raw=j.raw,
                label=j.label,
                section=j.section,
                quote=j.quote,
            )
            for j in data.judgements
        ),
        recommendations=tuple(
            RecommendationToIssue(
                kind=r.kind,
                text=r.text,
                theme=r.theme,
                area=r.area,
                timescale=r.timescale,
                section=r.section,
                quote=r.quote,
            )
            for r in data.recommendations
        ),
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Record a newly published document, atomically. Needs a recorder token.")
    async def publish_inspection(self, info: Info, input: PublishInspectionInput) -> Inspection:
        principal = _principal(info, "publish", "publish documents")
        document = _document(input, principal)
        writer = info.context.writer
        try:
            inspection_id, position = await in_thread(
                writer.publish, document, _via(principal, "publishInspection")
            )
        except DocumentRejected as rejected:
            raise InputProblems.of_document(rejected) from None
        except DomainError as error:
            raise InputProblems.of_domain(error) from None
        info.context.written_position = position
        # With separate workers the read models may not hold the write yet.
        await reached(info.context.read_models, position)
        found = await in_thread(info.context.read_models.inspections_by_id, [str(inspection_id)])
        row = found[str(inspection_id)]
        return inspection_from(row)

    @strawberry.mutation(
        description="Record that a judgement's grade was wrong, with a reason. Needs an editor token."
    )
    async def correct_judgement(self, info: Info, input: CorrectJudgementInput) -> Judgement:
        principal = _principal(info, "correct", "correct judgements")
        writer = info.context.writer
        try:
            position = await in_thread(
                lambda: writer.correct_judgement(
                    str(input.judgement),
                    raw=input.raw,
                    label=input.label,
                    reason=input.reason,
                    corrected_by=principal.name,
                    attribution=_via(principal, "correctJudgement"),
                )
            )
        except QueryError as error:
            raise InputProblems([("input.judgement", str(error).split(": ", 1)[1])]) from None
        except DomainError as error:
            raise InputProblems.of_domain(error) from None
        info.context.written_position = position
        await reached(info.context.read_models, position)
        current = await in_thread(info.context.read_models.current_version, str(input.judgement))
        return judgement_from(current)

    @strawberry.mutation(
        description="Withdraw a document: it leaves every picture from now on. Needs an editor token."
    )
    async def withdraw_inspection(self, info: Info, id: strawberry.ID, reason: str) -> Inspection:
        principal = _principal(info, "withdraw", "withdraw documents")
        writer = info.context.writer
        try:
            position = await in_thread(
                lambda: writer.withdraw(
                    str(id),
                    reason=reason,
                    withdrawn_by=principal.name,
                    attribution=_via(principal, "withdrawInspection"),
                )
            )
        except DomainError as error:
            raise InputProblems.of_domain(error, root="") from None
        info.context.written_position = position
        await reached(info.context.read_models, position)
        row = (await in_thread(info.context.read_models.inspections_by_id, [str(id)]))[str(id)]
        return inspection_from(row)
