"""Combine the comparison features into one score, decision and explanation.

The rules below (the best of the positive features, capped for common words and people) are
one feature among the negative evidence of compare/negative.py; the trained model
(iceout/resolve/model.py) turns them into a calibrated probability. Thresholds come with the
model, chosen on held-out groups (docs/ARCHITECTURE.md).
"""

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import duckdb
from rapidfuzz import fuzz

from iceout.domain import Decision
from iceout.i18n.message import Message
from iceout.normalize.names import QUALIFIER_TOKENS
from iceout.resolve.compare import Score
from iceout.resolve.compare.abroad import other_country, other_series
from iceout.resolve.compare.alignment import CONNECTORS, alignment
from iceout.resolve.compare.arms import (
    branch_of_vetted,
    national_arm,
    reach_in_front,
    registered_twice,
    within,
)
from iceout.resolve.compare.division import division
from iceout.resolve.compare.exact import exact
from iceout.resolve.compare.forms import forms
from iceout.resolve.compare.guards import PERSON_CAP, numbered, partners, person
from iceout.resolve.compare.negative import (
    MISSPELT,
    conflicting_words,
    different_initials,
    different_lead,
    different_numbers,
    distinct_bodies,
    form_conflict,
    generic_only,
    one_word_shared,
    other_initials,
    own_words,
    place_only,
)
from iceout.resolve.compare.numerals import as_digits
from iceout.resolve.compare.overlap import overlap
from iceout.resolve.compare.qualifiers import qualifiers
from iceout.resolve.compare.spacing import respace
from iceout.resolve.compare.tokens import near_token, plural_y, same_token
from iceout.resolve.compare.typos import typos
from iceout.resolve.model import MatchModel
from iceout.resolve.profile import NameProfile, profile
from iceout.resolve.rarity import load_word_rarity

MODEL = MatchModel.load()
MATCH = MODEL.match
REVIEW = MODEL.review
# A word is distinctive when at most 1 name in this many of the corpus carries it.
DISTINCTIVE_RARITY = 300
# A word is rare enough to name a brand alone when at most 1 name in this many carries it
# (81,318 names of ../shared/data: at most 32; 'oracle' 27, 'rescue' 39, 'sharp' 44).
RARE = 2500
QUALIFIER_WEIGHT = 0.2
Found = dict[str, Score | None]  # positive feature name -> its score
PERSON_SHARE = 0.9  # a person and a company sharing a word score under the review threshold
GENERIC = 0.8
UNSURE = "model unsure"  # Comparison.held of a link the model itself scored in the review band
LITTLE_SHARED = 0.5  # overlap under this: the names share under half their weight
ALIKE = 0.85  # spelt this alike, a resemblance of letters may be one name misspelt
# A doubt that keeps a link for a reviewer even when `Comparator.apart` would clear it, when
# the names are spelt at least MISSPELT alike: letters that resemble so closely may be a
# misspelt brand ('Agilent' / 'Agilient Technologies'), so the names cannot say they differ.
KEPT = "little shared"


@dataclass(frozen=True)
class Doubt:
    kind: str  # a short name for the kind of doubt, to group the review queue by (not shown)
    reason: Message


def decide(score: float) -> Decision:
    if score >= MATCH:
        return Decision.MATCH
    return Decision.REVIEW if score >= REVIEW else Decision.CLEAR


@dataclass(frozen=True)
class Comparison:
    score: float
    decision: Decision
    reason: Message  # str() in English; a stored or Spark-computed one is plain text
    # why a link is left to a reviewer (`review` only): "the model is unsure", or the doubt
    # that kept a pair the model would match from `match` (Comparator.doubt)
    held: str | None = None


class Comparator:
    """Compares names using word rarity measured on the corpora being resolved."""

    def __init__(self, document_frequency: dict[str, int], documents: int) -> None:
        documents = max(documents, 1)
        self.document_frequency, self.documents = document_frequency, documents
        # Qualifiers ('canada', 'services', 'of') weigh a fifth: shared or not, they say little.
        self.weights = {
            t: math.log((documents + 1) / (df + 0.5))
            * (QUALIFIER_WEIGHT if t in QUALIFIER_TOKENS else 1)
            for t, df in document_frequency.items()
        }
        self.default_weight = math.log((documents + 1) / 0.5)
        # In a small corpus (a file of pairs) a few occurrences are still rare.
        limit = max(documents / DISTINCTIVE_RARITY, min(documents * 0.02, 5), 2)
        self.distinctive = {t for t, df in document_frequency.items() if df <= limit}
        rare = max(documents / RARE, 2)
        self.rare = {t for t, df in document_frequency.items() if df <= rare}
        # Words that are common alone may be rare together ('micro focus').
        self.phrase_weight = 2 * math.log((documents + 1) / (limit + 0.5))

    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection) -> "Comparator":
        """Word rarity measured at the last rebuild (res_word_rarity, iceout/resolve/rarity.py:
        the same counts blocking weighs words by)."""
        return cls(*load_word_rarity(con))

    @classmethod
    def bundled(cls) -> "Comparator":
        """Word rarity shipped with the package (iceout/data/word_rarity.csv), measured on the
        US and Canadian names of the public data; for comparing names without a store."""
        text = files("iceout").joinpath("data/word_rarity.csv").read_text(encoding="utf-8")
        df = {
            token: int(count) for token, count in csv.reader(io.StringIO(text)) if count.isdigit()
        }
        return cls(df, int(df.pop("#names", 1)))

    def write_csv(self, path: Path, min_df: int = 2) -> int:
        """Write the rarity table (words in at least `min_df` names); returns the row count."""
        rows = sorted((t, df) for t, df in self.document_frequency.items() if df >= min_df)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["token", "df"])
            writer.writerow(["#names", self.documents])
            writer.writerows(rows)
        return len(rows)

    def is_distinctive(self, token: str) -> bool:
        """Rare in the corpora, or never seen in them (a name screened on demand)."""
        return token in self.distinctive or token not in self.weights

    def is_rare(self, token: str) -> bool:
        """Rarer still: a word that alone can name one brand."""
        return token in self.rare or token not in self.weights

    def is_distinctive_phrase(self, tokens: tuple[str, ...]) -> bool:
        if any(self.is_distinctive(t) for t in tokens):
            return True
        return sum(self.weights.get(t, self.default_weight) for t in tokens) >= self.phrase_weight

    def positive(self, a: NameProfile, b: NameProfile, curated: bool = False) -> Found:
        """Each positive feature's score."""
        distinctive = self.is_distinctive
        return {
            "exact": exact(a, b),
            "qualifiers": qualifiers(a, b, distinctive),
            "alignment": alignment(a.tokens, b.tokens, self.is_distinctive_phrase, curated),
            "overlap": overlap(a.body, b.body, self.weights, self.default_weight),
            "forms": forms(a, b, distinctive),
            "typos": typos(a.words, b.words, distinctive),
        }

    def features(
        self, a: NameProfile, b: NameProfile, curated: bool = False, found: Found | None = None
    ) -> Score | None:
        """The best positive feature; `found`: `positive(a, b, curated)` when already known."""
        found = found if found is not None else self.positive(a, b, curated)
        best = max((s for s in found.values() if s), key=lambda s: s.value, default=None)
        if best and best.value > GENERIC and not a.numbered:
            # 'MANAGEMENT SOLUTIONS INC' in Ottawa and in Tennessee: names that share only
            # common words say little about identity, however alike; a reviewer decides.
            shared = _shared_words(a, b)
            if not self.is_distinctive_phrase(shared):
                words = ", ".join(repr(t) for t in shared) or "no word"
                why = Message(
                    "%(reason)s; but the shared words (%(words)s) are common",
                    reason=best.reason,
                    words=words,
                )
                best = Score(GENERIC, why)
        return best

    def rules(
        self, a: NameProfile, b: NameProfile, curated: bool = False, found: Found | None = None
    ) -> Score | None:
        """The best positive feature, capped when only common words or a person agree."""
        candidates = [self.features(a, b, curated, found), division(a, b, self.features)]
        best = max((s for s in candidates if s), key=lambda s: s.value, default=None)
        if best is None:
            return None
        cap = person(a, b) if best.value > PERSON_CAP else None
        if cap and best.value > cap.value:
            best = Score(cap.value, Message("%(a)s; %(b)s", a=cap.reason, b=best.reason))
        return best

    def evidence(
        self, a: NameProfile, b: NameProfile, curated: bool = False
    ) -> dict[str, Score | None]:
        """Every named feature of the model, for and against."""
        distinctive = self.is_distinctive
        found = self.positive(a, b, curated)  # computed once for the rules and the model
        return {
            "rules": self.rules(a, b, curated, found),
            "exact": found["exact"],
            "overlap": found["overlap"],
            "alignment": found["alignment"],
            "spelling": spelling(a, b),
            "acronym": acronym(a, b),
            "thin": thin(a, b),
            "brand": brand(a, b, distinctive),
            "contained": contained(a, b),
            "lead": different_lead(a, b, self.is_rare),
            "numbers": different_numbers(a, b),
            "initials": different_initials(a, b),
            "conflicting": conflicting_words(a, b, distinctive),
            "bodies": distinct_bodies(a, b),
            "places": place_only(a, b),
            "generic": generic_only(a, b, distinctive),
            "form_conflict": form_conflict(a, b),
        }

    def doubt(self, a: NameProfile, b: NameProfile, found: Found) -> Doubt | None:
        """Why a pair the model would match is left to a reviewer (what kind of doubt, and
        the reason in words): two organisations may bear these names, and the labelled pairs
        cannot teach it (pairs of one name across two groups are dropped there as likely the
        same company). The model scores a pair high when no evidence speaks against it, so
        what the names share must carry the match: a rare word spelt alike, not common words
        around each name's own trade, nor letters that merely resemble."""
        bodies, kinds = found["bodies"], found["form_conflict"]
        if found["generic"]:
            return Doubt("common words", Message("the shared words are common"))
        if bodies and bodies.value == 1.0:
            return Doubt("reach", bodies.reason)
        if kinds:
            return Doubt("legal forms", kinds.reason)
        country = other_country(a, b)
        if country:
            return Doubt("another country", country.reason)
        series = other_series(a, b)
        if series:
            return Doubt("series", series.reason)
        if found["thin"] and not found["exact"] and not written_alike(a, b):
            return Doubt(
                "one short word",
                Message("%(reason)s is borne by many companies", reason=found["thin"].reason),
            )
        apart = one_word_apart(a, b)
        if apart:
            return Doubt("one word shared", apart)
        firm = partners(a, b)
        if firm:
            return Doubt("partners' names", firm.reason)
        return self._unlike(a, b, found)

    def _unlike(self, a: NameProfile, b: NameProfile, found: Found) -> Doubt | None:
        """Names that share common words or resembling letters but not a name (measured on
        labelled samples of the store's `match`: docs/ARCHITECTURE.md, resolve)."""
        own = own_words(a, b, self.is_rare)
        if own:
            return Doubt("own trade words", own.reason)
        initials = other_initials(a, b)
        if initials:
            return Doubt("other initials", initials.reason)
        best = found["rules"]
        weak = (
            None
            if found["exact"] or (best and best.value >= LITTLE_SHARED)
            else little_shared(found)
        )
        if weak and not self._agree_on_distinctive(a, b):
            # 'Everest Construction Management' / 'Everett Management Group': letters alike
            return Doubt("little shared", weak)
        return None

    def _agree_on_distinctive(self, a: NameProfile, b: NameProfile) -> bool:
        """A distinctive word of three letters or more is written the same in both names."""
        return any(t in b.words and len(t) > 2 and self.is_distinctive(t) for t in a.words)

    def settled(self, a: NameProfile, b: NameProfile, found: Found, curated: bool) -> Score | None:
        """What settles a link the model or a doubt leaves open as a match: the Canadian arm
        of a rare brand, a curated name followed by a branch, or one name with a rare word
        registered as two kinds of company (compare/arms.py)."""
        return (
            national_arm(a, b, self.is_distinctive, self.is_rare)
            or branch_of_vetted(a, b, curated)
            or registered_twice(a, b, found["exact"] and found["form_conflict"], self.is_rare)
        )

    def apart(
        self, a: NameProfile, b: NameProfile, found: dict[str, Score | None], curated: bool
    ) -> Message | None:
        """Why a link the model is unsure of is not worth a reviewer's time: only common words
        are shared, the names open with different words, each name has words of substance the
        other lacks ('Veteran Security Services' / 'Veteran Drone Services'), or (against a
        name found in the data, not a curated alias) they share one word and one says more.
        Names that differ by qualifiers, places or legal forms ('JEOL' / 'JEOL USA', 'SHI
        Canada' / 'SHI International') stay for a reviewer."""
        if found["exact"]:
            return None  # one name in two places ('MANAGEMENT SOLUTIONS INC'): unsure indeed
        for feature in ("generic", "lead", "conflicting"):
            if found[feature]:
                return found[feature].reason  # type: ignore[union-attr]
        reach = reach_in_front(a, b)
        if reach:
            return reach.reason
        one = None if curated else one_word_shared(a, b)
        if one:
            return one.reason
        theirs = generic_only(b, a, self.is_distinctive)
        if theirs:  # 'Info Tech Research Group' / 'Information Technology Company'
            return Message("%(reason)s, as the family's name writes them", reason=theirs.reason)
        return None if within(b, a, self.is_distinctive) else little_shared(found)

    def compare(self, name: str, other: str, curated: bool = False) -> Comparison:
        """`curated`: `other` is a vetted alias of a family (lets a branch suffix through)."""
        a, b = as_digits(*respace(profile(name), profile(other)))
        guard = numbered(a, b)
        if guard:
            return Comparison(guard.value, decide(guard.value), guard.reason)
        found = self.evidence(a, b, curated)
        if not any(found[f] for f in ("rules", "exact", "overlap", "acronym")):
            return Comparison(0.0, Decision.CLEAR, Message("no words in common"))
        score = round(MODEL.probability(found), 3)
        lead = found["rules"].reason if found["rules"] else None
        explanation = MODEL.explain(found, lead)
        # Policy, not learned: the labelled pairs cannot hold two companies of one generic
        # name, nor many people, so the name alone never makes these a match.
        # The person check needs a name dictionary: only when it would change the outcome.
        who = person(a, b) if score >= MATCH else None
        doubt = self.doubt(a, b, found) if score >= MATCH and not who else None
        unsure = REVIEW <= score < MATCH or doubt is not None
        held = None
        if who:
            score = round(REVIEW * PERSON_SHARE, 3)
            explanation = Message("%(a)s; %(b)s", a=who.reason, b=explanation)
        elif unsure and (settled := self.settled(a, b, found, curated)):
            # not unsure: the names say the Canadian company is the brand's arm or branch
            score = max(score, MATCH)
            explanation = Message("%(a)s; %(b)s", a=explanation, b=settled.reason)
        elif doubt:
            score = min(score, round(MATCH - 0.001, 3))  # under match, ranked as before
            explanation = Message(
                "%(reason)s; but %(doubt)s: a reviewer decides",
                reason=explanation,
                doubt=doubt.reason,
            )
            held = doubt.kind
        if (
            decide(score) is Decision.REVIEW
            and not (held == KEPT and _value(found["spelling"]) >= MISSPELT)
            and (apart := self.apart(a, b, found, curated))
        ):
            # not unsure: two names that share a word and differ where they tell a company
            # apart; a reviewer's time goes to links the evidence leaves open
            score = round(REVIEW * PERSON_SHARE, 3)
            explanation = Message(
                "%(reason)s; %(apart)s: not the same company", reason=explanation, apart=apart
            )
        decision = decide(score)
        held = (held or UNSURE) if decision is Decision.REVIEW else None
        return Comparison(score, decision, explanation, held)


def little_shared(found: dict[str, Score | None]) -> Message | None:
    """'Computer Media Group' / 'Complete Book & Media Supply', 'Advanced Chippewa
    Technologies' / 'Advanced Technology Group': the words the names share carry under half
    of what the names say (rarity-weighted), and the names are not written alike: what the
    model saw is a resemblance of letters, not a shared name."""
    shared, spelt = found["overlap"], found["spelling"]
    if found["acronym"] or (spelt and spelt.value >= ALIKE):
        return None
    if shared is None or shared.value < LITTLE_SHARED:
        return Message("the shared words are a small part of the names")
    return None


def _value(score: Score | None) -> float:
    return score.value if score else 0.0


def _shared_words(a: NameProfile, b: NameProfile) -> tuple[str, ...]:
    """The words of `a` that meet a word of `b` (equal, abbreviated, misspelt, or the whole
    name written with other spacing)."""
    if a.key != b.key and a.key.replace(" ", "") == b.key.replace(" ", ""):
        return (a.key.replace(" ", ""),)
    return tuple(t for t in a.body if any(same_token(t, u) or near_token(t, u) for u in b.body))


def one_word_apart(a: NameProfile, b: NameProfile) -> Message | None:
    """'Justice Canada' / 'Justice Packaging Corp': one word in common, and each name has words
    the other lacks: two organisations may bear one word ('justice', 'optech') and nothing in
    the names says they are one."""
    if a.key.replace(" ", "") == b.key.replace(" ", ""):
        return None  # one name written with other spacing
    shared, back = _shared_words(a, b), _shared_words(b, a)
    if len(shared) != 1 or len(back) != 1:
        return None
    only_a = [t for t in a.words if t not in shared]  # legal forms aside
    only_b = [t for t in b.words if t not in back]
    if not only_a or not only_b or _variants(only_a, only_b):
        return None
    return Message(
        "they share only '%(word)s' and each has words the other lacks ('%(a)s' / '%(b)s')",
        word=shared[0],
        a=" ".join(only_a),
        b=" ".join(only_b),
    )


def written_alike(a: NameProfile, b: NameProfile) -> bool:
    """The same words but for a word in another number or a misspelt qualifier ('Dalian
    Enterprises' / 'Dalian Entreprises'): one name written two ways."""
    only_a = [t for t in a.words if t not in b.words]
    only_b = [t for t in b.words if t not in a.words]
    return bool(only_a) and _variants(only_a, only_b)


def _variants(only_a: list[str], only_b: list[str]) -> bool:
    """The words each name has and the other lacks are one another in another number or a
    misspelt qualifier ('TRM Technologies' / 'TRM Technology', 'SAP Canada' / 'SAP Canda'):
    one name written two ways, not two names sharing one word. A distinctive word spelt
    alike ('Liebert' / 'Liebherr') is not a variant: it may be another brand."""
    if len(only_a) != len(only_b):
        return False
    return all(
        plural_y(x, y) or ({x, y} & QUALIFIER_TOKENS and (near_token(x, y) or same_token(x, y)))
        for x, y in zip(sorted(only_a), sorted(only_b), strict=True)
    )


def spelling(a: NameProfile, b: NameProfile) -> Score | None:
    """How alike the two names are letter by letter, once legal forms are set aside."""
    if not a.key or not b.key:
        return None
    ka, kb = " ".join(a.words) or a.key, " ".join(b.words) or b.key
    value = max(fuzz.ratio(ka, kb), fuzz.token_sort_ratio(ka, kb)) / 100
    return Score(value, Message("spelt %(percent)s%% alike", percent=round(value * 100)))


def acronym(a: NameProfile, b: NameProfile) -> Score | None:
    """'IBM' / 'International Business Machines': one name is the initials of the other."""
    for short, long in ((a, b), (b, a)):
        words = [t for t in long.body if t not in CONNECTORS]
        if (
            len(short.body) == 1
            and len(words) >= 2
            and short.body[0] == "".join(w[0] for w in words)
        ):
            return Score(
                1.0,
                Message(
                    "'%(short)s' is the initials of '%(long)s'",
                    short=short.body[0],
                    long=" ".join(long.body),
                ),
            )
    return None


def thin(a: NameProfile, b: NameProfile) -> Score | None:
    """A name of one short word ('ACT', 'Sico') is shared by many companies."""
    shortest = min((a.core, b.core), key=len)
    if len(shortest) <= 1 and len("".join(shortest)) <= 6:
        return Score(1.0, Message("a name of one short word ('%(word)s')", word=" ".join(shortest)))
    return None


def brand(a: NameProfile, b: NameProfile, distinctive: Callable[[str], bool]) -> Score | None:
    """Both names open with the same rare word ('Rigaku Analytical' / 'Rigaku Corporation'):
    the mark of one brand, and often of one group."""
    if a.core and b.core and a.core[0] == b.core[0] and distinctive(a.core[0]):
        return Score(1.0, Message("both open with the rare word '%(word)s'", word=a.core[0]))
    return None


def contained(a: NameProfile, b: NameProfile) -> Score | None:
    """Every word of the shorter name is in the longer ('Javelin' / 'Javelin Technologies')."""
    short, long = sorted((a.words, b.words), key=len)
    if short and len(short) < len(long) and set(short) <= set(long):
        return Score(
            1.0,
            Message(
                "'%(short)s' is contained in '%(long)s'", short=" ".join(short), long=" ".join(long)
            ),
        )
    return None
