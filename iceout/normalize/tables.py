"""Normalise stage: one row per US award and per current Canadian record (nrm_* tables).

US money comes from several layouts that overlap; the rule, per award:
  - a prime award summary states the award's total obligation: use it;
  - otherwise sum the (deduplicated) transactions we hold for the award;
  - a subaward is its own row (award_type 'subaward'), credited to the subawardee.
Canadian records are counted once: see CA_RECORDS_SQL (amendments, restatements, republished rows).
"""

import duckdb

from iceout.domain import component_sql
from iceout.i18n import N_
from iceout.normalize.departments import build_departments

# DHS components by awarding sub-tier agency (name as published, or USAspending code).
COMPONENT_SQL = component_sql()

# Each award's text columns, and which of its transactions each comes from: the latest
# (last_value) or the earliest (first_value) with a value there, in date order, as DuckDB's
# arg_max/arg_min (which skip NULL values). Award ids are the same on every transaction of an award.
TX_PICKS = [
    ("award_id", "last_value"),
    ("parent_award_id", "last_value"),
    ("agency", "last_value"),
    ("sub_agency", "last_value"),
    ("sub_agency_code", "last_value"),
    ("recipient_name", "last_value"),
    ("recipient_uei", "last_value"),
    ("recipient_duns", "last_value"),
    ("parent_name", "last_value"),
    ("parent_uei", "last_value"),
    ("parent_duns", "last_value"),
    ("recipient_country", "last_value"),
    ("description", "first_value"),
    ("source_file", "first_value"),
    ("source_row", "first_value"),
]
_PICKED = ",\n        ".join(
    f"{end}(CASE WHEN tx_order IS NOT NULL THEN {column} END IGNORE NULLS) OVER award AS {column}"
    for column, end in TX_PICKS
)

# Transactions become one row per award through one window over each award's transactions in
# date order (a sort, which DuckDB spills to disk), not a GROUP BY with arg_max over text: those
# aggregate states keep a copy of every group's strings in memory DuckDB cannot spill, so at x16
# (benchmarks/scale.py) the statement ran out of memory below a 300 MB cap (docs/ARCHITECTURE.md,
# "DuckDB's memory").
US_AWARDS_SQL = f"""
CREATE OR REPLACE TABLE nrm_us_awards AS
WITH ordered AS (
    -- ties on a date are broken by file and row, so every engine picks the same transaction
    SELECT * REPLACE (coalesce(description, psc_description) AS description),
        action_date || ' ' || coalesce(source_file, '') || ' '
            || lpad(CAST(source_row AS VARCHAR), 12, '0') AS tx_order
    FROM src_us_transactions
), tx AS (
    SELECT award_key,
        {_PICKED},
        -- summed in cents (DECIMAL): a double sum depends on the order rows arrive in, and
        -- two builds of the same files must give the same totals to the last bit
        CAST(sum(CAST(amount_usd AS DECIMAL(18, 2))) OVER award AS DOUBLE) AS amount_usd,
        min(action_date) OVER award AS start_date,
        max(action_date) OVER award AS latest_date,
        count(*) OVER award AS transactions
    FROM ordered
    WINDOW award AS (PARTITION BY award_key ORDER BY tx_order NULLS FIRST
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    QUALIFY row_number() OVER (PARTITION BY award_key ORDER BY tx_order NULLS FIRST) = 1
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

# A current-layout quarterly disclosure number ('C-2016-2017-Q4-00033', '2018-2019-Q4-00493'):
# it names one report of a contract, not the contract; publishers sometimes swap it into
# procurement_id, and then reference_number holds the contract's own number.
DISCLOSURE_NUMBER = r"^(C-)?[0-9]{4}-[0-9]{4}-Q[0-9]-[0-9]+$"

# Canadian records, each counted once (issue 9):
#   - a grant agreement is published once per amendment: the highest amendment is the agreement;
#   - a contract is reported again in later quarters with amended values (current layout), or
#     restated with a new total (legacy pages): rows of the same publisher, contract number and
#     vendor are one contract, at its latest reported value;
#   - Public Accounts lines (payment, transfer) and vendor-year totals are one row per payee,
#     class and year already.
# count_basis says which rule was applied when several rows stand behind one record. Stored in
# English; COUNT_BASES are its wordings as messages (the SQL below writes them), which pages
# read back to show them in their reader's language (i18n/message.py `reread`).
COUNT_BASES = (
    N_(
        "grant agreement %(reference)s is published in %(rows)s rows (one per amendment); "
        "counted once, at amendment %(amendment)s"
    ),
    N_(
        "contract %(contract)s is reported in %(rows)s rows (amendments, later quarters or the "
        "same row republished); counted once, at its latest reported value (%(when)s)"
    ),
    N_(
        "contract %(contract)s is reported in %(rows)s rows (amendments, later quarters or the "
        "same row republished); counted once, at its latest reported value"
    ),
    N_("%(rows)s identical rows; counted once"),
)
CA_RECORDS_SQL = f"""
CREATE OR REPLACE TABLE nrm_ca_records AS
WITH harmonised AS (
    -- one name per department (iceout/normalize/departments.py), the printed one kept
    SELECT s.* REPLACE (coalesce(d.department, s.department) AS department),
        s.department AS department_as_printed, d.department_id
    FROM src_ca_records s LEFT JOIN nrm_departments d
        ON d.printed = s.department AND d.owner_org IS NOT DISTINCT FROM s.owner_org
), base AS (
    SELECT *,
        CASE WHEN kind <> 'contract' THEN NULL
             WHEN procurement_id IS NOT NULL
                  AND NOT regexp_matches(procurement_id, '{DISCLOSURE_NUMBER}') THEN procurement_id
             WHEN reference IS NOT NULL
                  AND NOT regexp_matches(reference, '{DISCLOSURE_NUMBER}') THEN reference
             ELSE coalesce(procurement_id, reference) END AS contract_id,
        coalesce(owner_org, department_id, lower(department), '') AS publisher
    FROM harmonised
), grouped AS (
    SELECT *,
        -- 'P000008511/U' and 'P000008511' are one contract republished with a status suffix
        CASE kind WHEN 'contract' THEN coalesce(
                 regexp_replace(upper(trim(contract_id)), '/[A-Z0-9]{{1,3}}$', ''), record_key)
                  WHEN 'grant' THEN coalesce(reference, record_key)
                  ELSE record_key END AS identity
    FROM base
), ranked AS (
    SELECT *,
        count(*) OVER same AS rows_behind,
        row_number() OVER (same ORDER BY try_cast(amendment AS INTEGER) DESC NULLS LAST,
            amendment DESC NULLS LAST, reporting_period DESC NULLS LAST,
            record_date DESC NULLS LAST, value_cad DESC NULLS LAST, record_key) AS position
    FROM grouped
    WINDOW same AS (PARTITION BY kind, publisher, identity, upper(vendor_name))
), dated AS (
    SELECT * EXCLUDE (position, identity, publisher),
        coalesce(fiscal_year, CASE WHEN record_date IS NULL THEN NULL
            WHEN month(record_date) >= 4
                THEN year(record_date) || '-' || lpad(((year(record_date) + 1) % 100)::VARCHAR, 2, '0')
            ELSE (year(record_date) - 1) || '-' || lpad((year(record_date) % 100)::VARCHAR, 2, '0')
            END) AS fy
    FROM ranked WHERE position = 1
)
SELECT * EXCLUDE (fiscal_year, fy), fy AS fiscal_year,
    -- the dates the record's money belongs to: a Public Accounts line covers its fiscal year
    CASE WHEN kind IN ('payment', 'transfer', 'vendor_year') AND fy IS NOT NULL
             THEN make_date(try_cast(left(fy, 4) AS INTEGER), 4, 1)
         WHEN record_date IS NOT NULL THEN record_date
         ELSE make_date(try_cast(reporting_period AS INTEGER), 1, 1) END AS period_start,
    CASE WHEN kind IN ('payment', 'transfer', 'vendor_year') AND fy IS NOT NULL
             THEN make_date(try_cast(left(fy, 4) AS INTEGER) + 1, 3, 31)
         WHEN record_date IS NOT NULL THEN record_date
         ELSE make_date(try_cast(reporting_period AS INTEGER), 12, 31) END AS period_end,
    CASE WHEN rows_behind = 1 THEN NULL
         WHEN kind = 'grant' THEN 'grant agreement ' || reference || ' is published in '
             || rows_behind || ' rows (one per amendment); counted once, at amendment '
             || coalesce(amendment, '?')
         WHEN kind = 'contract' THEN 'contract ' || coalesce(contract_id, reference, '?')
             || ' is reported in ' || rows_behind || ' rows (amendments, later quarters or the '
             || 'same row republished); counted once, at its latest reported value'
             || coalesce(' (' || reporting_period || ')', ' (' || record_date || ')', '')
         ELSE rows_behind || ' identical rows; counted once' END AS count_basis
FROM dated
"""


# Research-curated recipient -> parent links, for the family stage.
PARENT_LINKS_SQL = """
CREATE OR REPLACE TABLE nrm_us_parent_links AS
SELECT DISTINCT recipient_name, parent_name FROM src_us_parent_links
"""


# The stage's statements in order (iceout/engines/spark.py runs the same ones on Spark).
STEPS = (US_AWARDS_SQL, CA_RECORDS_SQL, PARENT_LINKS_SQL)


def build_normalized(con: duckdb.DuckDBPyConnection) -> None:
    build_departments(con)  # a small lookup built in Python: the SQL steps read it
    for sql in STEPS:
        con.execute(sql)
