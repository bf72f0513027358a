"""Normalise stage: one row per US award and per current Canadian record (nrm_* tables).

US money comes from several layouts that overlap; the rule, per award:
  - a prime award summary states the award's total obligation: use it;
  - otherwise sum the (deduplicated) transactions we hold for the award;
  - a subaward is its own row (award_type 'subaward'), credited to the subawardee.
Grants are published one row per amendment; the highest amendment is the current agreement.
"""

import duckdb

from iceout.domain import component_sql

# DHS components by awarding sub-tier agency (name as published, or USAspending code).
COMPONENT_SQL = component_sql()

US_AWARDS_SQL = f"""
CREATE OR REPLACE TABLE nrm_us_awards AS
WITH tx AS (
    SELECT award_key,
        any_value(award_id) AS award_id,
        any_value(parent_award_id) AS parent_award_id,
        arg_max(agency, action_date) AS agency,
        arg_max(sub_agency, action_date) AS sub_agency,
        arg_max(sub_agency_code, action_date) AS sub_agency_code,
        arg_max(recipient_name, action_date) AS recipient_name,
        arg_max(recipient_uei, action_date) FILTER (WHERE recipient_uei IS NOT NULL) AS recipient_uei,
        arg_max(recipient_duns, action_date) FILTER (WHERE recipient_duns IS NOT NULL) AS recipient_duns,
        arg_max(parent_name, action_date) FILTER (WHERE parent_name IS NOT NULL) AS parent_name,
        arg_max(parent_uei, action_date) FILTER (WHERE parent_uei IS NOT NULL) AS parent_uei,
        arg_max(parent_duns, action_date) FILTER (WHERE parent_duns IS NOT NULL) AS parent_duns,
        arg_max(recipient_country, action_date) FILTER (WHERE recipient_country IS NOT NULL) AS recipient_country,
        sum(amount_usd) AS amount_usd,
        min(action_date) AS start_date,
        max(action_date) AS latest_date,
        arg_min(coalesce(description, psc_description), action_date) AS description,
        arg_min(source_file, action_date) AS source_file,
        arg_min(source_row, action_date) AS source_row,
        count(*) AS transactions
    FROM src_us_transactions GROUP BY award_key
), merged AS (
    SELECT coalesce(a.award_key, tx.award_key) AS award_key,
        coalesce(a.award_id, tx.award_id) AS award_id,
        coalesce(a.parent_award_id, tx.parent_award_id) AS parent_award_id,
        coalesce(a.award_type, 'contract') AS award_type,
        coalesce(a.agency, tx.agency) AS agency,
        coalesce(a.sub_agency, tx.sub_agency) AS sub_agency,
        coalesce(a.sub_agency_code, tx.sub_agency_code) AS sub_agency_code,
        coalesce(a.recipient_name, tx.recipient_name) AS recipient_name,
        coalesce(a.recipient_uei, tx.recipient_uei) AS recipient_uei,
        coalesce(a.recipient_duns, tx.recipient_duns) AS recipient_duns,
        coalesce(a.parent_name, tx.parent_name) AS parent_name,
        coalesce(a.parent_uei, tx.parent_uei) AS parent_uei,
        coalesce(a.parent_duns, tx.parent_duns) AS parent_duns,
        coalesce(a.recipient_country, tx.recipient_country) AS recipient_country,
        CASE WHEN a.award_key IS NOT NULL THEN a.amount_usd ELSE tx.amount_usd END AS amount_usd,
        CASE WHEN a.award_key IS NOT NULL THEN 'award summary total'
             ELSE 'sum of ' || tx.transactions || ' transaction(s)' END AS amount_basis,
        coalesce(a.start_date, tx.start_date) AS start_date,
        coalesce(a.latest_date, tx.latest_date) AS latest_date,
        coalesce(a.description, tx.description) AS description,
        coalesce(a.source_file, tx.source_file) AS source_file,
        coalesce(a.source_row, tx.source_row) AS source_row,
        'https://www.usaspending.gov/award/' || coalesce(a.award_key, tx.award_key) AS url
    FROM src_us_awards a FULL OUTER JOIN tx ON a.award_key = tx.award_key
), subawards AS (
    SELECT 'SUB_' || md5(record_key) AS award_key,
        prime_award_id AS award_id, prime_award_id AS parent_award_id, 'subaward' AS award_type,
        'Department of Homeland Security' AS agency, sub_agency, NULL AS sub_agency_code,
        sub_name AS recipient_name, sub_uei AS recipient_uei, NULL AS recipient_duns,
        sub_parent_name AS parent_name, sub_parent_uei AS parent_uei, NULL AS parent_duns,
        sub_country AS recipient_country, amount_usd,
        'subaward under prime award ' || coalesce(prime_award_id, '?') || ' to ' || coalesce(prime_name, '?')
            AS amount_basis,
        action_date AS start_date, action_date AS latest_date, description, source_file, source_row,
        'https://www.usaspending.gov/award/' || prime_award_key AS url
    FROM src_us_subawards
)
SELECT *, {COMPONENT_SQL} AS component FROM (SELECT * FROM merged UNION ALL BY NAME SELECT * FROM subawards)
"""

CA_RECORDS_SQL = """
CREATE OR REPLACE TABLE nrm_ca_records AS
SELECT * EXCLUDE (amendment_rank) FROM (
    SELECT *, row_number() OVER (
        PARTITION BY kind, owner_org, reference
        ORDER BY try_cast(amendment AS INTEGER) DESC NULLS LAST, amendment DESC) AS amendment_rank
    FROM src_ca_records WHERE kind = 'grant'
) WHERE amendment_rank = 1
UNION ALL BY NAME
SELECT * FROM src_ca_records WHERE kind = 'contract'
"""


# Research-curated recipient -> parent links, for the family stage.
PARENT_LINKS_SQL = """
CREATE OR REPLACE TABLE nrm_us_parent_links AS
SELECT DISTINCT recipient_name, parent_name FROM src_us_parent_links
"""


def build_normalized(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(US_AWARDS_SQL)
    con.execute(CA_RECORDS_SQL)
    con.execute(PARENT_LINKS_SQL)
