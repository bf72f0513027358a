"""The exposure report as FollowTheMoney entities, one JSON object a line (the format of
`ftm` and Aleph's loaders). Families and recipients are Company entities, departments and
agencies PublicBody; a contract is a Contract with its ContractAward, other Canadian money a
Payment. A recipient is tied to its family by an UnknownLink carrying the match explanation:
a name match is evidence of the same corporate family, not of ownership."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.util import make_entity_id

from iceout.domain import MoneyKind
from iceout.report.records import CanadianRecord, Exposure, FamilyExposure, UsAward
from iceout.report.tables import all_families

PUBLISHER = "iceout (from public records)"
CANADA_PUBLISHER = "Government of Canada, open.canada.ca"
US_PUBLISHER = "USAspending.gov"


class Entities:
    """Entities made so far, each once: a department or recipient seen twice is one entity,
    and its properties are cleaned only the first time."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    @staticmethod
    def ref(schema: str, *key: str) -> str:
        return str(make_entity_id("iceout", schema, *key))

    def make(self, schema: str, *key: str, **props: object) -> EntityProxy:
        proxy = model.make_entity(schema)
        proxy.id = self.ref(schema, *key)
        for prop, value in props.items():
            if value is not None and value != "":
                proxy.add(prop, value if isinstance(value, list) else str(value))
        return proxy

    def once(self, schema: str, *key: str, **props: object) -> Iterator[EntityProxy]:
        """The entity, unless it was made before."""
        if self.ref(schema, *key) not in self.seen:
            proxy = self.make(schema, *key, **props)
            self.seen.add(str(proxy.id))
            yield proxy


def write_ftm(exposure: Exposure, path: Path) -> int:
    """Write the entities to `path`; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for proxy in entities(exposure):
            _write(handle, proxy)
            count += 1
    return count


def _write(handle: IO[str], proxy: EntityProxy) -> None:
    handle.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")


def entities(exposure: Exposure) -> Iterator[EntityProxy]:
    made = Entities()
    for family, status in all_families(exposure):
        company = made.ref("Company", family.family_id)
        yield from made.once(
            "Company",
            family.family_id,
            name=family.family,
            alias=family.names,
            country=family.country,
            summary=f"iceout family {family.family_id} ({status})",
            notes=family.match.explanation,
            publisher=PUBLISHER,
        )
        for award in family.us_awards:
            yield from us_award(made, family, company, award)
        for record in family.canadian_records:
            yield from canadian_record(made, company, record)


def _recipient(
    made: Entities, company: str, name: str, country: str, explanation: str | None
) -> Iterator[EntityProxy]:
    recipient = made.ref("Company", country, name)
    yield from made.once("Company", country, name, name=name, country=country)
    yield from made.once(
        "UnknownLink",
        company,
        recipient,
        subject=company,
        object=recipient,
        role="same corporate family (matched by iceout)",
        description=explanation,
        publisher=PUBLISHER,
    )


def us_award(
    made: Entities, family: FamilyExposure, company: str, award: UsAward
) -> Iterator[EntityProxy]:
    name = award.recipient_name or family.family
    recipient = made.ref("Company", "us", name)
    yield from _recipient(made, company, name, "us", award.link.explanation)
    body = award.sub_agency or award.agency or "DHS"
    agency = made.ref("PublicBody", "us", body)
    yield from made.once("PublicBody", "us", body, name=body, country="us", publisher=US_PUBLISHER)
    contract = made.make(
        "Contract",
        "us",
        award.source,
        award.award_id or "",
        title=award.description or award.award_id,
        name=award.award_id,
        authority=agency,
        amount=award.amount_usd,
        amountUsd=award.amount_usd,
        currency="USD",
        contractDate=award.first_date,
        description=award.amount_basis,
        notes=f"source: {award.source}" + (f"; {award.count_note}" if award.count_note else ""),
        sourceUrl=award.url,
        publisher=US_PUBLISHER,
        country="us",
    )
    yield contract
    yield made.make(
        "ContractAward",
        "us",
        award.source,
        award.award_id or "",
        contract=contract.id,
        supplier=recipient,
        amount=award.amount_usd,
        amountUsd=award.amount_usd,
        currency="USD",
        startDate=award.first_date,
        date=award.action_date,
        recordId=award.award_id,
        sourceUrl=award.url,
        publisher=US_PUBLISHER,
        summary=award.component,
    )


def canadian_record(made: Entities, company: str, record: CanadianRecord) -> Iterator[EntityProxy]:
    recipient = made.ref("Company", "ca", record.vendor_name)
    yield from _recipient(made, company, record.vendor_name, "ca", record.match.explanation)
    body = record.department or "Government of Canada (department not stated)"
    department = made.ref("PublicBody", "ca", body)
    yield from made.once(
        "PublicBody", "ca", body, name=body, country="ca", publisher=CANADA_PUBLISHER
    )
    kind = MoneyKind(record.kind or MoneyKind.CONTRACT)
    notes = "; ".join(
        part
        for part in (
            f"kind: {kind.value} ({kind.label})",
            f"fiscal year {record.fiscal_year}" if record.fiscal_year else "",
            f"source: {record.source}",
            f"counted: {record.count_basis}" if record.count_basis else "",
            record.coverage_note or "",
            "URL is a search of open.canada.ca" if record.url_is_search else "",
        )
        if part
    )
    # the stored record's key: a PDF page or a vendor's totals file holds many records
    key = (
        kind.value,
        record.record_key or record.source,
        record.reference or "",
        record.vendor_name,
    )
    if kind is MoneyKind.CONTRACT:
        contract = made.make(
            "Contract",
            *key,
            title=record.description or record.reference,
            name=record.reference,
            authority=department,
            amount=record.value_cad,
            currency="CAD",
            contractDate=record.date,
            notes=notes,
            sourceUrl=record.url,
            publisher=CANADA_PUBLISHER,
            country="ca",
            classification=kind.value,
        )
        yield contract
        yield made.make(
            "ContractAward",
            *key,
            contract=contract.id,
            supplier=recipient,
            amount=record.value_cad,
            currency="CAD",
            date=record.date,
            recordId=record.reference,
            sourceUrl=record.url,
            publisher=CANADA_PUBLISHER,
            summary=notes,
        )
        return
    yield made.make(
        "Payment",
        *key,
        payer=department,
        beneficiary=recipient,
        amount=record.value_cad,
        currency="CAD",
        date=record.date,
        programme=record.program,
        purpose=record.description,
        recordId=record.reference,
        sourceUrl=record.url,
        publisher=CANADA_PUBLISHER,
        summary=notes,
    )
