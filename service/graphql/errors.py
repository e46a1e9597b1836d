"""Errors a client can act on: each says which input field is wrong and why.

A resolver raises one exception; a document with several problems raises
`InputProblems`, which `OneErrorPerProblem` turns into one GraphQL error per
problem, each naming its field path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from domain.errors import DomainError
from service.application import DocumentRejected
from service.tokens import TokenError


def camel(path: str) -> str:
    """`judgements[2].area_label` as the client wrote it: `judgements[2].areaLabel`."""
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), path)


class InputProblems(ValueError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems))

    @classmethod
    def of_document(cls, rejected: DocumentRejected, root: str = "input") -> InputProblems:
        return cls(
            [
                (_under(root, p.field_path), f"{p.error.problem} (got {p.error.value!r})")
                for p in rejected.problems
            ]
        )

    @classmethod
    def of_domain(cls, error: DomainError, root: str = "input") -> InputProblems:
        return cls([(_under(root, error.field), f"{error.problem} (got {error.value!r})")])


def _under(root: str, path: str) -> str:
    return camel(f"{root}.{path}" if root else path)


def access_error(error: TokenError) -> GraphQLError:
    return GraphQLError(str(error), extensions={"code": error.code})


def forbidden(role: str, action: str) -> GraphQLError:
    return GraphQLError(
        f"the role {role!r} may not {action}; an editor token is needed", extensions={"code": "FORBIDDEN"}
    )


class OneErrorPerProblem(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not getattr(result, "errors", None):
            return
        expanded: list[GraphQLError] = []
        for error in result.errors or []:
            original = error.original_error
            if not isinstance(original, InputProblems):
                expanded.append(error)
                continue
            for path, message in original.problems:
                expanded.append(
                    GraphQLError(
                        f"{path}: {message}",
                        nodes=error.nodes,
                        path=error.path,
                        extensions={"code": "BAD_USER_INPUT", "field": path},
                    )
                )
        result.errors = expanded


class OperationNameRequired(SchemaExtension):
    """A document holding several operations must say which to run (the
    GraphQL spec's GetOperation); strawberry would silently run the first."""

    def on_validate(self) -> Iterator[None]:
        # Listed after ValidationCache, this runs once the cached validation
        # has set the document's errors, and adds its own to them.
        context = self.execution_context
        document = context.graphql_document
        # `operation_name` is filled in with the first operation's name when the
        # client sent none; only the name the client provided tells them apart.
        if document is not None and getattr(context, "_provided_operation_name", None) is None:
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            if len(operations) > 1:
                error = GraphQLError(
                    "the document holds several operations: send operationName to say which to run",
                    extensions={"code": "OPERATION_NAME_REQUIRED"},
                )
                context.pre_execution_errors = [*(context.pre_execution_errors or []), error]
        yield
