"""Read the structure of a Public Accounts Vol. III Section 3 or Section 6 PDF from its text lines.

The printed layout, in every year: a ministry, a department, then classes (a Section 3 service
class or a Section 6 transfer payment program), each a header line carrying the class total and
then its lines (named payees and "... under $100,000 (N payees)" aggregates), then department
and ministry totals carrying two amounts. Headers are told from payees by the arithmetic the
document guarantees: a class header is a line whose amount the following lines add up to.
"""

import re
from bisect import bisect_right
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
_DOTTED = re.compile(r"^(.*?)\s*\.{3,}\s*(\(?-?\d[\d,.\s]*\)?)\s*$")
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
# a footnote mark after an amount ('PUBLIC WORKS AND GOVERNMENT SERVICES 1,727,986,464 (1)'),
# which would otherwise read as an amount of -1 and leave the real one in the name
_FOOTNOTE = re.compile(r"(\d)\s+\(\d\)\s*$")
_APPENDIX = re.compile(r"see appendix|voir l'annexe", re.IGNORECASE)
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
    lines_total: int = 0
    itemised: bool = True  # False: "see appendix", its recipients are listed elsewhere

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self.lines_total += entry.value

    @property
    def reconciled(self) -> bool:
        return self.lines_total == self.printed_total

    @property
    def status(self) -> str:
        """'reconciled'; 'listed_elsewhere' (a total whose recipients an appendix lists, so
        there is nothing here to reconcile); or 'quarantined' (its lines are not reported)."""
        if not self.itemised and not self.entries:
            return "listed_elsewhere"
        return "reconciled" if self.reconciled else "quarantined"


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
        raw = _FOOTNOTE.sub(r"\1", ln.text.replace("#", " ").strip())
        text = _LEADERS.sub(" ", raw).strip()
        if not text or _JUNK.search(text):
            continue
        out.append(_item(text, raw, ln))
    return out


def _item(text: str, raw: str, ln: Line) -> Item:
    if dotted := _DOTTED.match(raw):
        # older years print the amount after leader dots, at times with a stray space or a
        # period in it ('119 ,956', '4 23,481', '1.331,069'): the dots delimit it
        digits = re.sub(r"[\s,.]", "", dotted.group(2))
        if re.fullmatch(r"\(?-?\d+\)?", digits):
            return Item(dotted.group(1).strip(), [amount(digits)], ln.page, ln.number)
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


def _counts(its: list[Item], j: int) -> bool:
    """Whether item j is a line with an amount as the class grouping reads it: an amount
    alone on a line is a footnote mark unless it ends a name wrapped over lines."""
    it = its[j]
    if len(it.amounts) != 1:
        return False
    return bool(it.text) or (j > 0 and not its[j - 1].amounts and bool(its[j - 1].text))


class _Sums:
    """Running sums of the single amounts, to find in one lookup where the lines after an item
    add up to its amount (a class header) before the next total line."""

    def __init__(self, its: list[Item]) -> None:
        self.its = its
        self.prefix: list[int] = []
        self.at: dict[int, list[int]] = {}
        self.next_total: list[int] = [len(its)] * len(its)
        self.memo: dict[int, bool] = {}
        running = 0
        for j, it in enumerate(its):
            if _counts(its, j):
                running += it.amounts[0]
                self.at.setdefault(running, []).append(j)
            self.prefix.append(running)
        following = len(its)
        for j in range(len(its) - 1, -1, -1):
            self.next_total[j] = following
            if len(its[j].amounts) == 2:
                following = j

    def closes_at(self, i: int) -> int | None:
        """The first item after i where the amounts since i reach item i's amount."""
        stop = min(self.next_total[i], i + LOOKAHEAD)
        candidates = self.at.get(self.prefix[i] + self.its[i].amounts[0], [])
        after = bisect_right(candidates, i)
        return candidates[after] if after < len(candidates) and candidates[after] < stop else None

    def is_header(self, i: int) -> bool:
        if i not in self.memo:
            j = self.closes_at(i)
            # a department printed with its total over a class of the same total is not a
            # class; a class of one line is (the line is then no header itself)
            self.memo[i] = j is not None and not (j == i + 1 and self.is_header(j))
        return self.memo[i]


def classes(its: list[Item], known: frozenset[str] = frozenset()) -> list[PaClass]:
    """Group items into classes. `known` names the classes that always start one (Section 3,
    whose departments are printed without an amount); without it (Section 6) a department
    carries its amount, so text lines without one before a header continue the program name."""
    sums = _Sums(its)
    found: list[PaClass] = []
    labels: list[str] = []  # department and ministry names since the last total
    fragments: list[str] = []  # lines without an amount since the last line with one
    current: PaClass | None = None
    pending: list[str] = []  # a payee name wrapped over lines
    for i, it in enumerate(its):
        is_open = current is not None and current.itemised and not current.reconciled
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
            current.add(_entry(" ".join([*pending, it.text]).strip(), it))
            pending, fragments = [], []
            continue
        header = it.text in known or sums.is_header(i)
        appendix = not header and bool(_APPENDIX.search(it.text))  # listed in an appendix
        if header or appendix:
            if known:
                labels = [*labels, *fragments]
                department, program = _department(labels), it.text
            else:
                department, program = _department(labels), " ".join([*fragments, it.text])
            found.append(PaClass(department, program, it.amounts[0], it.page, it.number))
            found[-1].itemised = not appendix
            current = found[-1] if not appendix else current
        elif not AGGREGATE.search(it.text):  # an aggregate line is never a department
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
        return _title(labels[-2])
    return name


def _title(capitals: str) -> str:
    """'EMPLOYMENT AND SOCIAL DEVELOPMENT' -> 'Employment and Social Development'."""
    words = capitals.title().split(" ")
    small = {"And", "Of", "For", "The", "On", "In", "To"}
    return " ".join(w.lower() if i and w in small else w for i, w in enumerate(words))
