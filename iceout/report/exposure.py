"""The exposure report's data: families on the watchlist that also receive Canadian federal
money, with every figure traceable to its public record (file, row, public page). Built as
typed records (report/records.py) from the links as they stand (resolve/links.py)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from iceout.domain import Decision
from iceout.report.records import (
    CanadianRecord,
    Exposure,
    FamilyExposure,
    LinkInfo,
    MatchSummary,
    ReviewEntry,
    SourceFile,
    Summary,
    UsAward,
    YearAmounts,
    canada_search_url,
    public_url,
)
from iceout.resolve.links import Link, StandingLinks, standing_links
from iceout.screen.policy import Policy

# The links are passed in as two parallel lists (spelling, family id): the links as they stand.
LINKS_CTE = "WITH links AS (SELECT unnest($names) AS vendor_name, unnest($families) AS family_id)"

FAMILIES_SQL = f"""
{LINKS_CTE}
SELECT w.family_id, w.name, w.kind, w.country, w.sources, w.us_obligations_usd, w.first_us_date,
       sum(r.value_cad) AS canadian_value_cad, min(r.record_date) AS first_ca_date
FROM wl_families w
JOIN links l USING (family_id)
JOIN nrm_ca_records r USING (vendor_name)
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

RECORDS_SQL = """
SELECT r.vendor_name, r.kind, r.department, r.value_cad, r.record_date, r.reference,
       r.description, r.url, r.source_file, r.source_row
FROM nrm_ca_records r JOIN (SELECT unnest($names) AS vendor_name) n USING (vendor_name)
ORDER BY r.value_cad DESC NULLS LAST, r.record_key
"""

REVIEW_SQL = f"""
{LINKS_CTE}
SELECT l.vendor_name, count(*) AS records, sum(r.value_cad) AS value_cad
FROM links l JOIN res_families f USING (family_id) JOIN nrm_ca_records r USING (vendor_name)
WHERE f.kind = 'company' AND l.family_id IN (SELECT family_id FROM wl_families)
GROUP BY ALL ORDER BY value_cad DESC NULLS LAST, l.vendor_name
"""

SOURCES_SQL = """
SELECT path, layout, sha256, rows_loaded, rows_duplicate, rows_quarantined, ingested_at
FROM src_files ORDER BY path
"""


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _source(path: str, row: int) -> str:
    return f"{Path(path).name}:row {row}"


def _links_params(links: Iterable[Link]) -> dict[str, list[str]]:
    chosen = list(links)
    return {"names": [k.name for k in chosen], "families": [k.family_id for k in chosen]}


def build_exposure(
    con: duckdb.DuckDBPyConnection,
    policy: Policy,
    demo: bool = False,
    standing: StandingLinks | None = None,
) -> Exposure:
    standing = standing or standing_links(con)
    matched = standing.matched()
    families = con.execute(FAMILIES_SQL, _links_params(matched)).fetchall()
    ids = [f[0] for f in families]
    awards = awards_by_family(con, ids)
    records = records_by_family(con, [link for link in matched if link.family_id in set(ids)])
    names = names_by_family(con, ids)
    out = [family_entry(row, awards[row[0]], records[row[0]], names[row[0]]) for row in families]
    review = review_entries(con, standing)
    summary = Summary(
        families=len(out),
        us_obligations_usd=sum(f.us_obligations_usd or 0 for f in out),
        canadian_value_cad=sum(f.canadian_value_cad or 0 for f in out),
        us_awards=sum(len(f.us_awards) for f in out),
        canadian_records=sum(len(f.canadian_records) for f in out),
        records_in_review=sum(r.records for r in review),
    )
    return Exposure(
        generated_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        demo=demo,
        policy=policy.describe(),
        summary=summary,
        sources=_sources(con),
        families=out,
        review=review,
    )


def review_entries(con: duckdb.DuckDBPyConnection, standing: StandingLinks) -> list[ReviewEntry]:
    """Spellings linked for review to a watchlist company, largest Canadian value first."""
    links = {k.name: k for k in standing.links.values() if k.decision is Decision.REVIEW}
    rows = con.execute(REVIEW_SQL, _links_params(links.values())).fetchall()
    return [
        ReviewEntry(
            name=name,
            family_id=links[name].family_id,
            family=links[name].family_name,
            score=links[name].score,
            explanation=links[name].reasons,
            records=count,
            value_cad=value,
        )
        for name, count, value in rows
    ]


def family_entry(
    row: tuple, awards: list[UsAward], records: list[CanadianRecord], names: list[str]
) -> FamilyExposure:
    """One family of the report (also the API's dossier): row is (family_id, name, kind,
    country, sources, US total, first US date, Canadian total, first Canadian date)."""
    family_id, name, kind, country, sources, us_total, first_us, ca_total, first_ca = row
    scores = [r.match.score for r in records if r.match.score is not None]
    spellings = sorted({r.vendor_name for r in records})
    weakest = min(scores) if scores else None
    explanation = None
    if spellings:
        explanation = f"{len(spellings)} Canadian spelling(s) linked to {name}" + (
            f", weakest computed link scoring {weakest:.2f}" if weakest is not None else ""
        )
        explanation += "; each record shows its own explanation."
    return FamilyExposure(
        family_id=family_id,
        family=name,
        names=names,
        country=country,
        kind=kind,
        family_sources=list(sources or []),
        us_obligations_usd=us_total,
        us_awards=awards,
        canadian_value_cad=ca_total,
        canadian_records=records,
        by_year=by_year(awards, records),
        first_us_date=_iso(first_us),
        first_ca_date=_iso(first_ca),
        match=MatchSummary(Decision.MATCH, weakest, explanation),
    )


def awards_by_family(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, list[UsAward]]:
    """The in-scope ICE/DHS awards of each family, largest first."""
    out: dict[str, list[UsAward]] = defaultdict(list)
    for r in con.execute(AWARDS_SQL, {"families": ids}).fetchall():
        out[r[0]].append(
            UsAward(
                award_id=r[1],
                award_key=r[2],
                recipient_name=r[3],
                agency=r[4],
                sub_agency=r[5],
                component=r[6],
                amount_usd=r[7],
                amount_basis=r[8],
                action_date=_iso(r[9]),
                first_date=_iso(r[10]),
                description=r[11],
                url=UsAward.page(r[12], r[2]),
                source=_source(r[13], r[14]),
                link=LinkInfo(Decision.MATCH, 1.0, r[15], r[15]),
            )
        )
    return out


def records_by_family(
    con: duckdb.DuckDBPyConnection, links: Iterable[Link]
) -> dict[str, list[CanadianRecord]]:
    """The Canadian records of each family, largest first; one link per spelling."""
    out: dict[str, list[CanadianRecord]] = defaultdict(list)
    by_name = {link.name: link for link in links}
    for name, records in records_by_name(con, by_name.values()).items():
        out[by_name[name].family_id].extend(records)
    for records in out.values():
        records.sort(key=lambda r: -(r.value_cad or 0.0))
    return out


def records_by_name(
    con: duckdb.DuckDBPyConnection, links: Iterable[Link]
) -> dict[str, list[CanadianRecord]]:
    """The Canadian records behind each linked spelling, largest first."""
    by_name = {link.name: link for link in links}
    out: dict[str, list[CanadianRecord]] = defaultdict(list)
    if not by_name:
        return out
    for r in con.execute(RECORDS_SQL, {"names": list(by_name)}).fetchall():
        link = by_name[r[0]]
        out[r[0]].append(
            CanadianRecord(
                kind=r[1],
                vendor_name=r[0],
                department=r[2],
                value_cad=r[3],
                date=_iso(r[4]),
                reference=r[5],
                description=r[6],
                url=public_url(r[7]) or canada_search_url(r[1], r[5], r[0]),
                url_is_search=public_url(r[7]) is None,
                source=_source(r[8], r[9]),
                match=LinkInfo(link.decision, link.score, link.reasons),
            )
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


def by_year(awards: list[UsAward], records: list[CanadianRecord]) -> list[YearAmounts]:
    years: dict[int, dict[str, float]] = defaultdict(lambda: {"us_usd": 0.0, "ca_cad": 0.0})
    for award in awards:
        when = award.first_date or award.action_date
        if when:
            years[int(when[:4])]["us_usd"] += award.amount_usd or 0.0
    for record in records:
        if record.date:
            years[int(record.date[:4])]["ca_cad"] += record.value_cad or 0.0
    return [YearAmounts(y, v["us_usd"], v["ca_cad"]) for y, v in sorted(years.items())]


def _sources(con: duckdb.DuckDBPyConnection) -> list[SourceFile]:
    return [
        SourceFile(path, layout, sha, loaded, duplicate, quarantined, _iso_time(at))
        for path, layout, sha, loaded, duplicate, quarantined, at in con.execute(
            SOURCES_SQL
        ).fetchall()
    ]


def _iso_time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
