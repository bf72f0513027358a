"""Which names are people's: measured once per rebuild, so that screening a batch of known
names does not pay for loading the person-name dictionary (several seconds per process).

Only names whose shape leaves the question open need the dictionary; res_person_names keeps
the answers for the Canadian and family names of the last rebuild.
"""

from collections.abc import Iterable

import duckdb

from iceout.db import insert_rows
from iceout.normalize.names import looks_like_person, people, person_shape

_known: dict[str, bool] = {}


def is_person(name: str) -> bool:
    if name in _known:
        return _known[name]
    shape = person_shape(name)
    return shape if shape is not None else looks_like_person(name)


def build_person_table(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> None:
    open_question = sorted({n for n in names if person_shape(n) is None})
    con.execute(
        "CREATE OR REPLACE TABLE res_person_names (name VARCHAR PRIMARY KEY, person BOOLEAN)"
    )
    insert_rows(
        con,
        "res_person_names",
        [{"name": n, "person": p} for n, p in people(open_question).items()],
    )


def load_person_table(con: duckdb.DuckDBPyConnection) -> None:
    _known.update(dict(con.execute("SELECT name, person FROM res_person_names").fetchall()))
