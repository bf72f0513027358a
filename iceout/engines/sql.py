"""One SQL text per step, run on DuckDB as written and on Spark through sqlglot.

A stage's statement (`CREATE OR REPLACE [TEMP] TABLE t AS SELECT ...` or `DELETE FROM t WHERE
...`) becomes a `Step`: the table it writes and a Spark SELECT that computes it. Values are
bound into the syntax tree as literals (never formatted into the text), stars are expanded
against the input tables' columns (Spark has no `* EXCLUDE`, no `UNION BY NAME`), and the
DuckDB functions whose Spark spelling differs in meaning are rewritten here, in one place.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.optimizer.qualify import qualify

# table -> {column: type}: what sqlglot needs to expand `*` as DuckDB would.
Schema = Mapping[str, Mapping[str, str]]


class TranspileError(Exception):
    """A statement this module cannot carry to Spark: a programming error, named clearly."""


@dataclass(frozen=True)
class Step:
    table: str
    select: str  # Spark SQL


def literal(value: Any) -> exp.Expr:
    if isinstance(value, list | tuple):
        return exp.Array(expressions=[literal(v) for v in value])
    if isinstance(value, date):
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.build("DATE"))
    if value is None:
        return exp.Null()
    return exp.convert(value)


def bind(tree: exp.Expr, params: Mapping[str, Any]) -> exp.Expr:
    """Replace each `$name` with its value as a literal node of the tree."""

    def replace(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Placeholder) and node.name:
            if node.name not in params:
                raise TranspileError(f"no value bound for ${node.name}")
            return literal(params[node.name])
        return node

    return tree.transform(replace)


def _sorted_lists(tree: exp.Expr) -> exp.Expr:
    """`list(DISTINCT x ORDER BY x)` keeps its order on Spark: array_sort(collect_set(x))."""

    def rewrite(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.ArrayAgg) and isinstance(node.this, exp.Order):
            inner = node.this.this
            distinct = isinstance(inner, exp.Distinct)
            value = inner.expressions[0] if distinct else inner
            keys = node.this.expressions
            if len(keys) != 1 or keys[0].this != value or keys[0].args.get("desc"):
                raise TranspileError(f"only list(x ORDER BY x) is carried to Spark: {node.sql()}")
            agg = exp.ArrayUniqueAgg if distinct else exp.ArrayAgg
            return exp.func("array_sort", agg(this=value.copy()))
        return node

    return tree.transform(rewrite)


def _union_by_name(tree: exp.Expr) -> exp.Expr:
    """UNION ALL BY NAME of two selects with the same columns in the same order: a plain UNION."""
    for union in tree.find_all(exp.Union):
        if union.args.get("by_name"):
            left, right = union.left.named_selects, union.right.named_selects
            if left != right:
                raise TranspileError(f"UNION BY NAME of different columns: {left} / {right}")
            union.set("by_name", None)
    return tree


def _named_windows(tree: exp.Expr) -> exp.Expr:
    """`OVER (same ORDER BY x)` with `WINDOW same AS (PARTITION BY ...)`: Spark cannot extend a
    named window, so every window naming one gets its definition written in."""
    for select in list(tree.find_all(exp.Select)):
        named = {w.this.name: w for w in select.args.get("windows") or []}
        if not named:
            continue
        for window in select.find_all(exp.Window):
            alias = window.args.get("alias")
            if window.parent is not select and alias is not None and alias.name in named:
                base = named[alias.name]
                window.set("alias", None)
                for part in ("partition_by", "order", "spec"):
                    if base.args.get(part) and not window.args.get(part):
                        value = base.args[part]
                        window.set(
                            part,
                            [v.copy() for v in value] if isinstance(value, list) else value.copy(),
                        )
        select.set("windows", None)
    return tree


def parse(sql: str) -> exp.Expr:
    return sqlglot.parse_one(sql, read="duckdb")


def to_spark(
    sql: str, params: Mapping[str, Any] | None = None, schema: Schema | None = None
) -> Step:
    """The Spark step for one DuckDB statement of a stage."""
    tree = bind(parse(sql), params or {})
    if isinstance(tree, exp.Create):
        table, query = tree.this, tree.expression
        if isinstance(table, exp.Schema):
            table = table.this
    elif isinstance(tree, exp.Delete):
        # the rows that stay: Spark tables here are immutable views, rebuilt without them
        table = tree.this
        where = tree.args["where"].this
        query = exp.select("*").from_(table.copy()).where(exp.not_(exp.paren(where.copy())))
    else:
        raise TranspileError(f"not a stage statement: {sql[:60]}")
    query = qualify(
        query,
        schema={t: dict(c) for t, c in (schema or {}).items()},
        dialect="duckdb",
        quote_identifiers=False,
        validate_qualify_columns=False,
    )
    query = _sorted_lists(_union_by_name(_named_windows(query)))
    return Step(table.name, query.sql("spark"))
