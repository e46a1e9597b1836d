"""Writes: publish a document, correct a judgement, withdraw a document.

Reads are public; writes need a bearer token whose role permits them. Every
write answers with the log position it wrote, in the response's
`extensions.position` and on the returned object, so a client can read its
own writes by passing it as `minPosition`.
"""

from __future__ import annotations

import strawberry

from domain.errors import DomainError
from service.adapters.tokens import Principal, TokenError
from service.api.graphql.context import Info
from service.api.graphql.errors import InputProblems, access_error, forbidden
from service.api.graphql.inputs import (
    CorrectJudgementInput,
    PublishInspectionInput,
    statement_from,
)
from service.api.graphql.inspection import Inspection, inspection_from
from service.api.graphql.judgement import Judgement, judgement_from
from service.api.graphql.loaders import in_thread
from service.api.graphql.positions import reached
from service.application.documents import (
    Attribution,
    CorrectionToRecord,
    DocumentRejected,
    DocumentToPublish,
)

MAX_JUDGEMENTS = 200
MAX_RECOMMENDATIONS = 500


def _principal(info: Info, action: str, verb: str) -> Principal:
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


def _document(given: PublishInspectionInput, principal: Principal) -> DocumentToPublish:
    if len(given.judgements) > MAX_JUDGEMENTS:
        raise InputProblems([("input.judgements", f"at most {MAX_JUDGEMENTS} judgements per document")])
    if len(given.recommendations) > MAX_RECOMMENDATIONS:
        raise InputProblems(
            [("input.recommendations", f"at most {MAX_RECOMMENDATIONS} recommendations per document")]
        )
    return statement_from(
        DocumentToPublish, given, source=given.source or f"recorded through the API by {principal.name}"
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Record a newly published document, atomically. Needs a recorder token.")
    async def publish_inspection(self, info: Info, input: PublishInspectionInput) -> Inspection:
        principal = _principal(info, "publish", "publish documents")
        document = _document(input, principal)
        try:
            published = await in_thread(
                info.context.recording.publish, document, _via(principal, "publishInspection")
            )
        except DocumentRejected as rejected:
            raise InputProblems.of_document(rejected) from None
        except DomainError as error:
            raise InputProblems.of_domain(error) from None
        info.context.written_position = published.position
        # With separate workers the read models may not hold the write yet.
        await reached(info.context, published.position)
        inspection_id = str(published.inspection_id)
        found = await in_thread(info.context.questions.inspections_by_id, [inspection_id])
        return inspection_from(found[inspection_id])

    @strawberry.mutation(
        description="Record that a judgement's grade was wrong, with a reason. Needs an editor token."
    )
    async def correct_judgement(self, info: Info, input: CorrectJudgementInput) -> Judgement:
        principal = _principal(info, "correct", "correct judgements")
        correction = statement_from(CorrectionToRecord, input)
        try:
            position = await in_thread(
                lambda: info.context.recording.correct_judgement(
                    correction, corrected_by=principal.name, attribution=_via(principal, "correctJudgement")
                )
            )
        except DomainError as error:
            raise InputProblems.of_domain(error) from None
        info.context.written_position = position
        await reached(info.context, position)
        current = await in_thread(info.context.questions.current_version, correction.judgement)
        return judgement_from(current)

    @strawberry.mutation(
        description="Withdraw a document: it leaves every picture from now on. Needs an editor token."
    )
    async def withdraw_inspection(self, info: Info, id: strawberry.ID, reason: str) -> Inspection:
        principal = _principal(info, "withdraw", "withdraw documents")
        try:
            position = await in_thread(
                lambda: info.context.recording.withdraw(
                    str(id),
                    reason=reason,
                    withdrawn_by=principal.name,
                    attribution=_via(principal, "withdrawInspection"),
                )
            )
        except DomainError as error:
            raise InputProblems.of_domain(error, root="") from None
        info.context.written_position = position
        await reached(info.context, position)
        row = (await in_thread(info.context.questions.inspections_by_id, [str(id)]))[str(id)]
        return inspection_from(row)
