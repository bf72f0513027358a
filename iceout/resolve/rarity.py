"""Word rarity: one definition and one table (res_word_rarity) for scoring and blocking.

A document is a family (all its names together, so that a brand listed under ten aliases
counts as one company) or one Canadian name. A token's df is the number of documents carrying
it; a document carries each word of its names (profile tokens), each word with its
abbreviation expanded ('intl' also counts for 'international'), and each word's stem
(blocking.stem: 'secu*'), so the comparator (iceout/resolve/scoring.py) and blocking
(iceout/resolve/blocking.py) weigh a word by the same count. Stems are marked so that a stem
never inflates the count of a real word of four letters ('data*' of 'database' is not 'data').
"""

from collections.abc import Iterable

import duckdb

from iceout.db import insert_rows
from iceout.resolve.blocking import blocking_key
from iceout.resolve.profile import profile

DOCUMENTS = "#names"  # the row holding the number of documents

RARITY_DDL = "CREATE OR REPLACE TABLE res_word_rarity (token VARCHAR, df INTEGER)"


def name_tokens(name: str) -> set[str]:
    """What one name contributes to its document: words, expanded words and stems."""
    key = profile(name).key
    return {*key.split(), *blocking_key(key).split()}


def document_frequency(documents: Iterable[Iterable[str]]) -> tuple[dict[str, int], int]:
    """(token -> documents carrying it, number of documents); each document is a list of
    names."""
    df: dict[str, int] = {}
    count = 0
    for names in documents:
        count += 1
        tokens: set[str] = set()
        for name in names:
            tokens |= name_tokens(name)
        for token in tokens:
            df[token] = df.get(token, 0) + 1
    return df, count


def build_word_rarity(con: duckdb.DuckDBPyConnection, canadian_names: list[str]) -> None:
    """res_word_rarity over the families (res_family_names) and the Canadian names."""
    families: dict[str, list[str]] = {}
    for family_id, name in con.execute(
        "SELECT DISTINCT family_id, name FROM res_family_names ORDER BY ALL"
    ).fetchall():
        families.setdefault(family_id, []).append(name)
    df, count = document_frequency([*families.values(), *([n] for n in canadian_names)])
    con.execute(RARITY_DDL)
    rows = [{"token": t, "df": n} for t, n in df.items()]
    insert_rows(con, "res_word_rarity", [*rows, {"token": DOCUMENTS, "df": count}])


def load_word_rarity(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, int], int]:
    """(token -> df, number of documents) as measured at the last rebuild."""
    df = dict(con.execute("SELECT token, df FROM res_word_rarity").fetchall())
    return df, max(int(df.pop(DOCUMENTS, 1)), 1)
