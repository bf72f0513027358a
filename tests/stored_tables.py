"""The tables `iceout ingest` stores records in, for tests that compare two stores or count a
store's records (one list: tests/sources and tests/spark read it)."""

SOURCE_TABLES = [
    "src_files",
    "src_quarantine",
    "src_us_transactions",
    "src_us_awards",
    "src_us_subawards",
    "src_us_parent_links",
    "src_ca_records",
    "src_sanctions",
]
