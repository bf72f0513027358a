"""Check claims about Canadian public money: does the subject's family hold Canadian records of
the body the sentence names, of a kind that fits the relation?

- supported: records of that body (any federal department for 'the federal government',
  'Ottawa') of a matching kind are linked to the family: a contract (or services, a sale, a
  payment) by contracts, Public Accounts payments for services and vendor-year totals; a
  subsidy by grant agreements and Public Accounts transfer payments;
- contradicted: the sentence denies the relation and such records exist;
- unverified: none is linked; the explanation says which Canadian data were searched, for
  which years, and whether they hold any record of that body at all.

A family's Canadian records are those of its Canadian spellings linked as a `match` in the
links as they stand (iceout/resolve/links.py `standing_links`); spellings waiting for review
are named, never counted. The kinds of money are kept apart in evidence and explanations: a
contract's value and the payments made under it can be the same dollars, so they are never
added together.
"""

from typing import Any

import duckdb

from iceout.claims.assertions import Assertion
from iceout.claims.bodies import CanadianBodies, CanadianBody
from iceout.claims.ca_records import CaRecord, family_records
from iceout.claims.coverage import Coverage, fiscal_span
from iceout.claims.subjects import Subjects, status
from iceout.domain import Decision, MoneyKind
from iceout.normalize.text import compact
from iceout.resolve.links import standing_links

SUBSIDY_KINDS = (MoneyKind.GRANT.value, MoneyKind.TRANSFER.value)
CONTRACT_KINDS = (MoneyKind.CONTRACT.value, MoneyKind.PAYMENT.value, MoneyKind.VENDOR_YEAR.value)
MAX_EVIDENCE = 10  # per kind of money
# What a search looked for, in a few words (the labels of MoneyKind say it in full).
SOUGHT = {
    MoneyKind.CONTRACT: "contracts",
    MoneyKind.PAYMENT: "Public Accounts payments for services",
    MoneyKind.VENDOR_YEAR: "vendor-year contract totals",
    MoneyKind.GRANT: "grant and contribution agreements",
    MoneyKind.TRANSFER: "Public Accounts transfer payments",
}
SHOWN_NAMES = 5

NAMES_SQL = """
SELECT family_id, list(DISTINCT name ORDER BY name) FROM res_family_names
WHERE list_contains($families, family_id) GROUP BY family_id
"""


def kinds_for(relation: str) -> tuple[str, ...]:
    return SUBSIDY_KINDS if relation == "subsidy" else CONTRACT_KINDS


class CanadianChecker:
    """The Canadian records the assertions need, loaded in a few set-based queries."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        assertions: list[Assertion],
        subjects: Subjects,
        bodies: CanadianBodies,
    ) -> None:
        self.subjects = subjects
        self.bodies = {body.id: body for body in bodies.bodies}
        families = sorted({f for a in assertions if (f := subjects.family_id(a))})
        links = standing_links(con).links.values() if families else ()
        wanted = [link for link in links if link.family_id in families]
        self.spellings: dict[str, list[str]] = {}
        self.in_review: dict[str, list[str]] = {}
        for link in sorted(wanted, key=lambda link: link.name):
            target = self.spellings if link.decision is Decision.MATCH else self.in_review
            target.setdefault(link.family_id, []).append(link.name)
        matched = {name: fid for fid, names in self.spellings.items() for name in names}
        self.records = family_records(con, matched) if matched else {}
        self.names = dict(con.execute(NAMES_SQL, {"families": families}).fetchall())
        self.coverage = Coverage.load(con)

    def body(self, assertion: Assertion) -> CanadianBody:
        return self.bodies[assertion.body.family_id or ""]

    def matching(self, assertion: Assertion) -> list[CaRecord]:
        body, kinds = self.body(assertion), kinds_for(assertion.trigger.relation)
        held = self.records.get(self.subjects.family_id(assertion) or "", [])
        return [r for r in held if r.kind in kinds and body.files(r.department, r.owner_org)]

    def check(self, assertion: Assertion) -> dict[str, Any]:
        matching = self.matching(assertion)
        evidence = [r.evidence() for r in _by_kind(matching)]
        verdict = self._verdict(assertion, matching)
        return self.subjects.claim(assertion, status(assertion, bool(matching)), evidence, verdict)

    def _verdict(self, assertion: Assertion, matching: list[CaRecord]) -> str:
        body, kinds = self.body(assertion), kinds_for(assertion.trigger.relation)
        searched = f"searched {self.coverage.describe(kinds, body)}"
        family_id = self.subjects.family_id(assertion)
        if family_id is None:
            return (
                f"no family in the store matches '{assertion.subject.text}': no Canadian record "
                f"can be linked to it ({searched})"
            )
        wanted = f"{', '.join(SOUGHT[MoneyKind(k)] for k in kinds)} of {_of(body)}"
        spellings = self.spellings.get(family_id, [])
        if not spellings:
            return f"{searched}; {self._unlinked(assertion, family_id)}"
        linked = f"the Canadian records of the family {family_id} ({_names(spellings)})"
        if matching:
            found = f"a search of {linked} for {wanted} finds {summary(matching)}"
            if assertion.negation:
                return f"the sentence denies the relation, but {found}"
            return found
        text = f"a search of {linked} for {wanted} finds none ({searched})"
        held = self.records.get(family_id, [])
        if held:
            text += f"; the family holds, of another body or kind, {summary(held)}"
        if assertion.negation:
            text += (
                "; the sentence denies the relation: absence from the loaded records agrees "
                "but does not prove it"
            )
        return text + self._review_note(family_id)

    def _unlinked(self, assertion: Assertion, family_id: str) -> str:
        name = self.subjects.name(assertion)
        names = self.names.get(family_id, [])
        return (
            f"no Canadian vendor or recipient in the loaded records is linked to {name} as a "
            f"match: none names {_names(names, ' / ')}" + self._review_note(family_id)
        )

    def _review_note(self, family_id: str) -> str:
        waiting = self.in_review.get(family_id, [])
        if not waiting:
            return ""
        return f"; {len(waiting)} Canadian spelling(s) await review and are not counted: {_names(waiting)}"


def summary(records: list[CaRecord]) -> str:
    """Each kind of money apart: 'contracts over $10,000 (value): 4 records, C$12,958,936.17 in
    all, 2006-08-04 to 2009-12-01, of Canada Border Services Agency, to GARDA'. Kinds are
    never summed together."""
    parts = []
    for kind in dict.fromkeys(r.kind for r in _by_kind(records, limit=None)):
        of_kind = [r for r in records if r.kind == kind]
        total = sum(r.value_cad or 0 for r in of_kind)
        part = f"{_label(kind)}: {len(of_kind)} record(s), C${total:,.2f} in all{_span(of_kind)}"
        departments = sorted({r.department or "?" for r in of_kind})
        part += f", of {_names(departments)}"
        part += f", to {_names(sorted({r.vendor_name for r in of_kind}))}"
        parts.append(part)
    if len(parts) > 1:
        return (
            "; ".join(parts)
            + " (kinds of money kept apart: they may be the same dollars seen twice)"
        )
    return parts[0]


def _by_kind(records: list[CaRecord], limit: int | None = MAX_EVIDENCE) -> list[CaRecord]:
    """Contracts first, then payments, vendor-year totals, grants, transfers; the largest
    first within a kind; at most `limit` of each."""
    order = {kind.value: i for i, kind in enumerate(MoneyKind)}
    out: list[CaRecord] = []
    for kind in sorted({r.kind for r in records}, key=lambda k: order.get(k, len(order))):
        of_kind = [r for r in records if r.kind == kind]
        out += of_kind[:limit] if limit else of_kind
    return out


def _span(records: list[CaRecord]) -> str:
    years = tuple(r.fiscal_year for r in records if r.fiscal_year)
    if years:
        return f", {fiscal_span(years)}"
    dates = sorted(r.record_date for r in records if r.record_date)
    return f", {dates[0]} to {dates[-1]}" if dates else ""


def _label(kind: str) -> str:
    try:
        return MoneyKind(kind).label
    except ValueError:
        return kind


def _of(body: CanadianBody) -> str:
    return "any federal department" if body.any_department else body.name


def _names(names: list[str], sep: str = ", ") -> str:
    """The distinct spellings ('JSI Telecom Inc.' and 'JSI TELECOM INC.' are one), a few."""
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(compact(name), name)
    distinct = list(first.values())
    shown = sep.join(distinct[:SHOWN_NAMES])
    more = len(distinct) - SHOWN_NAMES
    return shown + (f" and {more} more" if more > 0 else "")
