"""Caps on what one request may ask for: past them the answer is a 4xx that names the limit."""

MAX_NAME_LENGTH = 300
"""Characters in one name; the longest vendor name in the Canadian data has about 200."""
MAX_BATCH = 1000
"""Names in one POST /api/screen, one /match request or one reconciliation batch."""
MAX_CSV_ROWS = 10_000
"""Rows in one uploaded CSV."""
MAX_BODY_BYTES = 2_000_000
"""Bytes in one request body (JSON, form or uploaded file)."""
MAX_PAGE = 200
"""Items in one page of a listing."""
