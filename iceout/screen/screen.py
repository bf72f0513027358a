"""Screen names on demand against the watchlist: one, a CSV of thousands, or (later) over HTTP.

Every input row comes back, in order, with a decision, a score, the family, the matched name,
the evidence behind the family (its in-scope ICE/DHS awards) and one sentence to check.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from iceout import i18n
from iceout.domain import Decision
from iceout.i18n.message import Message, Plural, text
from iceout.normalize.identifiers import business_number, duns, uei
from iceout.resolve.judgements import JudgementGraph
from iceout.resolve.links import Link, Resolver, apply_judgements

OUTPUT_COLUMNS = (
    "decision",
    "score",
    "family",
    "matched_name",
    "evidence",
    "explanation",
    "family_id",
)

# Identifiers that settle a match outright: a US recipient's UEI or DUNS, or the Business
# Number of a Canadian record already linked to a family.
IDENTIFIERS_SQL = """
SELECT 'uei:' || recipient_uei, family_id, recipient_name FROM nrm_us_awards JOIN res_award_families USING (award_key)
WHERE recipient_uei IS NOT NULL
UNION ALL
SELECT 'duns:' || recipient_duns, family_id, recipient_name FROM nrm_us_awards JOIN res_award_families USING (award_key)
WHERE recipient_duns IS NOT NULL
UNION ALL
SELECT 'bn:' || r.business_number, l.family_id, r.vendor_name
FROM nrm_ca_records r JOIN res_ca_links l USING (vendor_name)
WHERE r.business_number IS NOT NULL AND l.decision = $match
"""


@dataclass(frozen=True)
class Hit:
    """One screened name's answer. `score` is the matcher's (None when only a reviewer's
    decision links the name); `family_id` identifies the family for every reader."""

    decision: Decision
    score: float | None
    family_id: str | None
    family: str
    matched_name: str
    evidence: int
    explanation: str | Message  # shown in the reader's language; the log keeps str(), English

    def as_row(self, lang: str = i18n.DEFAULT) -> dict[str, str]:
        return {
            "decision": self.decision.value,
            "score": "" if self.score is None else f"{self.score:.3f}",
            "family_id": self.family_id or "",
            "family": self.family,
            "matched_name": self.matched_name,
            "evidence": str(self.evidence),
            "explanation": text(self.explanation, lang),
        }


CLEAR = Hit(Decision.CLEAR, 0.0, None, "", "", 0, "")


class Screener:
    """The watchlist loaded once; screen() is then cheap per batch."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.resolver = Resolver.load(con, watchlist_only=True)
        self.refresh_judgements(con)
        self.evidence = dict(con.execute("SELECT family_id, us_awards FROM wl_families").fetchall())
        families = con.execute("SELECT family_id, kind, name FROM res_families").fetchall()
        self.kinds = {fid: kind for fid, kind, _ in families}
        self.family_names = {fid: name for fid, _, name in families}
        self.identifiers = {
            key: (fid, name)
            for key, fid, name in con.execute(
                IDENTIFIERS_SQL, {"match": Decision.MATCH.value}
            ).fetchall()
        }

    def refresh_judgements(self, con: duckdb.DuckDBPyConnection) -> None:
        """Re-read reviewers' decisions (after a judgement was recorded)."""
        self.judgements = JudgementGraph.load(con)

    def screen(self, con: duckdb.DuckDBPyConnection, rows: list[dict[str, str]]) -> list[Hit]:
        names = [(row.get("name") or "").strip() for row in rows]
        distinct = sorted({n for n in names if n})
        links = apply_judgements(
            self.resolver.resolve(con, distinct),
            distinct,
            self.judgements,
            self.family_names,
            keep_own_names=True,
        )
        return [
            self._hit(row, name, links.get(name)) for row, name in zip(rows, names, strict=True)
        ]

    def _hit(self, row: dict[str, str], name: str, link: Link | None) -> Hit:
        by_id = self._by_identifier(row)
        if by_id:
            return by_id
        if link is None:
            return CLEAR
        return Hit(
            link.decision,
            link.score,
            link.family_id,
            link.family_name,
            link.matched_name or "",
            self.evidence.get(link.family_id, 0),
            self._sentence(link),
        )

    def _sentence(self, link: Link) -> Message:
        if self.kinds.get(link.family_id) == "government":
            return Message(
                "%(reason)s; a U.S. government body on the watchlist", reason=link.reasons
            )
        return _in_scope(link.reasons, self.evidence.get(link.family_id, 0))

    def _by_identifier(self, row: dict[str, str]) -> Hit | None:
        raw = row.get("id") or ""
        if not raw and not row.get("business_number"):
            return None  # most rows: a name alone
        keys = [
            f"uei:{uei(raw)}",
            f"duns:{duns(raw)}",
            f"bn:{business_number(row.get('business_number') or raw)}",
        ]
        for key in keys:
            if key in self.identifiers and not key.endswith(":None"):
                family_id, name = self.identifiers[key]
                family = self.family_names.get(family_id, family_id)
                kind, value = key.split(":", 1)
                return Hit(
                    Decision.MATCH,
                    1.0,
                    family_id,
                    family,
                    name,
                    self.evidence.get(family_id, 0),
                    _in_scope(
                        Message(
                            "same %(kind)s %(value)s as '%(name)s' in %(family)s",
                            kind=kind.upper(),
                            value=value,
                            name=name,
                            family=family,
                        ),
                        self.evidence.get(family_id, 0),
                    ),
                )
        return None


def _in_scope(reason: "str | Message", awards: int) -> Message:
    return Plural(
        "%(reason)s; %(count)s ICE/DHS award in scope",
        "%(reason)s; %(count)s ICE/DHS awards in scope",
        awards,
        reason=reason,
    )


def screen_rows(con: duckdb.DuckDBPyConnection, rows: Iterable[dict[str, str]]) -> list[Hit]:
    return Screener(con).screen(con, list(rows))
