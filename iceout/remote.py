"""What the command line does through a running `iceout serve` (iceout/served.py) while the
server holds the store: the same answers as the library gives, from the server's copy of it."""

from pathlib import Path
from typing import Any

from iceout.domain import Decision
from iceout.screen.policy import Policy
from iceout.screen.screen import Hit
from iceout.served import Served

BATCH = 1000  # the API's batch limit (iceout/api/limits.py MAX_BATCH)


def screen(served: Served, rows: list[dict[str, str]], scope: str) -> list[Hit]:
    hits: list[Hit] = []
    for start in range(0, len(rows), BATCH):
        names = [_query(row) for row in rows[start : start + BATCH]]
        answer = served.call("POST", "/api/screen", params={"scope": scope}, json={"names": names})
        hits += [_hit(result) for result in answer["results"]]
    return hits


def _query(row: dict[str, str]) -> dict[str, str]:
    # a blank name is screened as clear locally; the API refuses one, so send a placeholder
    # that matches nothing and is reported as the row's own (blank) name
    query = {"name": row.get("name", "").strip() or "\u2014"}
    query |= {k: row[k] for k in ("id", "business_number") if row.get(k)}
    return query


def _hit(result: dict[str, Any]) -> Hit:
    evidence = result.get("evidence") or {}
    return Hit(
        Decision(result["decision"]),
        result.get("score"),
        result.get("family_id"),
        result.get("family") or "",
        result.get("matched_name") or "",
        int(evidence.get("us_awards") or 0),
        result.get("explanation") or "",
    )


def parties(served: Served, rows: list[dict[str, str]], scope: str) -> dict[str, Any]:
    body = {
        "parties": [
            {k: row.get(k, "") for k in ("role", "name", "address", "country")} for row in rows
        ]
    }
    answer: dict[str, Any] = served.call("POST", "/api/parties", params={"scope": scope}, json=body)
    return answer


def export(served: Served, fmt: str, policy: Policy, output: Path) -> dict[str, int]:
    """The exposure report for `policy` written by the server to `output` (whole or not at
    all); what it holds, counted: families, listed apart, US awards, Canadian records."""
    params: dict[str, str | float] = {"format": fmt, "scope": policy.scope}
    if policy.date_from:
        params["from"] = policy.date_from.isoformat()
    if policy.date_to:
        params["to"] = policy.date_to.isoformat()
    if policy.min_obligation_usd:
        params["min_obligation"] = policy.min_obligation_usd
    headers = served.download("/api/export", output, params=params)
    return {name: int(headers.get(f"x-iceout-{name}", 0)) for name in EXPORT_COUNTS}


EXPORT_COUNTS = ("families", "listed-apart", "us-awards", "canadian-records")


def judge(
    served: Served, name: str, family_id: str, judgement: str, reason: str, reviewer: str
) -> dict[str, Any]:
    body = {"name": name, "family_id": family_id, "judgement": judgement, "reason": reason}
    answer: dict[str, Any] = served.call("POST", "/api/judgements", user=reviewer, json=body)
    return answer


def create_key(served: Served, role: str, name: str) -> dict[str, Any]:
    answer: dict[str, Any] = served.call("POST", "/api/keys", json={"role": role, "name": name})
    return answer


def list_keys(served: Served) -> list[dict[str, Any]]:
    answer: list[dict[str, Any]] = served.call("GET", "/api/keys")["results"]
    return answer


def revoke_key(served: Served, key_id: str) -> dict[str, Any]:
    answer: dict[str, Any] = served.call("DELETE", f"/api/keys/{key_id}")
    return answer


def claims(served: Served, documents: list[str]) -> dict[str, Any]:
    """The documents checked by the server, which keeps the findings in the store."""
    from iceout.claims.documents import read_document  # every file readable before sending

    for document in documents:
        read_document(document)
    files = [
        ("files", (Path(d).name, Path(d).read_bytes(), "application/octet-stream"))
        for d in documents
    ]
    answer: dict[str, Any] = served.call("POST", "/api/claims/check", files=files)
    return answer
