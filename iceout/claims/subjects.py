"""Who a claim is about: the family of its subject. A name the gazetteer knows carries its
family; any other organisation is resolved as the resolve stage resolves Canadian vendors, and
only a `match` is taken as its family. Both checkers (ICE/DHS awards, Canadian money) read the
subject through this, and write their claims through `Subjects.claim()`: one shape for both."""

from typing import Any

import duckdb

from iceout.claims.assertions import Assertion
from iceout.domain import Decision
from iceout.resolve.links import Link, Resolver


class Subjects:
    def __init__(self, con: duckdb.DuckDBPyConnection, assertions: list[Assertion]) -> None:
        names = sorted({a.subject.text for a in assertions if a.subject.family_id is None})
        links = Resolver.load(con).resolve(con, names) if names else {}
        self.links: dict[str, Link] = {
            name: link for name, link in links.items() if link.decision is Decision.MATCH
        }

    def family_id(self, assertion: Assertion) -> str | None:
        link = self.links.get(assertion.subject.text)
        return assertion.subject.family_id or (link.family_id if link else None)

    def name(self, assertion: Assertion) -> str:
        link = self.links.get(assertion.subject.text)
        return assertion.subject.family_name or (
            link.family_name if link else assertion.subject.text
        )

    def link_note(self, assertion: Assertion) -> list[str]:
        """How an organisation the gazetteer did not know was linked to its family."""
        link = self.links.get(assertion.subject.text)
        if assertion.subject.family_id or not link:
            return []
        return [
            f"resolved to {link.family_name} ({link.decision}, score {link.score:.2f}: "
            f"{link.explanation})"
        ]

    def claim(
        self, assertion: Assertion, status: str, evidence: list[dict[str, Any]], verdict: str
    ) -> dict[str, Any]:
        """The claim as `iceout claims` writes it: what the sentence says, its status, the
        records behind it and why."""
        return {
            "subject": self.name(assertion),
            "statement": assertion.sentence.text,
            "source": assertion.source,
            "relation": assertion.trigger.relation,
            "status": status,
            "evidence": evidence,
            "explanation": "; ".join(
                part for part in (assertion.explain(), *self.link_note(assertion), verdict) if part
            ),
            "body": assertion.body.family_name,
        }


def status(assertion: Assertion, found: bool) -> str:
    """A denial that the records refute is contradicted; a statement they bear out is
    supported; anything the records do not show is unverified."""
    if assertion.negation:
        return "contradicted" if found else "unverified"
    return "supported" if found else "unverified"
