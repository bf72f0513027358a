"""Candidate generation: token blocking with rarity weights, in SQL.

Two names become a candidate pair when they share words that carry at least half of the
rarity weight of one of them. Qualifier words ('canada', 'services', ...) and words carried by
more than MAX_DF names never block, so 'MANAGEMENT SOLUTIONS INC' does not pair with every
management firm.
"""

import math

import duckdb

from iceout.normalize.names import QUALIFIER_TOKENS
from iceout.resolve.compare.tokens import ABBREVIATIONS

MAX_DF = 2000
PREFIX = 4  # block on word stems so 'Info. Syst.' meets 'Information Systems'


def stem(word: str) -> str:
    """A word's first letters, marked so that a stem is never taken for a word ('data*')."""
    return word[:PREFIX] + "*"


def blocking_key(key: str) -> str:
    """A name key as blocking tokens: each word (abbreviations expanded) and its stem, so a
    rare word still blocks strongly ('securitas') while its stem meets truncations ('secu*')."""
    words = [ABBREVIATIONS.get(t, t) for t in key.split()]
    # a word no longer than a stem is its stem: 'data' meets 'database' as one token, once
    tokens = (
        w for word in words for w in ((word, stem(word)) if len(word) > PREFIX else (stem(word),))
    )
    return " ".join(dict.fromkeys(tokens))


# Qualifier words and their stems never block on their own.
QUALIFIER_STEMS = frozenset(w for t in QUALIFIER_TOKENS for w in blocking_key(t).split())


TOP_K = 8
# Sums of weights are rounded before they are ranked, so that SQL and Python, adding in
# another order, break ties the same way.
DIGITS = 9

TOKENS_SQL = """
CREATE OR REPLACE TEMP TABLE blk_tokens AS
SELECT DISTINCT side, name_id, unnest(string_split(lookup_key, ' ')) AS token
FROM blk_names WHERE lookup_key <> ''
"""

# Word rarity comes from res_word_rarity (iceout/resolve/rarity.py: the corpora measured at
# rebuild, the same counts the comparator weighs words by), so one name screened alone blocks
# exactly as it would among thousands. A word never seen is rare.
CANDIDATES_SQL = """
CREATE OR REPLACE TEMP TABLE blk_candidates AS
WITH n AS (SELECT df AS n FROM res_word_rarity WHERE token = '#names'),
weights AS (
    SELECT t.token, coalesce(s.df, 1) AS df,
           ln(((SELECT n FROM n) + 1) / (coalesce(s.df, 1) + 0.5)) AS weight
    FROM (SELECT DISTINCT token FROM blk_tokens) t LEFT JOIN res_word_rarity s USING (token)
),
totals AS (
    SELECT side, name_id, round(sum(weight), $digits) AS total
    FROM blk_tokens JOIN weights USING (token)
    WHERE NOT list_contains($qualifiers, token)
    GROUP BY ALL
),
shared AS (
    SELECT q.name_id AS query_id, w.name_id AS target_id, round(sum(weights.weight), $digits) AS shared
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

# The names go in as three bound lists, zipped by unnest: no Arrow table to build, so a
# command that only screens never loads pyarrow (and pandas with it).
NAMES_SQL = """
CREATE OR REPLACE TEMP TABLE blk_names AS
SELECT unnest($sides)::VARCHAR AS side, unnest($ids)::INTEGER AS name_id,
       unnest($keys)::VARCHAR AS lookup_key
"""


def candidate_pairs(
    con: duckdb.DuckDBPyConnection, queries: list[tuple[int, str]], targets: list[tuple[int, str]]
) -> list[tuple[int, int]]:
    """(query id, target id) pairs worth scoring; inputs are (id, name key) lists."""
    names = [("query", i, k) for i, k in queries] + [("target", i, k) for i, k in targets]
    con.execute(
        NAMES_SQL,
        {
            "sides": [side for side, _, _ in names],
            "ids": [i for _, i, _ in names],
            "keys": [blocking_key(k) for _, _, k in names],
        },
    )
    con.execute(TOKENS_SQL)
    con.execute(
        CANDIDATES_SQL,
        {
            "qualifiers": sorted(QUALIFIER_STEMS),
            "max_df": MAX_DF,
            "top_k": TOP_K,
            "digits": DIGITS,
        },
    )
    pairs = con.execute("SELECT query_id, target_id FROM blk_candidates").fetchall()
    con.execute("DROP TABLE blk_candidates; DROP TABLE blk_tokens; DROP TABLE blk_names")
    return [(int(q), int(t)) for q, t in pairs]


class TokenIndex:
    """The same blocking as CANDIDATES_SQL, held in memory for small batches: screening one
    name over HTTP must not pay for temporary tables. Rarity from res_word_rarity."""

    def __init__(self, con: duckdb.DuckDBPyConnection, targets: list[tuple[int, str]]) -> None:
        stats = dict(con.execute("SELECT token, df FROM res_word_rarity").fetchall())
        self.names = max(int(stats.pop("#names", 1)), 1)
        self.df = stats
        self.postings: dict[str, list[int]] = {}
        self.totals: dict[int, float] = {}
        for target_id, key in targets:
            tokens = set(blocking_key(key).split())
            self.totals[target_id] = self._total(tokens)
            for token in tokens:
                self.postings.setdefault(token, []).append(target_id)

    def _weight(self, token: str) -> float:
        return math.log((self.names + 1) / (self.df.get(token, 1) + 0.5))

    def _total(self, tokens: set[str]) -> float:
        return round(sum(self._weight(t) for t in tokens if t not in QUALIFIER_STEMS), DIGITS)

    def candidates(self, key: str) -> list[int]:
        tokens = set(blocking_key(key).split())
        total = self._total(tokens)
        shared: dict[int, float] = {}
        for token in tokens:
            if token in QUALIFIER_STEMS or self.df.get(token, 1) > MAX_DF:
                continue
            weight = self._weight(token)
            for target_id in self.postings.get(token, ()):
                shared[target_id] = shared.get(target_id, 0.0) + weight
        rounded = {t: round(s, DIGITS) for t, s in shared.items()}
        kept = [(-s, t) for t, s in rounded.items() if s >= 0.5 * min(total, self.totals[t])]
        return [t for _, t in sorted(kept)[:TOP_K]]
