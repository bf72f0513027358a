-- Persisted tables, one prefix per stage that owns them.
--   src_*  sources/   (ingest: raw records with provenance; never rebuilt, only appended)
--   rev_*  resolve/   (reviewer decisions: never recomputed by a rebuild)
-- Derived tables (nrm_*, wl_*, res_*, rpt_*) are rebuilt with CREATE OR REPLACE by the stage
-- that owns them, next to the code that builds them.

CREATE TABLE IF NOT EXISTS src_files (
    sha256        VARCHAR PRIMARY KEY,   -- content hash: the same file ingested twice is skipped
    path          VARCHAR NOT NULL,
    layout        VARCHAR NOT NULL,
    rows_read     INTEGER NOT NULL,
    rows_loaded   INTEGER NOT NULL,      -- new records (not already stored from another file)
    rows_duplicate INTEGER NOT NULL,
    rows_quarantined INTEGER NOT NULL,
    ingested_at   TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS src_quarantine (
    source_file   VARCHAR NOT NULL,
    source_row    INTEGER NOT NULL,      -- physical line number in the file (header is line 1)
    reason        VARCHAR NOT NULL,
    action        VARCHAR NOT NULL,      -- rejected (not stored) | kept (stored, field left blank)
    raw           VARCHAR,
    source_sha256 VARCHAR NOT NULL,
    ingested_at   TIMESTAMP NOT NULL
);

-- One row per US contract/assistance transaction (modification), any transaction layout.
CREATE TABLE IF NOT EXISTS src_us_transactions (
    record_key        VARCHAR PRIMARY KEY,  -- award_key | modification | action_date | amount
    award_key         VARCHAR NOT NULL,     -- USAspending generated unique award id (CONT_AWD_...)
    award_id          VARCHAR NOT NULL,     -- PIID / FAIN
    parent_award_id   VARCHAR,
    modification      VARCHAR,
    agency            VARCHAR,              -- awarding toptier agency name
    sub_agency        VARCHAR,              -- awarding sub-tier agency name
    sub_agency_code   VARCHAR,              -- 7012 = ICE, 7014 = CBP ...
    recipient_name    VARCHAR NOT NULL,
    recipient_uei     VARCHAR,
    recipient_duns    VARCHAR,
    parent_name       VARCHAR,
    parent_uei        VARCHAR,
    parent_duns       VARCHAR,
    recipient_country VARCHAR,              -- ISO 3166-1 alpha-2 where known
    amount_usd        DOUBLE,
    action_date       DATE,
    description       VARCHAR,
    psc_description   VARCHAR,
    naics_description VARCHAR,
    layout            VARCHAR NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_row        INTEGER NOT NULL,
    source_sha256     VARCHAR NOT NULL,
    ingested_at       TIMESTAMP NOT NULL
);

-- One row per award from the prime award summary layouts (contracts and assistance).
CREATE TABLE IF NOT EXISTS src_us_awards (
    record_key        VARCHAR PRIMARY KEY,  -- = award_key
    award_key         VARCHAR NOT NULL,
    award_id          VARCHAR NOT NULL,
    parent_award_id   VARCHAR,
    award_type        VARCHAR NOT NULL,     -- contract | assistance
    agency            VARCHAR,
    sub_agency        VARCHAR,
    sub_agency_code   VARCHAR,
    recipient_name    VARCHAR NOT NULL,
    recipient_uei     VARCHAR,
    recipient_duns    VARCHAR,
    parent_name       VARCHAR,
    parent_uei        VARCHAR,
    parent_duns       VARCHAR,
    recipient_country VARCHAR,
    amount_usd        DOUBLE,               -- total obligated amount
    start_date        DATE,                 -- base action date
    latest_date       DATE,                 -- latest action date
    description       VARCHAR,
    layout            VARCHAR NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_row        INTEGER NOT NULL,
    source_sha256     VARCHAR NOT NULL,
    ingested_at       TIMESTAMP NOT NULL
);

-- Contract subawards: who a prime contractor paid under an award.
CREATE TABLE IF NOT EXISTS src_us_subawards (
    record_key        VARCHAR PRIMARY KEY,
    prime_award_key   VARCHAR,
    prime_award_id    VARCHAR,
    sub_agency        VARCHAR,
    prime_name        VARCHAR,
    prime_uei         VARCHAR,
    prime_parent_name VARCHAR,
    prime_parent_uei  VARCHAR,
    sub_name          VARCHAR NOT NULL,
    sub_uei           VARCHAR,
    sub_parent_name   VARCHAR,
    sub_parent_uei    VARCHAR,
    sub_country       VARCHAR,
    amount_usd        DOUBLE,
    action_date       DATE,
    description       VARCHAR,
    layout            VARCHAR NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_row        INTEGER NOT NULL,
    source_sha256     VARCHAR NOT NULL,
    ingested_at       TIMESTAMP NOT NULL
);

-- Research-curated recipient -> parent links (e.g. Cornell Companies -> GEO Group).
CREATE TABLE IF NOT EXISTS src_us_parent_links (
    record_key        VARCHAR PRIMARY KEY,
    award_id          VARCHAR,
    recipient_name    VARCHAR NOT NULL,
    parent_name       VARCHAR NOT NULL,
    layout            VARCHAR NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_row        INTEGER NOT NULL,
    source_sha256     VARCHAR NOT NULL,
    ingested_at       TIMESTAMP NOT NULL
);

-- Government of Canada contracts over $10,000 and grants & contributions, all layouts.
CREATE TABLE IF NOT EXISTS src_ca_records (
    record_key        VARCHAR PRIMARY KEY,  -- kind | reference | date | value | vendor (layout-free)
    kind              VARCHAR NOT NULL,     -- contract | grant | payment | transfer | vendor_year
    reference         VARCHAR,              -- reference_number / ref_number
    amendment         VARCHAR,              -- grants: amendment_number of this row
    vendor_name       VARCHAR NOT NULL,     -- vendor / recipient legal name, entities decoded
    operating_name    VARCHAR,
    business_number   VARCHAR,              -- 9-digit CRA BN where valid
    postal_code       VARCHAR,
    country           VARCHAR,
    department        VARCHAR,              -- owner_org_title / agency_name
    owner_org         VARCHAR,
    value_cad         DOUBLE,
    record_date       DATE,                 -- contract_date / agreement_start_date
    end_date          DATE,
    description       VARCHAR,
    url               VARCHAR,              -- the publisher's page where one exists
    layout            VARCHAR NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_row        INTEGER NOT NULL,
    source_sha256     VARCHAR NOT NULL,
    ingested_at       TIMESTAMP NOT NULL
);

-- Added with recent Canadian money (issue 9). kind is now one of
--   contract (a contract disclosure), grant (a grant or contribution agreement),
--   payment (Public Accounts Vol. III s.3: a payee's yearly total per department and service class),
--   transfer (Public Accounts Vol. III s.6: a recipient's yearly transfer payment per program),
--   vendor_year (GoC-Spending: a vendor's contract total per department and fiscal year).
-- Kinds can be the same dollars seen twice and are never summed together.
ALTER TABLE src_ca_records ADD COLUMN IF NOT EXISTS fiscal_year VARCHAR;     -- '2023-24'
ALTER TABLE src_ca_records ADD COLUMN IF NOT EXISTS program VARCHAR;         -- s.3 service class / s.6 program / grant program
ALTER TABLE src_ca_records ADD COLUMN IF NOT EXISTS location VARCHAR;        -- as printed: 'Montréal, Que.'
ALTER TABLE src_ca_records ADD COLUMN IF NOT EXISTS source_page INTEGER;     -- PDF page (1-based)
ALTER TABLE src_ca_records ADD COLUMN IF NOT EXISTS procurement_id VARCHAR;  -- current contracts layout
ALTER TABLE src_ca_records ADD COLUMN IF NOT EXISTS reporting_period VARCHAR;-- current contracts: '2022-2023-Q1'
ALTER TABLE src_ca_records ADD COLUMN IF NOT EXISTS original_value_cad DOUBLE;
ALTER TABLE src_ca_records ADD COLUMN IF NOT EXISTS amendment_value_cad DOUBLE;
ALTER TABLE src_ca_records ADD COLUMN IF NOT EXISTS coverage_note VARCHAR;   -- e.g. 'only the 2,000 largest agreements'

-- Public Accounts lines that are not a named payee ("Service payments under $100,000 (N payees)"),
-- kept so each class reconciles to its printed total.
CREATE TABLE IF NOT EXISTS src_ca_aggregates (
    record_key        VARCHAR PRIMARY KEY,  -- pa-aggregate|section|fiscal_year|department|program|label
    section           VARCHAR NOT NULL,     -- 's3' | 's6'
    fiscal_year       VARCHAR NOT NULL,
    department        VARCHAR NOT NULL,
    program           VARCHAR,
    label             VARCHAR NOT NULL,
    n_payees          INTEGER,
    value_cad         DOUBLE,
    source_file       VARCHAR NOT NULL,
    source_page       INTEGER,
    source_sha256     VARCHAR NOT NULL,
    ingested_at       TIMESTAMP NOT NULL
);

-- Each Public Accounts class (department x service class / program) checked against the total
-- printed in the PDF; status 'reconciled', 'quarantined' (its lines are then not reported) or
-- 'listed_elsewhere' (recipients listed in an appendix: the total is stored as an aggregate).
CREATE TABLE IF NOT EXISTS src_pa_classes (
    source_file       VARCHAR NOT NULL,
    source_sha256     VARCHAR NOT NULL,
    section           VARCHAR NOT NULL,
    fiscal_year       VARCHAR NOT NULL,
    department        VARCHAR NOT NULL,
    program           VARCHAR NOT NULL,
    printed_total     DOUBLE,
    lines_total       DOUBLE NOT NULL,
    difference        DOUBLE,
    status            VARCHAR NOT NULL,
    source_page       INTEGER,
    ingested_at       TIMESTAMP NOT NULL
);

-- Canada's Consolidated Autonomous Sanctions List (SEMA).
CREATE TABLE IF NOT EXISTS src_sanctions (
    record_key        VARCHAR PRIMARY KEY,  -- sema|country|schedule|item|NAME, from XML or CSV
    kind              VARCHAR NOT NULL,     -- person | entity | vessel
    name              VARCHAR NOT NULL,
    aliases           VARCHAR[],
    country           VARCHAR,              -- the sanctions regime ('Russia / Russie'), not a nationality
    schedule          VARCHAR,
    item              VARCHAR,
    date_of_birth     VARCHAR,              -- people only
    layout            VARCHAR NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_row        INTEGER NOT NULL,
    source_sha256     VARCHAR NOT NULL,
    ingested_at       TIMESTAMP NOT NULL,
    title             VARCHAR,              -- a person's title
    ship_type         VARCHAR,              -- vessels: TitleOrShipType
    imo_number        VARCHAR,              -- vessels
    build_date        VARCHAR,              -- vessels: DateOfBirthOrShipBuildDate
    date_of_listing   VARCHAR
);
-- Stores made before vessels and the 2025 elements were read.
ALTER TABLE src_sanctions ADD COLUMN IF NOT EXISTS title VARCHAR;
ALTER TABLE src_sanctions ADD COLUMN IF NOT EXISTS ship_type VARCHAR;
ALTER TABLE src_sanctions ADD COLUMN IF NOT EXISTS imo_number VARCHAR;
ALTER TABLE src_sanctions ADD COLUMN IF NOT EXISTS build_date VARCHAR;
ALTER TABLE src_sanctions ADD COLUMN IF NOT EXISTS date_of_listing VARCHAR;

-- Reviewer decisions. Kept apart from computed scores; every rebuild applies them. Each links
-- two nodes, 'name:<normalised name>' or 'family:<family id>' (left_id < right_id).
CREATE TABLE IF NOT EXISTS rev_judgements (
    left_id           VARCHAR NOT NULL,
    right_id          VARCHAR NOT NULL,
    judgement         VARCHAR NOT NULL,     -- positive | negative | unsure
    reviewer          VARCHAR NOT NULL,
    reason            VARCHAR,
    decided_at        TIMESTAMP NOT NULL
);

-- Whether a word is a given or family name, as rigour's person-name dictionary answered
-- (iceout/resolve/persons.py). A cache kept across rebuilds: the dictionary takes about 15 CPU
-- seconds to load, so a rebuild asks it only about words never asked about before.
CREATE TABLE IF NOT EXISTS res_person_words (
    word              VARCHAR PRIMARY KEY,
    person            BOOLEAN NOT NULL
);

-- Live data (iceout/sources/fetch/). Each file a fetch downloaded into $ICEOUT_HOME/cache and
-- handed to ingest: what was asked, from where, when, and the bytes' size and sha256 (the same
-- hash as src_files.sha256). Appended; a file fetched again unchanged only moves checked_at.
CREATE TABLE IF NOT EXISTS src_fetched_files (
    source            VARCHAR NOT NULL,     -- usaspending | open_canada | sema
    request           VARCHAR NOT NULL,     -- e.g. 'transactions ICE 2026-03', 'contracts <dataset>/<resource>'
    url               VARCHAR NOT NULL,
    path              VARCHAR NOT NULL,     -- the cached copy (content-addressed where refreshed)
    sha256            VARCHAR NOT NULL,
    size_bytes        BIGINT NOT NULL,
    rows              BIGINT,               -- data rows counted in the file
    expected_rows     BIGINT,               -- rows the publisher announced for the request (count
                                            -- endpoint, download status, CKAN datastore)
    etag              VARCHAR,
    last_modified     VARCHAR,
    retrieved_at      TIMESTAMP NOT NULL,   -- when these bytes were downloaded
    checked_at        TIMESTAMP NOT NULL,   -- when the publisher last served the same bytes (or 304)
    PRIMARY KEY (request, sha256)
);

-- Alerts (iceout/report/alerts.py), alr_*: one snapshot of the report's family totals
-- per run; appended, never rebuilt. A run is compared with the previous run of the same policy.
CREATE TABLE IF NOT EXISTS alr_runs (
    run_id            INTEGER PRIMARY KEY,
    taken_at          TIMESTAMP NOT NULL,
    policy            VARCHAR NOT NULL      -- JSON: the policy and whether the data was the demo
);

CREATE TABLE IF NOT EXISTS alr_family_totals (
    run_id            INTEGER NOT NULL,
    family_id         VARCHAR NOT NULL,
    family            VARCHAR NOT NULL,
    us_awards         INTEGER NOT NULL,
    us_obligations_usd DOUBLE,
    canadian_records  INTEGER NOT NULL,
    canadian_value_cad DOUBLE,
    PRIMARY KEY (run_id, family_id)
);

-- API keys of the web service (`iceout serve`), owned by iceout/api/keys.py. Only a SHA-256
-- digest of each key is stored; the key itself is shown once, when it is created.
CREATE TABLE IF NOT EXISTS api_keys (
    key_id            VARCHAR PRIMARY KEY,  -- public handle, also inside the key: for listing and revoking
    key_sha256        VARCHAR NOT NULL UNIQUE,
    role              VARCHAR NOT NULL,     -- reviewer | admin
    name              VARCHAR NOT NULL,     -- who holds it; recorded with every decision made with it
    created_at        TIMESTAMP NOT NULL,
    revoked_at        TIMESTAMP
);

-- Screening log (iceout/screen/log.py), scr_*: every screening, from the command line or the
-- service, one row per name or party, for audit. Appended, never rebuilt.
CREATE TABLE IF NOT EXISTS scr_log (
    screening_id      VARCHAR NOT NULL,     -- one request, command or application
    logged_at         TIMESTAMP NOT NULL,   -- UTC
    who               VARCHAR NOT NULL,     -- API key holder, "<user> (command line)" or "anonymous (<address>)"
    via               VARCHAR NOT NULL,     -- cli | api | ui
    request           VARCHAR NOT NULL,     -- screen | screen-csv | parties | preview (typed ahead)
    scope             VARCHAR,              -- ice | dhs
    position          INTEGER NOT NULL,     -- order in the request
    subject           VARCHAR NOT NULL,     -- the name screened ("role: name" for a party; "application" for its verdict)
    decision          VARCHAR NOT NULL,     -- match | review | clear
    family_id         VARCHAR,
    explanation       VARCHAR
);

-- Claims stage (iceout/claims/tables.py), clm_*: what `iceout claims` found in each document.
-- Checking a document again replaces its rows (one transaction); other documents keep theirs.
CREATE TABLE IF NOT EXISTS clm_documents (
    document          VARCHAR PRIMARY KEY,  -- the file name: the `source` of its claims
    kind              VARCHAR NOT NULL,     -- text | html | pdf
    sha256            VARCHAR NOT NULL,     -- of the file's bytes (of the text for stdin)
    checked_at        TIMESTAMP NOT NULL,
    presence          JSON NOT NULL         -- its statements about ICE's presence in Canada
);

CREATE TABLE IF NOT EXISTS clm_claims (
    document          VARCHAR NOT NULL,
    position          INTEGER NOT NULL,     -- order in the document
    subject           VARCHAR NOT NULL,
    statement         VARCHAR NOT NULL,
    relation          VARCHAR NOT NULL,     -- contract | sale | subsidy | services | office | payment
    status            VARCHAR NOT NULL,     -- supported | unverified | contradicted | not a claim
    evidence          JSON NOT NULL,        -- [{"record_id", "kind", "amount", "date", "source", ...}]
    explanation       VARCHAR NOT NULL,
    trigger_words     VARCHAR NOT NULL,     -- the words the relation was read from
    negation          VARCHAR,              -- the words denying it, if any
    PRIMARY KEY (document, position)
);
-- Added with the Canadian-side claims (issue 9): the body named (ICE, CBSA, the House of
-- Commons, ...) and the words making the sentence a demand or a hedge (then `not a claim`).
ALTER TABLE clm_claims ADD COLUMN IF NOT EXISTS body VARCHAR;
ALTER TABLE clm_claims ADD COLUMN IF NOT EXISTS qualifier VARCHAR;
ALTER TABLE clm_claims ADD COLUMN IF NOT EXISTS qualifier_kind VARCHAR;  -- demand | hedge

-- Where documents checked together disagree about ICE's presence in Canada; replaced whenever
-- one of its documents is checked again.
CREATE TABLE IF NOT EXISTS clm_disagreements (
    topic             VARCHAR NOT NULL,
    documents         VARCHAR[] NOT NULL,
    explanation       VARCHAR NOT NULL,
    positions         JSON NOT NULL,
    checked_at        TIMESTAMP NOT NULL
);
