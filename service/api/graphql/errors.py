"""Errors a client can act on: each says which input field is wrong and why.

A resolver raises one exception; a document with several problems raises
`InputProblems`, which `as_the_client_sees_them` turns into one GraphQL error
per problem, each naming its field path. A database that cannot be reached
is said as such (code DATABASE_UNAVAILABLE), so that a client knows to ask
again rather than suspect its question.
"""

from __future__ import annotations

import re

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    visit,
)

from domain.errors import DomainError, shown
from service.adapters.stores import unavailability
from service.adapters.tokens import TokenError
from service.application.documents import DocumentRejected
from service.application.questions import QueryError


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
                (_under(root, p.field_path), f"{p.error.problem} (got {shown(p.error.value)})")
                for p in rejected.problems
            ]
        )

    @classmethod
    def of_domain(cls, error: DomainError, root: str = "input") -> InputProblems:
        return cls([(_under(root, error.field), f"{error.problem} (got {shown(error.value)})")])


def _under(root: str, path: str) -> str:
    return camel(f"{root}.{path}" if root else path)


def access_error(error: TokenError) -> GraphQLError:
    return GraphQLError(str(error), extensions={"code": error.code})


def forbidden(role: str, action: str) -> GraphQLError:
    return GraphQLError(
        f"the role {role!r} may not {action}; an editor token is needed", extensions={"code": "FORBIDDEN"}
    )


def as_the_client_sees_them(errors: list[GraphQLError]) -> list[GraphQLError]:
    """Each `InputProblems` as one error per problem, each naming its field
    path, and a question's `QueryError` naming its argument, in extensions
    as well as in words; an unreachable database said as such."""
    seen: list[GraphQLError] = []
    for error in errors:
        original = error.original_error
        problem = unavailability(original) if original is not None else None
        if problem is not None:
            seen.append(
                GraphQLError(
                    f"the database is unavailable, try again shortly: {problem}",
                    nodes=error.nodes,
                    path=error.path,
                    extensions={"code": "DATABASE_UNAVAILABLE"},
                )
            )
            continue
        if isinstance(original, QueryError):
            # As an input problem of a write: which argument, in extensions too.
            seen.append(
                GraphQLError(
                    error.message,
                    nodes=error.nodes,
                    path=error.path,
                    extensions={"code": "BAD_USER_INPUT", "field": original.argument},
                )
            )
            continue
        if not isinstance(original, InputProblems):
            seen.append(error)
            continue
        for path, message in original.problems:
            seen.append(
                GraphQLError(
                    f"{path}: {message}",
                    nodes=error.nodes,
                    path=error.path,
                    extensions={"code": "BAD_USER_INPUT", "field": path},
                )
            )
    return seen


def naming_arguments(errors: list[GraphQLError], document: DocumentNode | None) -> list[GraphQLError]:
    """A value that is not of its argument's type is refused by graphql-core
    naming only its type (or the variable): each such error names the
    argument too, in `extensions.field`, as every other refusal here does."""
    if document is None or not any(e.nodes and not e.extensions for e in errors):
        return errors
    arguments = _arguments(document)
    named: list[GraphQLError] = []
    for error in errors:
        node = error.nodes[0] if error.nodes else None
        field = None
        if node is not None and not error.extensions:
            if isinstance(node, VariableDefinitionNode):
                field = arguments.get(f"${node.variable.name.value}")
            else:
                field = arguments.get(id(node))
        if field is None:
            named.append(error)
            continue
        named.append(
            GraphQLError(
                error.message,
                nodes=error.nodes,
                path=error.path,
                original_error=error.original_error,
                extensions={"code": "BAD_USER_INPUT", "field": field},
            )
        )
    return named


def _arguments(document: DocumentNode) -> dict[object, str]:
    """Each argument value of the document (by node identity) and each
    variable ("$name") mapped to the argument path it is given for."""
    found: dict[object, str] = {}

    def value(node: ValueNode, path: str) -> None:
        found[id(node)] = path
        if isinstance(node, VariableNode):
            found.setdefault(f"${node.name.value}", path)
        elif isinstance(node, ObjectValueNode):
            for field in node.fields:
                value(field.value, f"{path}.{field.name.value}")
        elif isinstance(node, ListValueNode):
            for index, item in enumerate(node.values):
                value(item, f"{path}[{index}]")

    class Arguments(Visitor):
        def enter_argument(self, node: ArgumentNode, *_: object) -> None:
            value(node.value, node.name.value)

    visit(document, Arguments())
    return found


def operation_name_missing(document: DocumentNode, provided_name: str | None) -> GraphQLError | None:
    """A document holding several operations must say which to run (the
    GraphQL spec's GetOperation); strawberry would silently run the first."""
    if provided_name is not None:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) < 2:
        return None
    return GraphQLError(
        "the document holds several operations: send operationName to say which to run",
        extensions={"code": "OPERATION_NAME_REQUIRED"},
    )
