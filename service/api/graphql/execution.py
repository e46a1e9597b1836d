"""Plain fields completed in one pass, without graphql-core's per-field machinery.

(Longer than most modules: the executor, its planner and its completions
are one mechanism, read together; the private parts of strawberry and
graphql-core it relies on are listed in service.library_hooks.strawberry,
and `GRAPHQL_EXECUTOR=stock` runs without it.)

graphql-core spends about 5 µs on every field it executes: a path, a resolve
info, the resolver, completion by type. Most of our fields are plain
attributes of objects built from read-model rows (strawberry's basic fields:
no resolver, no arguments, no extensions). For those, this executor reads
the attribute and serialises it directly. Anything else (a field with a
resolver, an abstract type, deferred fragments, field middleware) goes
through graphql-core unchanged; and if a plain value turns out to be wrong (a
null where the schema says non-null, a value a scalar refuses), the whole
object is executed again the ordinary way, so that errors, their paths and
their messages are exactly graphql-core's. Reading plain attributes twice has
no side effects, and none of the object's resolvers has run before that.

How to complete a selection is planned once per selection and kept across
requests: the parser cache hands every request of the same query the same
syntax nodes, so a plan is keyed by their identity (and keeps them alive, so
that the identity is never reused). Which nodes are selected is decided per
request (by @skip and @include, with that request's variables) before the
plan is looked up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    InlineFragmentNode,
    SelectionSetNode,
)
from graphql.pyutils import AwaitableOrValue, Path, Undefined

from service.library_hooks.strawberry import (
    CoreExecutionContext,
    FieldDetailsList,
    FragmentDetails,
    GroupedFieldSet,
    plain_attribute,
)

Complete = Callable[["PlainFieldsExecutor", Any], Any]
# One response key: the attribute to read (or a constant, for __typename) and
# how to complete its value; None where graphql-core must execute the field.
Step = tuple[str | None, Any, Complete] | None
Plan = list[tuple[str, Step]]

MAX_PLANS = 4096
# Python types graphql-core's serializers return unchanged (Int is left out:
# it also checks the value fits in 32 bits).
_PASSED_THROUGH: dict[str, type] = {"String": str, "ID": str, "Boolean": bool}
_plans: dict[tuple[object, ...], tuple[Plan, GroupedFieldSet]] = {}


class NotPlain(Exception):
    """A value the fast path must not complete: leave the object to graphql-core."""


class PlainFieldsExecutor(CoreExecutionContext):
    """The executor strawberry uses, with plain fields completed directly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # This request's plans of nested selections, by the field group selecting them.
        self._nested: dict[int, Plan] = {}

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        # Root fields (no path), field middleware (an extension's resolve hook
        # must see every field) and incremental delivery take the ordinary path.
        middleware = self.middleware_manager.middlewares if self.middleware_manager else ()
        if path is None or middleware or position_context is not None:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        plan = self.plan(parent_type, grouped_field_set)
        plain: dict[str, Any] = {}
        try:
            for response_name, step in plan:
                if step is not None:
                    attribute, constant, complete = step
                    value = constant if attribute is None else getattr(source_value, attribute)
                    plain[response_name] = complete(self, value)
        except Exception:  # a null where none is allowed, a refused scalar, a missing attribute
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        if len(plain) == len(plan):
            return plain
        # Some fields need graphql-core: execute exactly those, then merge in
        # the query's order.
        rest = {name: group for name, group in grouped_field_set.items() if name not in plain}
        executed = super().execute_fields(parent_type, source_value, path, rest, position_context)
        if self.is_awaitable(executed):

            async def merged() -> dict[str, Any]:
                return _in_order(plan, plain, await executed)

            return merged()
        assert isinstance(executed, dict)
        return _in_order(plan, plain, executed)

    def plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> Plan:
        key = (
            self.schema,
            parent_type.name,
            *(id(details.node) for group in grouped_field_set.values() for details in group),
        )
        found = _plans.get(key)
        if found is not None:
            return found[0]
        plan = [(name, self._step(parent_type, group)) for name, group in grouped_field_set.items()]
        if len(_plans) >= MAX_PLANS:
            _plans.clear()
        _plans[key] = (plan, grouped_field_set)
        return plan

    def nested_plan(self, object_type: GraphQLObjectType, group: FieldDetailsList) -> Plan:
        """The plan of the selection `group` makes on `object_type`, collected
        for this request (@skip and @include depend on its variables)."""
        plan = self._nested.get(id(group))
        if plan is None:
            grouped, defer_usages, _ = self.collect_subfields(object_type, group)
            if defer_usages:
                raise NotPlain
            plan = self._nested[id(group)] = self.plan(object_type, grouped)
        return plan

    def complete_plain_object(self, plan: Plan, source_value: Any) -> dict[str, Any]:
        completed = {}
        for response_name, step in plan:
            if step is None:
                raise NotPlain
            attribute, constant, complete = step
            completed[response_name] = complete(
                self, constant if attribute is None else getattr(source_value, attribute)
            )
        return completed

    def _step(self, parent_type: GraphQLObjectType, group: FieldDetailsList) -> Step:
        node = group[0].node
        name = node.name.value
        if any(d.defer_usage is not None or d.fragment_variable_values is not None for d in group):
            return None
        if name == "__typename":
            return (None, parent_type.name, _constant)
        if node.arguments or any(d.name.value not in ("skip", "include") for d in node.directives or ()):
            return None
        field = parent_type.fields.get(name)
        attribute = plain_attribute(field) if field is not None else None
        if field is None or attribute is None:
            return None
        complete = _completion(field.type, group, self)
        if complete is None:
            return None
        return (attribute, None, complete)


def _completion(
    of_type: GraphQLOutputType, group: FieldDetailsList, planner: PlainFieldsExecutor
) -> Complete | None:
    """How to complete a plain value of `of_type`, or None if graphql-core must.
    `planner` is the executor of the request being planned: an object whose
    selection (as that request collects it) is not all plain is left to
    graphql-core, which then completes its plain fields here one object at a time."""
    non_null = isinstance(of_type, GraphQLNonNull)
    inner_type = of_type.of_type if isinstance(of_type, GraphQLNonNull) else of_type
    if isinstance(inner_type, (GraphQLScalarType, GraphQLEnumType)):
        # Leaves are the most numerous fields: one call each, null check included.
        return _leaf(inner_type, non_null)
    inner = _nullable_completion(inner_type, group, planner)
    if inner is None:
        return None
    if non_null:

        def required(executor: PlainFieldsExecutor, value: Any) -> Any:
            if value is None:
                raise NotPlain
            return inner(executor, value)

        return required

    def optional(executor: PlainFieldsExecutor, value: Any) -> Any:
        return None if value is None else inner(executor, value)

    return optional


def _leaf(leaf_type: GraphQLScalarType | GraphQLEnumType, non_null: bool) -> Complete:
    exact = _PASSED_THROUGH.get(leaf_type.name) if isinstance(leaf_type, GraphQLScalarType) else None
    serialize = leaf_type.serialize

    def leaf(executor: PlainFieldsExecutor, value: Any) -> Any:
        if type(value) is exact:
            return value
        if value is None:
            if non_null:
                raise NotPlain
            return None
        serialized = serialize(value)
        if serialized is None or serialized is Undefined:
            raise NotPlain
        return serialized

    return leaf


def _nullable_completion(
    of_type: GraphQLOutputType, group: FieldDetailsList, planner: PlainFieldsExecutor
) -> Complete | None:
    if isinstance(of_type, GraphQLList):
        item = _completion(of_type.of_type, group, planner)
        if item is None:
            return None

        def each(executor: PlainFieldsExecutor, value: Any) -> Any:
            if not isinstance(value, (list, tuple)):
                raise NotPlain
            return [item(executor, v) for v in value]

        return each
    if isinstance(of_type, GraphQLObjectType) and of_type.is_type_of is None:
        object_type = of_type
        grouped, defer_usages, _ = planner.collect_subfields(object_type, group)
        plan = planner.plan(object_type, grouped)
        if defer_usages or any(step is None for _, step in plan):
            return None
        if not _directives_under(group, planner.fragments):
            # Nothing below depends on a request's variables: the selection is
            # the same for every request, and so is its plan.
            def fixed_object_value(executor: PlainFieldsExecutor, value: Any) -> Any:
                return executor.complete_plain_object(plan, value)

            return fixed_object_value

        def object_value(executor: PlainFieldsExecutor, value: Any) -> Any:
            return executor.complete_plain_object(executor.nested_plan(object_type, group), value)

        return object_value
    return None


def _directives_under(group: FieldDetailsList, fragments: Mapping[str, FragmentDetails]) -> bool:
    """Whether any directive appears in the selections below a field group,
    fragments included (a directive such as @include makes the selection
    depend on the request's variables)."""
    pending: list[SelectionSetNode] = [d.node.selection_set for d in group if d.node.selection_set]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if selection.directives:
                return True
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                details = fragments.get(name)
                if name not in seen and details is not None:
                    seen.add(name)
                    if details.definition.directives:
                        return True
                    pending.append(details.definition.selection_set)
            elif isinstance(selection, (FieldNode, InlineFragmentNode)) and selection.selection_set:
                pending.append(selection.selection_set)
    return False


def _constant(executor: PlainFieldsExecutor, value: Any) -> Any:
    return value


def _in_order(plan: Plan, plain: dict[str, Any], executed: dict[str, Any]) -> dict[str, Any]:
    """Both parts of an object's response, in the order the query asked for them."""
    merged = {}
    for name, _ in plan:
        if name in plain:
            merged[name] = plain[name]
        elif name in executed:
            merged[name] = executed[name]
    return merged
