"""One name per Canadian federal department, whatever each publication prints.

The Public Accounts print 'Department of National Defence' (FY2021-22 on), 'National Defence'
(earlier) or a ministry in capitals ('PUBLIC WORKS AND GOVERNMENT SERVICES'); the contracts
disclosures print the applied title ('Public Services and Procurement Canada') with an
open.canada.ca organisation code. A department seen once per publication would be counted as
several departments in every view by department. `nrm_departments` maps each printed spelling
(with its organisation code) to one department id and name:

  1. a curated federal body (iceout/data/canadian_bodies.yaml: current and former names in
     English and French, organisation codes) by organisation code, else by name, first in file
     order: its id and name;
  2. otherwise the spellings that share an organisation code, or the words that tell the name
     apart (`core`: 'Department of Canadian Heritage' and 'Canadian Heritage' are one), are one
     department, named as its publisher prints it (the spelling filed with an organisation
     code, else the most used one not in capitals).

The spelling as printed stays on each record (`department_as_printed`).
"""

import re
from collections import Counter
from functools import cache
from importlib.resources import files
from typing import Any

import duckdb
import yaml

from iceout.normalize.text import compact, fold

# Words that name no body in particular: 'Parks Canada' and 'Parks Canada Agency', 'Canadian
# Heritage' and 'Department of Canadian Heritage' are one body each.
GENERIC_WORDS = frozenset("department of the canada agency office".split())
_WORD = re.compile(r"[^\W_]+")
_SMALL = frozenset("and of for the on in to".split())


def core(name: str) -> str:
    """The words of a body's name that tell it apart: 'Department of Canadian Heritage' ->
    'canadianheritage', 'Parks Canada Agency' -> 'parks'."""
    return "".join(f for f in (fold(w) for w in _WORD.findall(name)) if f not in GENERIC_WORDS)


def name_keys(names: list[str]) -> frozenset[str]:
    """The keys under which these names file a body: each name compacted, and its core."""
    return frozenset(k for n in names for k in (compact(n), core(n)) if k)


@cache
def curated_bodies() -> tuple[dict[str, Any], ...]:
    """The curated federal bodies (iceout/data/canadian_bodies.yaml), in file order."""
    text = files("iceout").joinpath("data/canadian_bodies.yaml").read_text(encoding="utf-8")
    return tuple(yaml.safe_load(text))


@cache
def _curated_index() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    by_org: dict[str, tuple[str, str]] = {}
    by_key: dict[str, tuple[str, str]] = {}
    for body in curated_bodies():
        if body.get("any_department"):
            continue
        named = (body["id"], body["name"])
        for org in body.get("owner_orgs") or ():
            by_org.setdefault(org, named)
        names = [body["name"], *(body.get("names") or ()), *(body.get("record_names") or ())]
        for k in name_keys(names):
            by_key.setdefault(k, named)  # first in file order: a body before its parliament
    return by_org, by_key


def _curated(printed: str, owner_org: str | None) -> tuple[str, str] | None:
    by_org, by_key = _curated_index()
    if owner_org and owner_org in by_org:
        return by_org[owner_org]
    return by_key.get(compact(printed)) or by_key.get(core(printed))


def _shown(spellings: Counter[tuple[str, str | None]]) -> str:
    """A department's name as its publisher prints it."""
    best = max(spellings, key=lambda s: (s[1] is not None, not s[0].isupper(), spellings[s], s))
    return _title(best[0]) if best[0].isupper() else best[0]


def _title(capitals: str) -> str:
    """'PUBLIC WORKS AND GOVERNMENT SERVICES' -> 'Public Works and Government Services'."""
    words = capitals.title().split(" ")
    return " ".join(w.lower() if i and w.lower() in _SMALL else w for i, w in enumerate(words))


def harmonise(
    spellings: Counter[tuple[str, str | None]],
) -> dict[tuple[str, str | None], tuple[str, str]]:
    """Each (printed department, organisation code) -> (department id, department name);
    `spellings` counts the records behind each."""
    out: dict[tuple[str, str | None], tuple[str, str]] = {}
    groups: dict[str, Counter[tuple[str, str | None]]] = {}
    by_core: dict[str, str] = {}
    # spellings with an organisation code first, so that a printed name joins its publisher's
    for printed, org in sorted(spellings, key=lambda s: (s[1] is None, s)):
        if curated := _curated(printed, org):
            out[printed, org] = curated
            continue
        key = core(printed) or compact(printed)
        group = by_core.get(key) or (f"org:{org}" if org else f"name:{key}")
        by_core.setdefault(key, group)
        groups.setdefault(group, Counter())[printed, org] = spellings[printed, org]
    for group, members in groups.items():
        named = (f"ca-department:{group.split(':', 1)[1]}", _shown(members))
        out.update(dict.fromkeys(members, named))
    return out


def build_departments(con: duckdb.DuckDBPyConnection) -> None:
    """nrm_departments: every printed department of src_ca_records under one id and name."""
    rows = con.execute(
        "SELECT department, owner_org, count(*) FROM src_ca_records "
        "WHERE department IS NOT NULL GROUP BY ALL"
    ).fetchall()
    mapping = harmonise(Counter({(d, o): n for d, o, n in rows}))
    con.execute(
        "CREATE OR REPLACE TABLE nrm_departments (printed VARCHAR NOT NULL, owner_org VARCHAR, "
        "department_id VARCHAR NOT NULL, department VARCHAR NOT NULL)"
    )
    if mapping:
        con.executemany(
            "INSERT INTO nrm_departments VALUES (?, ?, ?, ?)",
            [(p, o, i, n) for (p, o), (i, n) in sorted(mapping.items(), key=str)],
        )
