"""The watchlist: corporate families holding ICE/DHS awards within the policy scope."""

from typing import Any

import duckdb

from iceout.domain import money_sum
from iceout.screen.policy import Policy

# A subaward's dollars are part of its prime award's obligation: when the prime award is in
# scope it is counted there (under the prime's family) and the subaward is listed under the
# subawardee's family without being counted again; a subaward whose prime is not in the data
# counts under the subawardee's family.
AWARDS_SQL = """
CREATE OR REPLACE TABLE wl_awards AS
WITH scoped AS (
    SELECT a.*, f.family_id, f.via
    FROM nrm_us_awards a JOIN res_award_families f USING (award_key)
    WHERE list_contains($components, a.component)
      AND ($date_from IS NULL OR coalesce(a.latest_date, a.start_date) >= $date_from)
      AND ($date_to IS NULL OR coalesce(a.start_date, a.latest_date) <= $date_to)
), primes AS (
    SELECT s.award_id, arg_min(s.family_id, s.family_id) AS family_id,
           arg_min(f.name, s.family_id) AS family
    FROM scoped s JOIN res_families f USING (family_id)
    WHERE s.award_type <> 'subaward' AND s.award_id IS NOT NULL
    GROUP BY s.award_id
)
SELECT s.*, p.award_id IS NULL AS counted,
    CASE WHEN p.award_id IS NOT NULL THEN 'subaward: its dollars are part of prime award '
        || p.award_id || ' and counted under ' || p.family || ', not again here' END AS count_note
FROM scoped s LEFT JOIN primes p ON s.award_type = 'subaward' AND p.award_id = s.parent_award_id
"""

# Sums are taken in cents (DECIMAL(18, 2), exact) and stored as DOUBLE: a sum of doubles
# depends on the order rows arrive in, and two builds of the same files must agree to the bit.
# Money by year follows the transactions' action dates; what an award's total holds beyond its
# stored transactions (or an award with none) is placed at its latest action date, and says so.
AWARD_YEARS_SQL = """
CREATE OR REPLACE TABLE wl_award_years AS
WITH tx AS (
    SELECT award_key, year(action_date) AS year, sum(CAST(amount_usd AS DECIMAL(18, 2))) AS amount_usd
    FROM src_us_transactions
    WHERE award_key IN (SELECT award_key FROM wl_awards WHERE counted) AND action_date IS NOT NULL
    GROUP BY ALL
), totals AS (SELECT award_key, sum(amount_usd) AS amount_usd FROM tx GROUP BY award_key)
SELECT w.family_id, w.award_key, t.year, CAST(t.amount_usd AS DOUBLE) AS amount_usd,
    'transactions by action date' AS basis
FROM wl_awards w JOIN tx t USING (award_key) WHERE w.counted
UNION ALL
SELECT w.family_id, w.award_key, year(coalesce(w.latest_date, w.start_date)),
    CAST(CAST(w.amount_usd AS DECIMAL(18, 2)) - coalesce(t.amount_usd, 0) AS DOUBLE),
    CASE WHEN t.award_key IS NULL THEN 'award total at its latest action date (no transactions stored)'
         ELSE 'award total beyond its stored transactions, at its latest action date' END
FROM wl_awards w LEFT JOIN totals t USING (award_key)
WHERE w.counted AND coalesce(w.latest_date, w.start_date) IS NOT NULL
  AND abs(coalesce(w.amount_usd, 0) - coalesce(t.amount_usd, 0)) >= 0.005
"""

FAMILIES_SQL = f"""
CREATE OR REPLACE TABLE wl_families AS
SELECT f.family_id, f.name, f.kind, f.country, f.description, f.sources, f.origin,
       coalesce({money_sum("a.amount_usd", "a.counted")}, 0) AS us_obligations_usd,
       count(*) AS us_awards,
       min(coalesce(a.start_date, a.latest_date)) AS first_us_date,
       list(DISTINCT a.component ORDER BY a.component) AS components
FROM wl_awards a JOIN res_families f USING (family_id)
GROUP BY ALL
HAVING coalesce({money_sum("a.amount_usd", "a.counted")}, 0) >= $min_obligation
"""


PRUNE_SQL = "DELETE FROM wl_awards WHERE family_id NOT IN (SELECT family_id FROM wl_families)"


def steps(policy: Policy) -> list[tuple[str, dict[str, Any]]]:
    """The stage's statements in order with their values (iceout/engines/spark.py runs the
    same ones on Spark)."""
    scope = {
        "components": list(policy.components),
        "date_from": policy.date_from,
        "date_to": policy.date_to,
    }
    return [
        (AWARDS_SQL, scope),
        (FAMILIES_SQL, {"min_obligation": policy.min_obligation_usd}),
        (PRUNE_SQL, {}),
        (AWARD_YEARS_SQL, {}),
    ]


def build_watchlist(con: duckdb.DuckDBPyConnection, policy: Policy) -> int:
    for sql, params in steps(policy):
        con.execute(sql, params)
    row = con.execute("SELECT count(*) FROM wl_families").fetchone()
    return int(row[0]) if row else 0
