"""A cost limit that counts what a query will return.

Depth alone lets a short query fan out without bound:
`picture { judgements { inspection { judgements { inspection { ... } } } } }`
stays within depth 10 yet multiplies rows at every list it passes through.
The cost of an operation is the number of fields it would resolve if every
list returned its typical size where it stands (a picture holds about 40
judgements, a single document about 10) and every page its `first`; an
operation over the limit is refused before anything runs. Fragments are
expanded where they are spread, so they cannot hide cost.

`first` may be a variable, so the cost is reckoned with the request's
variables, once per query text and page size.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)

from service.api.graphql.national import MAX_DAYS
from service.api.graphql.pagination import MAX_PAGE

MAX_COST = 30_000
# A document's judgements and recommendations, typically: ILACS and SIF
# reports grade 4 to 6 areas, the 2012 reports 22; letters list up to 40
# areas for development.
PER_DOCUMENT = 10
# Where a list stands (its parent field, None at the top) and its typical size.
SIZES: dict[tuple[str | None, str], int] = {
    (None, "judgements"): 300,
    (None, "judgementHistory"): 40,
    (None, "recommendations"): 30,
    (None, "authorities"): 160,
    (None, "frameworks"): 10,
    (None, "areas"): 30,
    (None, "themes"): 3,
    (None, "headlineDeclines"): 50,
    (None, "nationalPicture"): 160,
    (None, "nationalCounts"): 4,
    (None, "nationalCountsByDay"): MAX_DAYS,
    ("nationalCountsByDay", "counts"): 4,
    ("nationalPicture", "judgements"): PER_DOCUMENT,
    ("picture", "judgements"): 40,
    ("picture", "inspections"): 3,
}
# The same lists anywhere else: under a document, or small lists of a type.
ELSEWHERE = {
    "judgements": PER_DOCUMENT,
    "recommendations": PER_DOCUMENT,
    "replacedBy": 2,
    "predecessors": 3,
    "names": 2,
    "grades": 4,
}
# Connections page through `first` items (their default when not given).
PAGED = {"inspections": 50, "events": 100}


# Costs by (query text, operation, page sizes asked): graphql-core's syntax
# nodes hash their whole tree on every lookup, so they are never used as keys.
_costs: dict[tuple[str, str | None, tuple[tuple[str, int], ...]], int] = {}
# The variables each query passes as `first`.
_paging: dict[str, frozenset[str]] = {}
CACHED = 1024


def cost_refusal(
    query: str, document: DocumentNode, operation_name: str | None, variables: Mapping[str, Any] | None
) -> GraphQLError | None:
    """An error if the operation would resolve more fields than the limit allows."""
    operation = _operation(document, operation_name)
    if operation is None:
        return None
    pages = tuple(sorted(_pages(query, document, variables or {}).items()))
    key = (query, operation_name, pages)
    cost = _costs.get(key)
    if cost is None:
        if len(_costs) >= CACHED:
            _costs.clear()
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        cost = _costs[key] = _Reckoning(fragments, dict(pages)).selection(
            operation.selection_set, None, 1, 1, frozenset()
        )
    if cost <= MAX_COST:
        return None
    name = operation.name.value if operation.name else "the operation"
    return GraphQLError(
        f"{name} would resolve about {cost:,} fields, over the limit of {MAX_COST:,}; "
        "ask for fewer nested lists, or page through them with a smaller first",
        operation,
        extensions={"code": "QUERY_TOO_COSTLY"},
    )


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def _pages(query: str, document: DocumentNode, variables: Mapping[str, Any]) -> dict[str, int]:
    """The page size each variable passed as `first` asks for."""
    names = _paging.get(query)
    if names is None:
        if len(_paging) >= CACHED:
            _paging.clear()
        names = _paging[query] = frozenset(
            name for definition in document.definitions for name in _first_variables(definition)
        )
    found: dict[str, int] = {}
    for name in names:
        value = variables.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            # A page is never larger than the largest page; a `first` beyond
            # it is refused, naming the argument, when the field runs.
            found[name] = max(0, min(value, MAX_PAGE))
    return found


def _first_variables(node: Any) -> set[str]:
    """The variables passed as `first` anywhere below a node (fragments included)."""
    names: set[str] = set()
    for argument in getattr(node, "arguments", None) or ():
        if argument.name.value == "first" and isinstance(argument.value, VariableNode):
            names.add(argument.value.name.value)
    selections = getattr(node, "selection_set", None)
    for selection in selections.selections if selections else ():
        names |= _first_variables(selection)
    return names


class _Reckoning:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode], pages: dict[str, int]) -> None:
        self.fragments = fragments
        self.pages = pages

    def selection(
        self,
        selections: SelectionSetNode | None,
        parent: str | None,
        multiplier: int,
        page: int,
        seen: frozenset[str],
    ) -> int:
        """Fields resolved under `parent`, each list multiplying what lies below it;
        `page` is the page size of the connection `parent` names, if it is one."""
        if selections is None:
            return 0
        cost = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                size, below = self.size(selection, parent, page)
                cost += multiplier + self.selection(
                    selection.selection_set, name, multiplier * size, below, seen
                )
            elif isinstance(selection, InlineFragmentNode):
                cost += self.selection(selection.selection_set, parent, multiplier, page, seen)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None and selection.name.value not in seen:  # cycles are refused elsewhere
                    spread = seen | {selection.name.value}
                    cost += self.selection(fragment.selection_set, parent, multiplier, page, spread)
            if cost > MAX_COST:
                return cost  # enough to refuse; stop walking an enormous query
        return cost

    def size(self, field: FieldNode, parent: str | None, page: int) -> tuple[int, int]:
        """How many of `field` its parent holds, and the page size below it."""
        name = field.name.value
        if name in PAGED and parent is None:
            return 1, self.first(field, PAGED[name])
        if name == "edges" and parent in PAGED:
            return page, 1
        return SIZES.get((parent, name), ELSEWHERE.get(name, 1)), 1

    def first(self, connection: FieldNode, default: int) -> int:
        for argument in connection.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(0, min(int(value.value), MAX_PAGE))
            if isinstance(value, VariableNode):
                return self.pages.get(value.name.value, default)
        return default
