"""Alerts: which families became newly flagged, or gained US awards or Canadian records, since
the previous run.

Each run stores a snapshot of its report's family totals (`alr_runs`, `alr_family_totals`:
appended, never rebuilt) and is compared with the previous run made under the same policy and
data kind (demo or not), since a different scope changes the list without anything new being
published. `iceout diff` prints the latest comparison; every run writes it as alerts.json and
as an Atom feed (alerts.atom, the comparisons of the last runs) next to the report.
"""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import duckdb

from iceout.db import transaction
from iceout.report.records import Exposure

FEED_RUNS = 20  # comparisons kept in the feed
ATOM = "http://www.w3.org/2005/Atom"

TOTALS_SQL = """
SELECT family_id, family, us_awards, us_obligations_usd, canadian_records, canadian_value_cad
FROM alr_family_totals WHERE run_id = ? ORDER BY family_id
"""


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def policy_key(exposure: Exposure) -> str:
    return json.dumps({"policy": exposure.policy, "demo": exposure.demo}, sort_keys=True)


def record_run(con: duckdb.DuckDBPyConnection, exposure: Exposure) -> int:
    """Store this run's family totals; returns its run id."""
    with transaction(con):
        row = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM alr_runs").fetchone()
        run_id = int(row[0]) if row else 1
        con.execute(
            "INSERT INTO alr_runs VALUES (?, ?, ?)", [run_id, utcnow(), policy_key(exposure)]
        )
        rows = [
            [
                run_id,
                f.family_id,
                f.family,
                len(f.us_awards),
                f.us_obligations_usd or 0.0,
                len(f.canadian_records),
                f.headline.value_cad if f.headline else 0.0,  # one kind, one fiscal year
            ]
            for f in exposure.families
        ]
        if rows:  # executemany refuses an empty list
            con.executemany("INSERT INTO alr_family_totals VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return run_id


def _runs(con: duckdb.DuckDBPyConnection, policy: str) -> list[tuple[int, datetime]]:
    return con.execute(
        "SELECT run_id, taken_at FROM alr_runs WHERE policy = ? ORDER BY run_id", [policy]
    ).fetchall()


def _totals(con: duckdb.DuckDBPyConnection, run_id: int | None) -> dict[str, tuple]:
    if run_id is None:
        return {}
    return {row[0]: row for row in con.execute(TOTALS_SQL, [run_id]).fetchall()}


def compare(before: dict[str, tuple], after: dict[str, tuple]) -> list[dict[str, Any]]:
    """Changes worth an alert, one per family and kind."""
    changes = []
    for family_id, now in after.items():
        _, name, awards, usd, records, cad = now
        was = before.get(family_id)
        if was is None:
            changes.append(_change(family_id, name, "newly flagged", now, None))
            continue
        if awards > was[2]:
            changes.append(_change(family_id, name, "more US awards", now, was))
        if records > was[4]:
            changes.append(_change(family_id, name, "more Canadian records", now, was))
    return changes


def _change(family_id: str, name: str, kind: str, now: tuple, was: tuple | None) -> dict[str, Any]:
    after = {
        "us_awards": now[2],
        "us_obligations_usd": now[3],
        "canadian_records": now[4],
        "canadian_value_cad": now[5],
    }
    before = (
        {
            "us_awards": was[2],
            "us_obligations_usd": was[3],
            "canadian_records": was[4],
            "canadian_value_cad": was[5],
        }
        if was
        else None
    )
    return {
        "family_id": family_id,
        "family": name,
        "change": kind,
        "before": before,
        "after": after,
    }


def describe(change: dict[str, Any]) -> str:
    after, before = change["after"], change["before"] or {}
    return (
        f"{change['family']}: {change['change']}: "
        f"{before.get('us_awards', 0)} -> {after['us_awards']} US award(s) "
        f"(USD {after['us_obligations_usd']:,.0f}), "
        f"{before.get('canadian_records', 0)} -> {after['canadian_records']} Canadian record(s) "
        f"(headline CAD {after['canadian_value_cad']:,.0f}, one kind in one fiscal year)"
    )


def history(
    con: duckdb.DuckDBPyConnection, policy: str, runs: int = FEED_RUNS
) -> list[dict[str, Any]]:
    """The comparison of each of the last `runs` runs under `policy` with the run before it,
    newest first."""
    ordered = _runs(con, policy)
    out = []
    for index in range(len(ordered) - 1, max(len(ordered) - 1 - runs, -1), -1):
        run_id, taken_at = ordered[index]
        previous = ordered[index - 1] if index else None
        out.append(
            {
                "run": {"id": run_id, "taken_at": _iso(taken_at)},
                "previous": {"id": previous[0], "taken_at": _iso(previous[1])}
                if previous
                else None,
                "changes": compare(
                    _totals(con, previous[0] if previous else None), _totals(con, run_id)
                ),
            }
        )
    return out


def latest(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The comparison of the latest run (any policy) with the previous run under its policy."""
    row = con.execute("SELECT policy FROM alr_runs ORDER BY run_id DESC LIMIT 1").fetchone()
    if not row:
        return None
    found = history(con, row[0], runs=1)
    return {"policy": json.loads(row[0]), **found[0]} if found else None


def _iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_alerts(con: duckdb.DuckDBPyConnection, exposure: Exposure, out: Path) -> list[Path]:
    """Record this run and write alerts.json (this run's changes) and alerts.atom (the feed)."""
    record_run(con, exposure)
    policy = policy_key(exposure)
    runs = history(con, policy)
    json_path, atom_path = out / "alerts.json", out / "alerts.atom"
    json_path.write_text(
        json.dumps({"policy": json.loads(policy), **runs[0]}, indent=2, ensure_ascii=False),
        encoding="utf-8",
    )
    atom_path.write_bytes(atom_feed(runs, policy))
    return [json_path, atom_path]


def atom_feed(runs: list[dict[str, Any]], policy: str) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", "iceout: ICE/DHS contractors with Canadian federal money, changes")
    _text(feed, "id", f"urn:iceout:alerts:{hashlib.sha1(policy.encode()).hexdigest()[:16]}")
    _text(feed, "updated", runs[0]["run"]["taken_at"])
    ET.SubElement(feed, f"{{{ATOM}}}link", href="report.html", rel="related")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "iceout")
    for run in runs:
        for change in run["changes"]:
            entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
            _text(entry, "title", f"{change['family']}: {change['change']}")
            slug = change["change"].replace(" ", "-")
            _text(
                entry,
                "id",
                f"urn:iceout:alert:{run['run']['taken_at']}:{change['family_id']}:{slug}",
            )
            _text(entry, "updated", run["run"]["taken_at"])
            _text(entry, "summary", describe(change))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text
