"""Every place this service relies on strawberry (0.341) and graphql-core (3.3)
beyond their public API.

Nothing outside this module and the executor it serves
(service.api.graphql.execution) touches these parts. Each hook has a
contract test in tests/integration/test_library_contracts.py that fails, naming the
hook, when an upgrade removes or changes what it relies on.
`GRAPHQL_EXECUTOR=stock` runs without any of them: strawberry's own executor,
parser and validation.

The hooks, and what each relies on:

* `CoreExecutionContext`: strawberry's graphql-core execution context
  (`strawberry.schema.schema.StrawberryGraphQLCoreExecutionContext`), which
  `execution_context_class` may subclass. Used by the plain-fields executor.
* `ExecutionContext.execute_fields`: graphql-core calls
  `execute_fields(parent_type, source_value, path, grouped_field_set,
  position_context)` for every object it completes, `path` None at the root.
  The plain-fields executor overrides it.
* `ExecutionContext.collect_subfields`: `collect_subfields(return_type,
  field_details_list)` returns `(grouped_field_set, defer_usages, ...)`;
  `fragments`, `middleware_manager` and `is_awaitable` are attributes of the
  context. Used by the plain-fields executor.
* `collect_fields types`: `graphql.execution.collect_fields.FieldDetailsList`,
  `GroupedFieldSet` and `FragmentDetails`; a field detail's `node`,
  `defer_usage` and `fragment_variable_values`. Used by the plain-fields executor.
* `DEFINITION_BACKREF`: a graphql-core field's
  `extensions[GraphQLCoreConverter.DEFINITION_BACKREF]` is its strawberry
  field, whose `python_name` is the attribute it reads. Used by `plain_attribute`.
* `Schema._schema`: a strawberry schema's graphql-core schema, to validate
  with our own cache. Used by `core_schema`, for `OperationPipeline`.
* `create_validator`: `strawberry.extensions.query_depth_limiter.create_validator`
  and `strawberry.extensions.max_aliases.create_validator` make the limit
  rules the stock `QueryDepthLimiter` and `MaxAliasesLimiter` extensions use,
  once, so that validation can be cached by query text. Used by `limit_rules`.
"""

from __future__ import annotations

from typing import Any

from graphql import ASTValidationRule, GraphQLField, GraphQLSchema
from graphql.execution.collect_fields import FieldDetailsList, FragmentDetails, GroupedFieldSet
from strawberry import Schema
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.resolvers import is_default_resolver
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

CoreExecutionContext = StrawberryGraphQLCoreExecutionContext
# Each has a contract test of the same name in tests/integration/test_library_contracts.py.
HOOKS = (
    "create_validator",
    "CoreExecutionContext",
    "ExecutionContext.execute_fields",
    "ExecutionContext.collect_subfields",
    "collect_fields types",
    "DEFINITION_BACKREF",
    "Schema._schema",
)

__all__ = [
    "HOOKS",
    "CoreExecutionContext",
    "FieldDetailsList",
    "FragmentDetails",
    "GroupedFieldSet",
    "core_schema",
    "limit_rules",
    "plain_attribute",
]


def plain_attribute(field: GraphQLField) -> str | None:
    """The Python attribute a field reads, where it is a strawberry field
    without a resolver of its own and without arguments; else None."""
    if field.args or not is_default_resolver(field.resolve):  # type: ignore[arg-type]
        return None
    definition: Any = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    name = getattr(definition, "python_name", None)
    return name if isinstance(name, str) else None


def limit_rules(max_depth: int, max_aliases: int) -> tuple[type[ASTValidationRule], ...]:
    """The depth and alias limits as validation rules, made once."""
    return depth_rule(max_depth, None), aliases_rule(max_aliases)


def core_schema(schema: Schema) -> GraphQLSchema:
    """The graphql-core schema a strawberry schema executes with."""
    core = schema._schema
    assert isinstance(core, GraphQLSchema)
    return core
