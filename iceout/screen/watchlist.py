"""The watchlist: corporate families holding ICE/DHS awards within the policy scope."""

import duckdb

from iceout.screen.policy import Policy

AWARDS_SQL = """
CREATE OR REPLACE TABLE wl_awards AS
SELECT a.*, f.family_id, f.via
FROM nrm_us_awards a JOIN res_award_families f USING (award_key)
WHERE list_contains($components, a.component)
  AND ($date_from IS NULL OR coalesce(a.latest_date, a.start_date) >= $date_from)
  AND ($date_to IS NULL OR coalesce(a.start_date, a.latest_date) <= $date_to)
"""

FAMILIES_SQL = """
CREATE OR REPLACE TABLE wl_families AS
SELECT f.family_id, f.name, f.kind, f.country, f.description, f.sources, f.origin,
       sum(a.amount_usd) AS us_obligations_usd, count(*) AS us_awards,
       min(coalesce(a.start_date, a.latest_date)) AS first_us_date,
       list(DISTINCT a.component ORDER BY a.component) AS components
FROM wl_awards a JOIN res_families f USING (family_id)
GROUP BY ALL
HAVING sum(a.amount_usd) >= $min_obligation
"""


def build_watchlist(con: duckdb.DuckDBPyConnection, policy: Policy) -> int:
    con.execute(
        AWARDS_SQL,
        {
            "components": list(policy.components),
            "date_from": policy.date_from,
            "date_to": policy.date_to,
        },
    )
    con.execute(FAMILIES_SQL, {"min_obligation": policy.min_obligation_usd})
    con.execute("DELETE FROM wl_awards WHERE family_id NOT IN (SELECT family_id FROM wl_families)")
    row = con.execute("SELECT count(*) FROM wl_families").fetchone()
    return int(row[0]) if row else 0
