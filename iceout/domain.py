"""The project's vocabulary, one home each: the DHS components, the kinds of Canadian money, a
matching decision and a reviewer's judgement. Every stage imports these; none defines its own."""

from dataclasses import dataclass
from enum import StrEnum

from iceout.i18n import N_


class Decision(StrEnum):
    """What the matcher (or a reviewer's judgement applied on top) says of a name and a family."""

    MATCH = "match"  # counted in the report, returned as a hit
    REVIEW = "review"  # shown to a reviewer, never counted
    CLEAR = "clear"  # no link


class Judgement(StrEnum):
    """A reviewer's decision on a pair (a name and a family, or two names)."""

    POSITIVE = "positive"  # the same entity (or a member of the family)
    NEGATIVE = "negative"  # not the same: the link must not be made
    UNSURE = "unsure"  # looked at, undecided: stays in review


class MoneyKind(StrEnum):
    """Kinds of Canadian public money. The same dollars can be seen as more than one kind (a
    contract's value, then the payments made under it), so kinds are never summed together."""

    CONTRACT = "contract"  # a contract over $10,000 (proactive disclosure): its value
    GRANT = "grant"  # a grant or contribution agreement: its agreement value
    PAYMENT = "payment"  # Public Accounts Vol. III s.3: paid to a payee in one fiscal year
    TRANSFER = "transfer"  # Public Accounts Vol. III s.6: a transfer payment in one fiscal year
    VENDOR_YEAR = "vendor_year"  # a vendor's contract total with a department in a fiscal year

    @property
    def label(self) -> str:
        return MONEY_LABELS[self]


MONEY_LABELS = {
    MoneyKind.CONTRACT: N_("contracts over $10,000 (value)"),
    MoneyKind.GRANT: N_("grant and contribution agreements (value)"),
    MoneyKind.PAYMENT: N_("Public Accounts payments for professional and special services"),
    MoneyKind.TRANSFER: N_("Public Accounts transfer payments (grants and contributions paid)"),
    MoneyKind.VENDOR_YEAR: N_("contract totals by vendor, department and fiscal year"),
}


# The words above as the interface shows them; templates translate them with `translate`.
WORDS = (
    N_("match"),
    N_("review"),
    N_("clear"),
    N_("positive"),
    N_("negative"),
    N_("unsure"),
    N_("contract"),
    N_("grant"),
    N_("payment"),
    N_("transfer"),
    N_("vendor_year"),
    N_("company"),
    N_("government"),
)


@dataclass(frozen=True)
class Component:
    """A component of the U.S. Department of Homeland Security as USAspending names it."""

    code: str  # our short code: ICE, CBP, ...
    name: str  # English name
    name_fr: str  # French name
    subtier_codes: tuple[str, ...]  # USAspending awarding sub-tier agency codes, where known
    subtier_words: str  # upper-case words of its sub-tier agency name, for a LIKE match
    family_id: str | None = None  # its government family in iceout/data/families.yaml


COMPONENTS = (
    Component(
        "ICE",
        "U.S. Immigration and Customs Enforcement",
        "Service de l'immigration et des douanes des États-Unis",
        ("7012",),
        "IMMIGRATION AND CUSTOMS",
        "us-dhs-ice",
    ),
    Component(
        "CBP",
        "U.S. Customs and Border Protection",
        "Service des douanes et de la protection des frontières des États-Unis",
        ("7014",),
        "CUSTOMS AND BORDER",
        "us-dhs-cbp",
    ),
    Component(
        "USCIS",
        "U.S. Citizenship and Immigration Services",
        "Services de citoyenneté et d'immigration des États-Unis",
        (),
        "CITIZENSHIP AND IMMIGRATION SERVICES",
    ),
    Component(
        "TSA",
        "Transportation Security Administration",
        "Administration de la sécurité des transports",
        (),
        "TRANSPORTATION SECURITY",
    ),
    Component("USCG", "U.S. Coast Guard", "Garde côtière des États-Unis", (), "COAST GUARD"),
    Component(
        "FEMA",
        "Federal Emergency Management Agency",
        "Agence fédérale de gestion des urgences",
        (),
        "EMERGENCY MANAGEMENT",
    ),
    Component("USSS", "U.S. Secret Service", "Service secret des États-Unis", (), "SECRET SERVICE"),
    Component(
        "CISA",
        "Cybersecurity and Infrastructure Security Agency",
        "Agence de cybersécurité et de sécurité des infrastructures",
        (),
        "CYBERSECURITY AND INFRASTRUCTURE",
    ),
    Component(
        "FLETC",
        "Federal Law Enforcement Training Centers",
        "Centres fédéraux de formation des forces de l'ordre",
        (),
        "LAW ENFORCEMENT TRAINING",
    ),
)
# An award of the department that no component above claims (headquarters, other offices).
DHS = Component(
    "DHS",
    "Department of Homeland Security",
    "Département de la Sécurité intérieure des États-Unis",
    (),
    "HOMELAND SECURITY",
    "us-dhs",
)
DHS_COMPONENTS = tuple(c.code for c in (*COMPONENTS, DHS))
SCOPES = {"ice": ("ICE",), "dhs": DHS_COMPONENTS}


def component(code: str) -> Component:
    return next(c for c in (*COMPONENTS, DHS) if c.code == code)


def components_of_family(family_id: str) -> tuple[str, ...] | None:
    """The component codes a government family stands for: ICE for ICE, every component for
    the department; None for a family that is not a DHS body."""
    if family_id == DHS.family_id:
        return DHS_COMPONENTS
    return next(((c.code,) for c in COMPONENTS if c.family_id == family_id), None)


def component_sql(sub_agency: str = "sub_agency", code: str = "sub_agency_code") -> str:
    """A SQL CASE giving the component code of an award from its awarding sub-tier agency
    (name or code) and, failing that, its toptier agency."""
    whens = []
    for c in COMPONENTS:
        tests = [f"{code} = '{value}'" for value in c.subtier_codes]
        tests.append(f"upper({sub_agency}) LIKE '%{c.subtier_words}%'")
        whens.append(f"  WHEN {' OR '.join(tests)} THEN '{c.code}'")
    whens.append(f"  WHEN upper(agency) LIKE '%{DHS.subtier_words}%' THEN '{DHS.code}'")
    return "CASE\n" + "\n".join(whens) + "\nEND"


def money_sum(column: str, where: str | None = None) -> str:
    """SQL summing a money column in cents (DECIMAL(18, 2), exact), given back as a DOUBLE.
    A sum of doubles depends on the order rows arrive in, which a parallel scan does not fix:
    summed so, two reports of the same records agree to the cent, and to the bit.
    `where` filters the rows summed (SQL's FILTER clause)."""
    only = f" FILTER (WHERE {where})" if where else ""
    return f"CAST(sum(CAST({column} AS DECIMAL(18, 2))){only} AS DOUBLE)"
