"""Candidate generation: token blocking with rarity weights, in SQL.

Two names become a candidate pair when they share words that carry at least half of the
rarity weight of one of them. Qualifier words ('canada', 'services', ...) and words carried by
more than MAX_DF names never block, so 'MANAGEMENT SOLUTIONS INC' does not pair with every
management firm.
"""

import duckdb

from iceout.db import insert_rows
from iceout.normalize.names import QUALIFIER_TOKENS
from iceout.resolve.compare.tokens import ABBREVIATIONS

MAX_DF = 2000
PREFIX = 4  # block on word stems so 'Info. Syst.' meets 'Information Systems'


def blocking_key(key: str) -> str:
    """A name key as blocking tokens: each word (abbreviations expanded) and its stem, so a
    rare word still blocks strongly ('securitas') while its stem meets truncations ('secu')."""
    words = [ABBREVIATIONS.get(t, t) for t in key.split()]
    return " ".join(dict.fromkeys(w for word in words for w in (word, word[:PREFIX])))


TOP_K = 12

TOKENS_SQL = """
CREATE OR REPLACE TEMP TABLE blk_tokens AS
SELECT DISTINCT side, name_id, unnest(string_split(lookup_key, ' ')) AS token
FROM blk_names WHERE lookup_key <> ''
"""

CANDIDATES_SQL = """
CREATE OR REPLACE TEMP TABLE blk_candidates AS
WITH n AS (SELECT count(DISTINCT (side, name_id)) AS n FROM blk_tokens),
weights AS (
    SELECT token, count(*) AS df, ln(((SELECT n FROM n) + 1) / (count(*) + 0.5)) AS weight
    FROM blk_tokens GROUP BY token
),
totals AS (
    SELECT side, name_id, sum(weight) AS total
    FROM blk_tokens JOIN weights USING (token)
    WHERE NOT list_contains($qualifiers, token)
    GROUP BY ALL
),
shared AS (
    SELECT q.name_id AS query_id, w.name_id AS target_id, sum(weights.weight) AS shared
    FROM blk_tokens q
    JOIN blk_tokens w ON q.token = w.token AND q.side = 'query' AND w.side = 'target'
    JOIN weights ON weights.token = q.token
    WHERE weights.df <= $max_df AND NOT list_contains($qualifiers, q.token)
    GROUP BY ALL
)
SELECT query_id, target_id, shared
FROM shared
JOIN totals tq ON tq.side = 'query' AND tq.name_id = query_id
JOIN totals tw ON tw.side = 'target' AND tw.name_id = target_id
WHERE shared >= 0.5 * least(tq.total, tw.total)
QUALIFY row_number() OVER (PARTITION BY query_id ORDER BY shared DESC, target_id) <= $top_k
"""


def candidate_pairs(
    con: duckdb.DuckDBPyConnection, queries: list[tuple[int, str]], targets: list[tuple[int, str]]
) -> list[tuple[int, int]]:
    """(query id, target id) pairs worth scoring; inputs are (id, lookup key) lists."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE blk_names (side VARCHAR, name_id INTEGER, lookup_key VARCHAR)"
    )
    rows = [{"side": "query", "name_id": i, "lookup_key": blocking_key(k)} for i, k in queries]
    rows += [{"side": "target", "name_id": i, "lookup_key": blocking_key(k)} for i, k in targets]
    insert_rows(con, "blk_names", rows)
    con.execute(TOKENS_SQL)
    qualifiers = sorted({blocking_key(t) for t in QUALIFIER_TOKENS})
    con.execute(CANDIDATES_SQL, {"qualifiers": qualifiers, "max_df": MAX_DF, "top_k": TOP_K})
    pairs = con.execute("SELECT query_id, target_id FROM blk_candidates").fetchall()
    con.execute("DROP TABLE blk_candidates; DROP TABLE blk_tokens; DROP TABLE blk_names")
    return [(int(q), int(t)) for q, t in pairs]
