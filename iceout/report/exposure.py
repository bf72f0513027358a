"""The exposure report's data: families on the watchlist that also receive Canadian federal
money, with every figure traceable to its public record (file, row, public page)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from iceout.screen.policy import Policy

FAMILIES_SQL = """
SELECT w.family_id, w.name, w.kind, w.country, w.sources, w.us_obligations_usd, w.first_us_date,
       sum(r.value_cad) AS canadian_value_cad, min(r.record_date) AS first_ca_date
FROM wl_families w
JOIN res_ca_links l ON l.family_id = w.family_id AND l.decision = 'match'
JOIN nrm_ca_records r ON r.vendor_name = l.vendor_name
WHERE w.kind = 'company'
GROUP BY ALL
ORDER BY canadian_value_cad DESC NULLS LAST, us_obligations_usd DESC
"""

AWARDS_SQL = """
SELECT family_id, award_id, award_key, recipient_name, agency, sub_agency, component, amount_usd,
       amount_basis, latest_date, start_date, description, url, source_file, source_row, via
FROM wl_awards WHERE list_contains($families, family_id)
ORDER BY family_id, amount_usd DESC NULLS LAST
"""

MATCHED_LINKS_SQL = """
SELECT vendor_name, family_id, decision, score, explanation FROM res_ca_links
WHERE decision = 'match' AND list_contains($families, family_id)
"""

# The Canadian records of the given spellings; which family each belongs to, and why, comes
# with the links (the report's from res_ca_links, the API's with later judgements applied).
RECORDS_SQL = """
SELECT r.vendor_name, r.kind, r.department, r.value_cad, r.record_date, r.reference,
       r.description, r.url, r.source_file, r.source_row
FROM nrm_ca_records r JOIN (SELECT unnest($names) AS vendor_name) n USING (vendor_name)
ORDER BY r.value_cad DESC NULLS LAST, r.record_key
"""

REVIEW_SQL = """
SELECT l.vendor_name, l.family_id, f.name, l.score, l.explanation, count(*) AS records,
       sum(r.value_cad) AS value_cad
FROM res_ca_links l JOIN res_families f USING (family_id)
JOIN nrm_ca_records r ON r.vendor_name = l.vendor_name
WHERE l.decision = 'review' AND f.kind = 'company'
  AND l.family_id IN (SELECT family_id FROM wl_families)
GROUP BY ALL ORDER BY value_cad DESC NULLS LAST
"""


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _source(path: str, row: int) -> str:
    return f"{Path(path).name}:row {row}"


def build_exposure(
    con: duckdb.DuckDBPyConnection, policy: Policy, demo: bool = False
) -> dict[str, Any]:
    families = con.execute(FAMILIES_SQL).fetchall()
    ids = [f[0] for f in families]
    awards = awards_by_family(con, ids)
    records = records_by_family(con, con.execute(MATCHED_LINKS_SQL, {"families": ids}).fetchall())
    review = [
        {
            "name": r[0],
            "family_id": r[1],
            "family": r[2],
            "score": r[3],
            "explanation": r[4],
            "records": r[5],
            "value_cad": r[6],
        }
        for r in con.execute(REVIEW_SQL).fetchall()
    ]
    names = names_by_family(con, ids)
    out_families = [
        family_entry(row, awards[row[0]], records[row[0]], names[row[0]]) for row in families
    ]
    return {
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "demo": demo,
        "policy": policy.describe(),
        "summary": {
            "families": len(out_families),
            "us_obligations_usd": sum(f["us_obligations_usd"] or 0 for f in out_families),
            "canadian_value_cad": sum(f["canadian_value_cad"] or 0 for f in out_families),
            "us_awards": sum(len(f["us_awards"]) for f in out_families),
            "canadian_records": sum(len(f["canadian_records"]) for f in out_families),
            "records_in_review": sum(r["records"] for r in review),
        },
        "sources": _sources(con),
        "families": out_families,
        "review": review,
    }


def family_entry(
    row: tuple, awards: list[dict], records: list[dict], names: list[str]
) -> dict[str, Any]:
    """One family of the report (also the API's dossier): row is (family_id, name, kind,
    country, sources, US total, first US date, Canadian total, first Canadian date)."""
    family_id, name, kind, country, sources, us_total, first_us, ca_total, first_ca = row
    scores = [r["match"]["score"] for r in records]
    spellings = sorted({r["vendor_name"] for r in records})
    return {
        "family_id": family_id,
        "family": name,
        "names": names,
        "country": country,
        "kind": kind,
        "family_sources": list(sources or []),
        "us_obligations_usd": us_total,
        "us_awards": awards,
        "canadian_value_cad": ca_total,
        "canadian_records": records,
        "by_year": by_year(awards, records),
        "first_us_date": _iso(first_us),
        "first_ca_date": _iso(first_ca),
        "match": {
            "decision": "match",
            "score": min(scores) if scores else None,
            "explanation": (
                f"{len(spellings)} Canadian spelling(s) linked to {name}, weakest link "
                f"scoring {min(scores):.2f}; each record shows its own explanation."
                if scores
                else None
            ),
        },
    }


def awards_by_family(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, list[dict]]:
    """The in-scope ICE/DHS awards of each family, largest first."""
    out: dict[str, list[dict]] = defaultdict(list)
    for r in con.execute(AWARDS_SQL, {"families": ids}).fetchall():
        out[r[0]].append(
            {
                "award_id": r[1],
                "award_key": r[2],
                "recipient_name": r[3],
                "agency": r[4],
                "sub_agency": r[5],
                "component": r[6],
                "amount_usd": r[7],
                "amount_basis": r[8],
                "action_date": _iso(r[9]),
                "first_date": _iso(r[10]),
                "description": r[11],
                "url": r[12],
                "source": _source(r[13], r[14]),
                "link": {"via": r[15], "score": 1.0, "explanation": r[15]},
            }
        )
    return out


def records_by_family(
    con: duckdb.DuckDBPyConnection, links: Iterable[tuple[str, str, str, float, str]]
) -> dict[str, list[dict]]:
    """The Canadian records of each family, largest first; links are (vendor name, family id,
    decision, score, explanation), one per spelling."""
    by_name = {link[0]: link for link in links}
    out: dict[str, list[dict]] = defaultdict(list)
    if not by_name:
        return out
    for r in con.execute(RECORDS_SQL, {"names": list(by_name)}).fetchall():
        _, family_id, decision, score, explanation = by_name[r[0]]
        out[family_id].append(
            {
                "kind": r[1],
                "vendor_name": r[0],
                "department": r[2],
                "value_cad": r[3],
                "date": _iso(r[4]),
                "reference": r[5],
                "description": r[6],
                "url": r[7],
                "source": _source(r[8], r[9]),
                "match": {"decision": decision, "score": score, "explanation": explanation},
            }
        )
    return out


def names_by_family(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for family_id, name in con.execute(
        "SELECT family_id, name FROM res_family_names WHERE list_contains($f, family_id) "
        "ORDER BY family_id, origin, name",
        {"f": ids},
    ).fetchall():
        out[family_id].append(name)
    return out


def by_year(awards: list[dict], records: list[dict]) -> list[dict]:
    years: dict[int, dict[str, float]] = defaultdict(lambda: {"us_usd": 0.0, "ca_cad": 0.0})
    for award in awards:
        when = award["first_date"] or award["action_date"]
        if when:
            years[int(when[:4])]["us_usd"] += award["amount_usd"] or 0.0
    for record in records:
        if record["date"]:
            years[int(record["date"][:4])]["ca_cad"] += record["value_cad"] or 0.0
    return [{"year": y, **v} for y, v in sorted(years.items())]


def _sources(con: duckdb.DuckDBPyConnection) -> list[dict]:
    rows = con.execute(
        "SELECT path, layout, sha256, rows_loaded, rows_duplicate, rows_quarantined, ingested_at "
        "FROM src_files ORDER BY path"
    ).fetchall()
    return [
        {
            "path": r[0],
            "layout": r[1],
            "sha256": r[2],
            "rows_loaded": r[3],
            "rows_duplicate": r[4],
            "rows_quarantined": r[5],
            "ingested_at": r[6].isoformat() if r[6] else None,
        }
        for r in rows
    ]
