"""Where the documents disagree about ICE's presence in Canada: how many cities have offices
(and which), and whether agents may do something one document says they may not."""

from typing import Any

from iceout.claims.presence import Statement


def disagreements(statements: list[Statement]) -> list[dict[str, Any]]:
    """Each disagreement: topic, positions (what each group of documents says), explanation."""
    return [d for d in (_city_disagreement(statements), *_activity_disagreements(statements)) if d]


def _city_disagreement(statements: list[Statement]) -> dict[str, Any] | None:
    """Documents that give different numbers of cities, or different complete lists."""
    positions = _city_positions(statements)
    counts = {p["count"] for p in positions}
    complete = [p for p in positions if len(p["cities"]) == p["count"]]
    if len(counts) < 2 and len(complete) == len({p["count"] for p in complete}):
        return None  # the same number everywhere, and no two different complete lists
    ranked = sorted(positions, key=lambda p: (-len(p["sources"]), -p["count"]))
    return {
        "topic": "cities with ICE offices",
        "positions": ranked,
        "explanation": _explain_cities(ranked),
    }


def _city_positions(statements: list[Statement]) -> list[dict[str, Any]]:
    """Each document's position (how many cities, which), documents with the same one merged.

    A document's number is the largest it states, else the number of cities it names; a
    partial list ('five cities, including Calgary') joins the documents giving that number."""
    by_source: dict[str, list[Statement]] = {}
    for s in statements:
        if s.about_offices:
            by_source.setdefault(s.source, []).append(s)
    positions: dict[tuple[int, tuple[str, ...]], dict[str, Any]] = {}
    for source, said in by_source.items():
        cities = sorted({c for s in said for c in s.cities})
        count = max([s.city_count for s in said if s.city_count] or [len(cities)])
        key = (count, tuple(cities) if len(cities) == count else ())
        position = positions.setdefault(
            key, {"count": count, "cities": cities, "sources": [], "statements": []}
        )
        position["cities"] = sorted(set(position["cities"]) | set(cities))
        position["sources"].append(source)
        position["statements"] += [{"source": source, "statement": s.sentence.text} for s in said]
    return list(positions.values())


def _explain_cities(positions: list[dict[str, Any]]) -> str:
    parts = [
        f"{', '.join(p['sources'])} say {p['count']} ({', '.join(p['cities']) or 'not named'})"
        for p in positions
    ]
    text = "; ".join(parts)
    named = [set(p["cities"]) for p in positions]
    widest = max(named, key=len)
    for p, cities in zip(positions, named, strict=True):
        missing = sorted(widest - cities)
        if missing and len(cities) == p["count"]:
            text += f"; not named in {', '.join(p['sources'])}: {', '.join(missing)}"
    return text


def _activity_disagreements(statements: list[Statement]) -> list[dict[str, Any]]:
    """An activity one document says agents do or may do, and another says they may not."""
    said: dict[str, dict[bool, list[dict[str, Any]]]] = {}
    for s in statements:
        for a in s.activities:
            entry = {"source": s.source, "statement": s.sentence.text, "words": a["words"]}
            said.setdefault(a["activity"], {}).setdefault(a["allowed"], []).append(entry)
    return [_activity(activity, sides) for activity, sides in said.items() if len(sides) == 2]


def _activity(activity: str, sides: dict[bool, list[dict[str, Any]]]) -> dict[str, Any]:
    positions: list[dict[str, Any]] = [
        {
            "allowed": allowed,
            "sources": sorted({e["source"] for e in entries}),
            "statements": entries,
        }
        for allowed, entries in sorted(sides.items(), reverse=True)
    ]
    views = "; ".join(
        f"{', '.join(p['sources'])} say agents {'do' if p['allowed'] else 'may not do'} it"
        for p in positions
    )
    return {
        "topic": f"what ICE agents may do in Canada: {activity}",
        "positions": positions,
        "explanation": f"documents disagree on {activity}: {views}",
    }
