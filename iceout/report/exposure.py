"""The exposure report's data: families on the watchlist that also receive Canadian federal
money, with every figure traceable to its public record (file, row, public page). Built as
typed records (report/records.py) from the links as they stand (resolve/links.py)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from iceout.domain import Decision, MoneyKind, money_sum
from iceout.i18n import N_
from iceout.i18n.message import Figure, Message, Plural
from iceout.report.coverage import build_coverage
from iceout.report.records import (
    CanadianRecord,
    Exposure,
    FamilyExposure,
    Headline,
    KindTotal,
    LinkInfo,
    MatchSummary,
    NotFound,
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

# A Canadian record is within the policy's dates when the period its money belongs to (a
# contract's date, a Public Accounts line's fiscal year) meets them: --from/--to apply to both
# countries.
CA_WITHIN = """($date_from IS NULL OR r.period_end >= $date_from)
    AND ($date_to IS NULL OR r.period_start <= $date_to)"""

FAMILIES_SQL = f"""
{LINKS_CTE}
SELECT w.family_id, w.name, w.kind, w.country, w.sources, w.us_obligations_usd, w.first_us_date
FROM wl_families w
JOIN links l USING (family_id)
JOIN nrm_ca_records r USING (vendor_name)
WHERE w.kind = 'company' AND {CA_WITHIN}
GROUP BY ALL
ORDER BY w.family_id
"""

# Companies the research names (curated families) with Canadian money but no in-scope ICE/DHS
# award in the data: not ranked, shown so that what the sources say about them can be checked.
NAMED_SQL = f"""
{LINKS_CTE}
SELECT f.family_id, f.name, f.kind, f.country, f.sources, NULL, NULL
FROM res_families f
JOIN links l USING (family_id)
JOIN nrm_ca_records r USING (vendor_name)
WHERE f.origin = 'curated' AND f.kind = 'company' AND {CA_WITHIN}
  AND f.family_id NOT IN (SELECT family_id FROM wl_families)
GROUP BY ALL
ORDER BY f.family_id
"""

AWARDS_SQL = """
SELECT family_id, award_id, award_key, recipient_name, agency, sub_agency, component, amount_usd,
       amount_basis, latest_date, start_date, description, url, source_file, source_row, via,
       counted, count_note
FROM wl_awards WHERE list_contains($families, family_id)
ORDER BY family_id, amount_usd DESC NULLS LAST, award_key
"""

AWARD_YEARS_SQL = f"""
SELECT family_id, year, {money_sum("amount_usd")} FROM wl_award_years
WHERE list_contains($families, family_id) AND year IS NOT NULL GROUP BY ALL
"""

RECORDS_SQL = f"""
SELECT r.vendor_name, r.kind, r.department, r.value_cad, r.record_date, r.reference,
       r.description, r.url, r.source_file, r.source_row, r.source_page, r.fiscal_year,
       r.program, r.location, r.count_basis, r.coverage_note, year(r.period_start), r.record_key
FROM nrm_ca_records r JOIN (SELECT unnest($names) AS vendor_name) n USING (vendor_name)
WHERE {CA_WITHIN}
ORDER BY r.value_cad DESC NULLS LAST, r.record_key
"""

REVIEW_SQL = f"""
{LINKS_CTE}
SELECT l.vendor_name, count(*) AS records, {money_sum("r.value_cad")} AS value_cad
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


def _source(path: str, row: int, page: int | None = None) -> str:
    name = Path(path).name
    if page and name.lower().endswith(".pdf"):
        return f"{name}:page {page}"
    return f"{name}:row {row}" + (f" (PDF page {page})" if page else "")


def _links_params(links: Iterable[Link]) -> dict[str, list[str]]:
    chosen = list(links)
    return {"names": [k.name for k in chosen], "families": [k.family_id for k in chosen]}


def _dates(policy: Policy | None) -> dict[str, date | None]:
    return {
        "date_from": policy.date_from if policy else None,
        "date_to": policy.date_to if policy else None,
    }


def build_exposure(
    con: duckdb.DuckDBPyConnection,
    policy: Policy,
    demo: bool = False,
    standing: StandingLinks | None = None,
) -> Exposure:
    standing = standing or standing_links(con)
    matched = standing.matched()
    families = con.execute(FAMILIES_SQL, {**_links_params(matched), **_dates(policy)}).fetchall()
    ids = [f[0] for f in families]
    awards = awards_by_family(con, ids)
    years = us_years_by_family(con, ids)
    chosen = set(ids)
    records = records_by_family(con, [k for k in matched if k.family_id in chosen], policy)
    names = names_by_family(con, ids)
    entries = [
        family_entry(row, awards[row[0]], records[row[0]], names[row[0]], years[row[0]])
        for row in families
    ]
    named_rows = con.execute(NAMED_SQL, {**_links_params(matched), **_dates(policy)}).fetchall()
    named_ids = {row[0] for row in named_rows}
    named_records = records_by_family(con, [k for k in matched if k.family_id in named_ids], policy)
    named_names = names_by_family(con, list(named_ids))
    named = ranked(
        [family_entry(row, [], named_records[row[0]], named_names[row[0]]) for row in named_rows]
    )
    both = ranked([f for f in entries if (f.us_obligations_usd or 0.0) > 0])
    apart = ranked([f for f in entries if (f.us_obligations_usd or 0.0) <= 0])
    review = review_entries(con, standing)
    coverage = build_coverage(con)
    summary = Summary(
        families=len(both),
        us_obligations_usd=sum(f.us_obligations_usd or 0 for f in both),
        canadian=kind_totals(r for f in both for r in f.canadian_records),
        us_awards=sum(len(f.us_awards) for f in both),
        canadian_records=sum(len(f.canadian_records) for f in both),
        records_in_review=sum(r.records for r in review),
        families_without_obligations=len(apart),
    )
    return Exposure(
        generated_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        demo=demo,
        policy=policy.describe(),
        summary=summary,
        sources=_sources(con),
        families=both,
        review=review,
        no_obligations=apart,
        not_found=not_found(con, {f.family_id for f in entries}, coverage.statement),
        named_without_awards=named,
        coverage=coverage,
    )


def ranked(families: list[FamilyExposure]) -> list[FamilyExposure]:
    """Largest headline first (one kind in one fiscal year), then US obligations."""
    return sorted(
        families,
        key=lambda f: (
            -(f.headline.value_cad if f.headline else 0.0),
            -(f.us_obligations_usd or 0.0),
            f.family,
        ),
    )


def kind_totals(records: Iterable[CanadianRecord]) -> list[KindTotal]:
    """One total per kind of money, in MoneyKind's order; kinds are never added together."""
    totals: dict[str, list[CanadianRecord]] = defaultdict(list)
    for record in records:
        totals[record.kind or MoneyKind.CONTRACT].append(record)
    return [
        KindTotal(
            kind=kind.value,
            label=kind.label,
            value_cad=sum(r.value_cad or 0.0 for r in totals[kind]),
            records=len(totals[kind]),
            fiscal_years=sorted({r.fiscal_year for r in totals[kind] if r.fiscal_year}),
        )
        for kind in MoneyKind
        if totals.get(kind)
    ]


def headline(records: list[CanadianRecord]) -> Headline | None:
    """The family's largest total of one kind in one fiscal year."""
    totals: dict[tuple[str, str | None, int | None], float] = defaultdict(float)
    for record in records:
        year = None if record.fiscal_year else record.year  # dated by year only
        totals[(record.kind or MoneyKind.CONTRACT, record.fiscal_year, year)] += (
            record.value_cad or 0.0
        )
    if not totals:
        return None
    (kind, fiscal, year), value = max(
        totals.items(), key=lambda item: (item[1], item[0][1] or "", item[0][2] or 0)
    )
    label = MoneyKind(kind).label
    when = f", fiscal year {fiscal}" if fiscal else f", year {year}" if year else ", undated"
    return Headline(kind, label, fiscal, value, f"C${value:,.0f} in {label}{when}")


def not_found(con: duckdb.DuckDBPyConnection, reported: set[str], searched: str) -> list[NotFound]:
    """Curated watchlist companies with no Canadian record linked, and where we looked."""
    rows = con.execute(
        "SELECT family_id, name, us_obligations_usd FROM wl_families "
        "WHERE origin = 'curated' AND kind = 'company' ORDER BY us_obligations_usd DESC NULLS LAST, family_id"
    ).fetchall()
    return [NotFound(fid, name, us, searched) for fid, name, us in rows if fid not in reported]


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
            explanation=str(links[name].reasons),
            records=count,
            value_cad=value,
        )
        for name, count, value in rows
    ]


def family_entry(
    row: tuple,
    awards: list[UsAward],
    records: list[CanadianRecord],
    names: list[str],
    us_years: dict[int, float] | None = None,
) -> FamilyExposure:
    """One family of the report (also the API's dossier): row is (family_id, name, kind,
    country, sources, US total, first US date)."""
    family_id, name, kind, country, sources, us_total, first_us = row[:7]
    scores = [r.match.score for r in records if r.match.score is not None]
    spellings = sorted({r.vendor_name for r in records})
    weakest = min(scores) if scores else None
    explanation = str(family_reason(name, len(spellings), weakest)) if spellings else None
    dates = [r.date for r in records if r.date] + [
        f"{r.year}-04-01" for r in records if not r.date and r.year
    ]
    return FamilyExposure(
        family_id=family_id,
        family=name,
        names=names,
        country=country,
        kind=kind,
        family_sources=list(sources or []),
        us_obligations_usd=us_total,
        us_awards=awards,
        canadian=kind_totals(records),
        headline=headline(records),
        canadian_records=records,
        by_year=by_year(us_years or {}, records),
        first_us_date=_iso(first_us),
        first_ca_date=min(dates) if dates else None,
        match=MatchSummary(Decision.MATCH, weakest, explanation),
        us_note=_us_note(us_total, awards),
    )


def family_reason(family: str, spellings: int, weakest: float | None) -> Message:
    """Why a family is in the report, as its page says it (exposure.json keeps the English)."""
    linked = Plural(
        "%(count)s Canadian spelling linked to %(family)s",
        "%(count)s Canadian spellings linked to %(family)s",
        spellings,
        family=family,
    )
    if weakest is not None:
        linked = Message(
            "%(linked)s, weakest computed link scoring %(score)s",
            linked=linked,
            score=Figure(weakest),
        )
    return Message("%(linked)s; each record shows its own explanation.", linked=linked)


# Why a family is listed apart, kept in English in exposure.json; pages show it in their
# reader's language (report/html.py `stored`).
US_NOTES = (
    N_("no ICE/DHS award in the data for this scope"),
    N_("subawards only: their dollars are counted under the prime award's family"),
    N_("award on record, no obligations in the data (net %(amount)s)"),
)


def _us_note(us_total: float | None, awards: list[UsAward]) -> str | None:
    if (us_total or 0.0) > 0:
        return None
    if us_total is None and not awards:
        return US_NOTES[0]
    if awards and not any(a.counted for a in awards):
        return US_NOTES[1]
    return US_NOTES[2] % {"amount": f"US${us_total or 0:,.2f}"}


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
                counted=bool(r[16]),
                count_note=r[17],
            )
        )
    return out


def us_years_by_family(
    con: duckdb.DuckDBPyConnection, ids: list[str]
) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = defaultdict(dict)
    for family_id, year, amount in con.execute(AWARD_YEARS_SQL, {"families": ids}).fetchall():
        out[family_id][int(year)] = float(amount or 0.0)
    return out


def records_by_family(
    con: duckdb.DuckDBPyConnection, links: Iterable[Link], policy: Policy | None = None
) -> dict[str, list[CanadianRecord]]:
    """The Canadian records of each family, largest first; one link per spelling."""
    out: dict[str, list[CanadianRecord]] = defaultdict(list)
    by_name = {link.name: link for link in links}
    for name, records in records_by_name(con, by_name.values(), policy).items():
        out[by_name[name].family_id].extend(records)
    for records in out.values():
        records.sort(key=lambda r: -(r.value_cad or 0.0))
    return out


def records_by_name(
    con: duckdb.DuckDBPyConnection, links: Iterable[Link], policy: Policy | None = None
) -> dict[str, list[CanadianRecord]]:
    """The Canadian records behind each linked spelling, largest first."""
    by_name = {link.name: link for link in links}
    out: dict[str, list[CanadianRecord]] = defaultdict(list)
    if not by_name:
        return out
    params = {"names": list(by_name), **_dates(policy)}
    for r in con.execute(RECORDS_SQL, params).fetchall():
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
                source=_source(r[8], r[9], r[10]),
                match=LinkInfo(link.decision, link.score, str(link.reasons)),
                fiscal_year=r[11],
                program=r[12],
                location=r[13],
                count_basis=r[14],
                coverage_note=r[15],
                year=r[16],
                record_key=r[17],
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


def by_year(us_years: dict[int, float], records: list[CanadianRecord]) -> list[YearAmounts]:
    """US obligations by the year of their transactions (wl_award_years); Canadian money by kind
    and year, never added across kinds."""
    canada: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for record in records:
        if record.year:
            canada[record.year][record.kind or MoneyKind.CONTRACT] += record.value_cad or 0.0
    years = sorted(set(us_years) | set(canada))
    return [YearAmounts(y, us_years.get(y, 0.0), dict(canada.get(y, {}))) for y in years]


def _sources(con: duckdb.DuckDBPyConnection) -> list[SourceFile]:
    return [
        SourceFile(path, layout, sha, loaded, duplicate, quarantined, _iso_time(at))
        for path, layout, sha, loaded, duplicate, quarantined, at in con.execute(
            SOURCES_SQL
        ).fetchall()
    ]


def _iso_time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
