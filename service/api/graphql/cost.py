"""A cost limit: depth alone lets a short query fan out without bound.

`picture { judgements { inspection { judgements { inspection { ... } } } } }`
stays within depth 10 yet multiplies rows at every list it passes through.
The cost of a query is the number of fields it would resolve if every list
returned its typical size; a query over the limit is refused before anything
runs. Fragments are expanded where they are spread, so they cannot hide cost.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)

MAX_COST = 20_000

# Typical sizes of the lists the schema returns; any other field counts 1.
LIST_SIZES = {
    "judgements": 40,
    "judgementHistory": 40,
    "recommendations": 30,
    "inspections": 20,
    "edges": 50,
    "authorities": 160,
    "replacedBy": 2,
    "frameworks": 10,
    "grades": 4,
    "headlineDeclines": 50,
}


def selection_cost(
    selections: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    multiplier: int,
    seen: frozenset[str] = frozenset(),
) -> int:
    if selections is None:
        return 0
    cost = 0
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            size = LIST_SIZES.get(selection.name.value, 1)
            cost += multiplier + selection_cost(selection.selection_set, fragments, multiplier * size, seen)
        elif isinstance(selection, InlineFragmentNode):
            cost += selection_cost(selection.selection_set, fragments, multiplier, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in seen:  # cycles are refused by another rule
                cost += selection_cost(fragment.selection_set, fragments, multiplier, seen | {name})
        if cost > MAX_COST:
            return cost  # enough to refuse; stop walking an enormous query
    return cost


class CostLimit(ValidationRule):
    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        fragments = {
            d.name.value: d
            for d in self.context.document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        cost = selection_cost(node.selection_set, fragments, 1)
        if cost > MAX_COST:
            name = node.name.value if node.name else "the operation"
            self.report_error(
                GraphQLError(
                    f"{name} would resolve about {cost:,} fields, over the limit of {MAX_COST:,}; "
                    "ask for fewer nested lists, or page through them",
                    node,
                    extensions={"code": "QUERY_TOO_COSTLY"},
                )
            )
