"""Read the structure of a Public Accounts Vol. III Section 3 or Section 6 PDF from its text lines.

The printed layout, in every year: a ministry, a department, then classes (a Section 3 service
class or a Section 6 transfer payment program), each a header line carrying the class total and
then its lines (named payees and "... under $100,000 (N payees)" aggregates), then department
and ministry totals carrying two amounts. Headers are told from payees by the arithmetic the
document guarantees: a class header is a line whose amount the following lines add up to.
"""

import re
from dataclasses import dataclass, field

from iceout.sources.pdftext import Line

S3_CLASSES = frozenset(
    {
        "Business Services",
        "Engineering and Architectural Services",
        "Health and Welfare Services",
        "Informatics Services",
        "Interpretation and Translation Services",
        "Legal Services",
        "Management Consulting",
        "Protection Services",
        "Scientific and Research Services",
        "Special Fees and Services",
        "Temporary Help Services",
        "Training and Educational Services",
        "Other Services",
    }
)
LOOKAHEAD = 4000  # lines a class may span; the largest class has about 1,500

_AMOUNT = r"\(?-?\d{1,3}(?:,\s?\d{3})*\)?"
_TRAILING = re.compile(rf"^(.*?)[\s.]*\s({_AMOUNT})\s*$")
_ONLY_AMOUNT = re.compile(rf"^\s*({_AMOUNT})\s*$")
_LEADERS = re.compile(r"\s*\.{3,}\s*")
_JUNK = re.compile(
    r"^(\(?(in|en) dollars\)?|total amount.*|\(in dollars\).*|spent in.*|dépensé.*|aggregate"
    r"|payments|paiements|\d{4}\s*[-–]\s*\d{4}|revised .*|\d{1,2})$"
    r"|public accounts of canada|comptes publics du canada",
    re.IGNORECASE,
)
AGGREGATE = re.compile(
    r"(under|moins de) \$|^recoveries|\(\d[\d,]* (payees?|recipients?|bénéficiaires?)\)",
    re.IGNORECASE,
)
_N_PAYEES = re.compile(r"\((\d[\d,]*) (?:payees?|recipients?|bénéficiaires?)\)", re.IGNORECASE)
_TABLE_HEADER = re.compile(r"^(Total amount\s+)?Aggregate$")
_FISCAL_YEAR = re.compile(r"(?:spent in|Public Accounts of Canada,?)\s*(\d{4})\s*[-–]\s*(\d{4})")


@dataclass
class Item:
    """One meaningful line: its text without leader dots and its trailing amounts."""

    text: str
    amounts: list[int]
    page: int
    number: int


@dataclass
class Entry:
    text: str
    value: int
    page: int
    number: int
    aggregate: bool
    n_payees: int | None = None


@dataclass
class PaClass:
    department: str
    program: str
    printed_total: int
    page: int
    number: int
    entries: list[Entry] = field(default_factory=list)

    @property
    def lines_total(self) -> int:
        return sum(e.value for e in self.entries)

    @property
    def reconciled(self) -> bool:
        return self.lines_total == self.printed_total


@dataclass
class Document:
    section: str  # 's3' | 's6'
    fiscal_year: str  # '2023-24'
    classes: list[PaClass]


def amount(token: str) -> int:
    value = int(re.sub(r"[^\d]", "", token))
    return -value if token.startswith("(") or token.startswith("-") else value


def section_of(first_pages: str) -> str | None:
    if "Public Accounts of Canada" not in first_pages and "Comptes publics" not in first_pages:
        return None
    lowered = first_pages.lower()
    if "professional and special services" in lowered or "services professionnels" in lowered:
        return "s3"
    if "transfer payments" in lowered or "paiements de transfert" in lowered:
        return "s6"
    return None


def fiscal_year(text: str) -> str | None:
    match = _FISCAL_YEAR.search(text)
    return f"{match.group(1)}-{match.group(2)[2:]}" if match else None


def items(lines: list[Line]) -> list[Item]:
    """The lines of the tables, from the first page with a table header (the contents and
    introduction before it carry page numbers that would read as amounts)."""
    first = next((ln.page for ln in lines if _TABLE_HEADER.match(ln.text.strip())), 1)
    out: list[Item] = []
    for ln in lines:
        if ln.page < first:
            continue
        text = _LEADERS.sub(" ", ln.text.replace("#", " ")).strip()
        if not text or _JUNK.search(text):
            continue
        out.append(_item(text, ln))
    return out


def _item(text: str, ln: Line) -> Item:
    if only := _ONLY_AMOUNT.match(text):
        return Item("", [amount(only.group(1))], ln.page, ln.number)
    amounts: list[int] = []
    rest = text
    while len(amounts) < 2 and (match := _TRAILING.match(rest)):
        if amounts and not re.search(r"\btotal\b", match.group(1), re.IGNORECASE):
            break
        amounts.insert(0, amount(match.group(2)))
        rest = match.group(1).strip()
    return Item(rest, amounts, ln.page, ln.number)


def _is_header(its: list[Item], i: int) -> bool:
    """Whether the lines after item i add up to its amount before the next total line."""
    target, running = its[i].amounts[0], 0
    for j in range(i + 1, min(len(its), i + LOOKAHEAD)):
        if len(its[j].amounts) == 2:
            return False
        if its[j].amounts:
            running += its[j].amounts[0]
            if running == target:
                # a department printed with its total over a class of the same total
                return not (j == i + 1 and _is_header(its, j))
    return False


def classes(its: list[Item], known: frozenset[str] = frozenset()) -> list[PaClass]:
    """Group items into classes. `known` names the classes that always start one (Section 3,
    whose departments are printed without an amount); without it (Section 6) a department
    carries its amount, so text lines without one before a header continue the program name."""
    found: list[PaClass] = []
    labels: list[str] = []  # department and ministry names since the last total
    fragments: list[str] = []  # lines without an amount since the last line with one
    current: PaClass | None = None
    pending: list[str] = []  # a payee name wrapped over lines
    for i, it in enumerate(its):
        is_open = current is not None and not current.reconciled
        if len(it.amounts) == 2:
            current, pending, labels, fragments = None, [], [], []
            continue
        if not it.amounts:
            if i + 1 < len(its) and its[i + 1].text == it.text:
                continue  # a class name printed above its own total line
            if is_open and it.text not in known:
                pending.append(it.text)
            else:
                fragments.append(it.text)
            continue
        if not it.text and not pending:
            continue  # a footnote mark
        if current is not None and is_open and it.text not in known:
            current.entries.append(_entry(" ".join([*pending, it.text]).strip(), it))
            pending, fragments = [], []
            continue
        if it.text in known or _is_header(its, i):
            if known:
                labels = [*labels, *fragments]
                department, program = _department(labels), it.text
            else:
                department, program = _department(labels), " ".join([*fragments, it.text])
            current = PaClass(department, program, it.amounts[0], it.page, it.number)
            found.append(current)
        else:
            labels.extend([*fragments, it.text] if known else [it.text])
        pending, fragments = [], []
    return found


def _entry(text: str, it: Item) -> Entry:
    aggregate = bool(AGGREGATE.search(text))
    n = _N_PAYEES.search(text) if aggregate else None
    n_payees = int(n.group(1).replace(",", "")) if n else None
    return Entry(text, it.amounts[0], it.page, it.number, aggregate, n_payees)


def _department(labels: list[str]) -> str:
    """The department a class belongs to: the last label printed before it, joined with a
    line it continues ('... for the Regions of' / 'Quebec'); older years print 'Department'
    under the ministry's name in capitals."""
    if not labels:
        return ""
    name = labels[-1]
    if len(labels) > 1 and re.search(r"\b(of|and|for|the|,)$", labels[-2]):
        name = f"{labels[-2]} {name}"
    if name.lower() == "department" and len(labels) > 1:
        return labels[-2].title()
    return name
