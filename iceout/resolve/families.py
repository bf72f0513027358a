"""The curated corporate families shipped with the package (iceout/data/families.yaml)."""

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import yaml

from iceout.errors import InputError


@dataclass(frozen=True)
class FamilyName:
    name: str
    origin: str  # curated alias | curated member
    relation: str | None = None
    lang: str | None = None
    source: str | None = None
    uei: str | None = None
    duns: str | None = None


@dataclass(frozen=True)
class Family:
    family_id: str
    name: str
    kind: str  # company | government
    country: str | None
    description: str | None
    sources: tuple[str, ...]
    names: tuple[FamilyName, ...] = field(default=())
    description_fr: str | None = None  # the description in French, where the file gives one


def load_families(path: Path | None = None) -> list[Family]:
    """Read and check the curated families file; a mistake in it names the family at fault."""
    resource = path or files("iceout").joinpath("data/families.yaml")
    label = str(path or "iceout/data/families.yaml")
    try:
        entries = yaml.safe_load(resource.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise InputError(f"{label}: not valid YAML: {exc}") from exc
    families: list[Family] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        family = _family(entry, f"{label}: family #{number}")
        if family.family_id in seen:
            raise InputError(f"{label}: family id {family.family_id!r} appears twice")
        seen.add(family.family_id)
        families.append(family)
    return families


def _family(entry: dict, where: str) -> Family:
    if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
        raise InputError(f"{where}: needs at least 'id' and 'name'")
    names = [FamilyName(entry["name"], "curated alias")]
    for alias in entry.get("aliases") or []:
        alias = alias if isinstance(alias, dict) else {"name": alias}
        names.append(FamilyName(str(alias["name"]), "curated alias", lang=alias.get("lang")))
    for member in entry.get("members") or []:
        if not member.get("name"):
            raise InputError(f"{where} ({entry['id']}): a member has no name")
        names.append(
            FamilyName(
                str(member["name"]),
                "curated member",
                relation=member.get("relation"),
                source=member.get("source"),
                uei=member.get("uei"),
                duns=member.get("duns"),
            )
        )
    return Family(
        family_id=str(entry["id"]),
        name=str(entry["name"]),
        kind=str(entry.get("kind") or "company"),
        country=entry.get("country"),
        description=entry.get("description"),
        description_fr=entry.get("description_fr"),
        sources=tuple(entry.get("sources") or ()),
        names=tuple(names),
    )
