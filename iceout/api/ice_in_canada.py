"""The "ICE in Canada" page's facts: a hand-curated file (iceout/api/data/ice_in_canada.yaml)
of the HSI offices the seed documents name and what the documents say agents there may and
may not do, each statement citing its documents."""

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from iceout.errors import InputError

SECTIONS = ("may", "may_not", "disputed")


@cache
def ice_in_canada() -> dict[str, Any]:
    """The file, checked: every statement cites sources the file lists."""
    data = yaml.safe_load(
        files("iceout").joinpath("api/data/ice_in_canada.yaml").read_text(encoding="utf-8")
    )
    data["sources"] = [{**s, "number": n} for n, s in enumerate(data["sources"], 1)]
    sources = {source["id"]: source for source in data["sources"]}
    cited = [data["summary_sources"], *(o["sources"] for o in data["offices"])]
    cited += [item["sources"] for section in SECTIONS for item in data[section]]
    unknown = {s for group in cited for s in group} - set(sources)
    if unknown:
        raise InputError(f"ice_in_canada.yaml cites unknown sources: {', '.join(sorted(unknown))}")
    return {**data, "by_id": sources}
