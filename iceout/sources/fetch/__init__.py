"""Live data: fetch the public sources into a local cache, with provenance, then ingest.

http.py (polite retrying client, verified resumable downloads), cache.py (the cache and the
`src_fetched_files` provenance table), one module per service (usaspending.py and
usaspending_bulk.py, open_canada.py, sema.py), fetcher.py (`fetch()`: all or nothing into the
store) and alerts.py (what changed since the previous run).
"""
