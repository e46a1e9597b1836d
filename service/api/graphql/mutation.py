"""Writes: publish a document, correct a judgement, withdraw a document.

Reads are public; writes need a bearer token whose role permits them. Every
write answers with the log position it wrote, in the response's
`extensions.position` and on the returned object, so a client can read its
own writes by passing it as `minPosition`.

Each write answers with what it recorded, read back from the log, never from
the read models: a projection worker that is behind cannot make a recorded
write look failed. Each field is nullable, so that in a request of several
writes each reports its own outcome (the GraphQL spec's field errors): one
refused write is null with its errors, and the others still answer.
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from domain.errors import DomainError, UnknownJudgement
from service.adapters.tokens import Principal, TokenError
from service.api.graphql.context import Info
from service.api.graphql.errors import InputProblems, access_error, forbidden
from service.api.graphql.inputs import (
    CorrectJudgementInput,
    PublishInspectionInput,
    statement_from,
)
from service.api.graphql.inspection import Inspection, inspection_as_recorded
from service.api.graphql.judgement import Judgement, judgement_from
from service.api.graphql.loaders import write_in_thread
from service.application.documents import (
    Attribution,
    CorrectionToRecord,
    DocumentRejected,
    DocumentToPublish,
)
from service.application.recorded_documents import DocumentAsRecorded
from service.application.recording import Written

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


def _not_known_yet(judgement: str, position: int, head: int) -> GraphQLError:
    return GraphQLError(
        f"input.judgement: the read models, at position {position} of the log's {head}, do not know "
        f"judgement {judgement} yet; it may have been recorded a moment ago. Nothing was recorded: "
        "retry once they have caught up",
        extensions={"code": "READ_MODELS_BEHIND", "field": "input.judgement", "head": head},
    )


async def _read_back(info: Info, written: Written) -> DocumentAsRecorded:
    """The document as the write recorded it. Should reading it back fail
    (the database gone a moment after the save), the error says the write was
    recorded, so that no client repeats or reports as failed what stands."""
    try:
        return await write_in_thread(info.context.recorded.document, written.inspection_id)
    except Exception as error:
        raise GraphQLError(
            f"the write was recorded (document {written.inspection_id}, log position {written.position}) "
            f"but reading it back failed ({type(error).__name__}); do not repeat it: query the document "
            "with minPosition instead",
            extensions={"code": "RECORDED", "id": str(written.inspection_id), "position": written.position},
        ) from error


def _written(info: Info, position: int) -> None:
    """Report the furthest position this request's writes reached."""
    info.context.written_position = max(position, info.context.written_position or 0)


def _via(principal: Principal, mutation: str) -> Attribution:
    return Attribution(recorded_by=principal.name, recorded_via=f"GraphQL {mutation}")


def _document(given: PublishInspectionInput, principal: Principal) -> DocumentToPublish:
    if len(given.judgements) > MAX_JUDGEMENTS:
        raise InputProblems([("input.judgements", f"at most {MAX_JUDGEMENTS} judgements per document")])
    if len(given.recommendations) > MAX_RECOMMENDATIONS:
        raise InputProblems(
            [("input.recommendations", f"at most {MAX_RECOMMENDATIONS} recommendations per document")]
        )
    stated = given.source if given.source is not None and given.source.strip() else None
    return statement_from(
        DocumentToPublish, given, source=stated or f"recorded through the API by {principal.name}"
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Record a newly published document, atomically. Needs a recorder token. Answers with "
        "the document as recorded (a judgement's validUntil is left to queries); null, with errors naming "
        "each field, when refused, and then nothing was recorded."
    )
    async def publish_inspection(self, info: Info, input: PublishInspectionInput) -> Inspection | None:
        principal = _principal(info, "publish", "publish documents")
        document = _document(input, principal)
        try:
            published = await write_in_thread(
                info.context.recording.publish, document, _via(principal, "publishInspection")
            )
        except DocumentRejected as rejected:
            raise InputProblems.of_document(rejected) from None
        except DomainError as error:
            raise InputProblems.of_domain(error) from None
        _written(info, published.position)
        return inspection_as_recorded(await _read_back(info, published))

    @strawberry.mutation(
        description="Record that a judgement's grade was wrong, with a reason. Needs an editor token. "
        "Null, with errors naming each field, when refused, and then nothing was recorded."
    )
    async def correct_judgement(self, info: Info, input: CorrectJudgementInput) -> Judgement | None:
        principal = _principal(info, "correct", "correct judgements")
        correction = statement_from(CorrectionToRecord, input)

        def correct() -> Written:
            return info.context.recording.correct_judgement(
                correction, corrected_by=principal.name, attribution=_via(principal, "correctJudgement")
            )

        try:
            try:
                written = await write_in_thread(correct)
            except UnknownJudgement:
                # Published a moment ago, a judgement may not be projected yet
                # (worker mode): once the read models reach the log's head, ask
                # again. If they do not, its being unknown proves nothing.
                behind = await info.context.positions.behind_the_head()
                if behind is not None:
                    raise _not_known_yet(correction.judgement, *behind) from None
                written = await write_in_thread(correct)
        except DomainError as error:
            raise InputProblems.of_domain(error) from None
        _written(info, written.position)
        document = await _read_back(info, written)
        return judgement_from(document.judgement(correction.judgement), None, document)

    @strawberry.mutation(
        description="Withdraw a document: it leaves every picture from now on. Needs an editor token. "
        "Null, with errors naming each field, when refused, and then nothing was recorded."
    )
    async def withdraw_inspection(self, info: Info, id: strawberry.ID, reason: str) -> Inspection | None:
        principal = _principal(info, "withdraw", "withdraw documents")
        try:
            written = await write_in_thread(
                lambda: info.context.recording.withdraw(
                    str(id),
                    reason=reason,
                    withdrawn_by=principal.name,
                    attribution=_via(principal, "withdrawInspection"),
                )
            )
        except DomainError as error:
            raise InputProblems.of_domain(error, root="") from None
        _written(info, written.position)
        return inspection_as_recorded(await _read_back(info, written))
