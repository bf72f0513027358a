"""Which names are people's, answered without loading rigour's person-name dictionary (about
15 CPU seconds per process) whenever the answer is already known.

A name is a person's when its shape says so (`normalize.names.person_shape`) or, the shape
leaving the question open, when every word of it is a given or family name rigour knows.
What each word is comes from, first to last:

- `iceout/data/person_words.csv`: the words of the open-shape names (and of their distinctive
  words) of a store built from ../shared/data (family and Canadian names), answered by
  rigour. Reproduce it with
  `python -m iceout.resolve.persons --db STORE` (tests/resolve/test_persons.py checks it);
- `res_person_words`: the words met by the rebuilds of this store, kept across rebuilds, so a
  rebuild asks rigour only about words it never asked about before;
- rigour's dictionary itself, loaded once per process and only when a word is in neither.
  A server defers (`defer_unknown_words`): the dictionary loads in a thread of its own and
  a word asked about meanwhile counts as no known name, so no request waits behind the load.
"""

import argparse
import csv
import io
import threading
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path

import duckdb

from iceout import db
from iceout.db import insert_rows, table_exists
from iceout.normalize.names import person_shape, person_words
from iceout.resolve.profile import profile

SHIPPED = "data/person_words.csv"

_words: dict[str, bool] = {}
_shipped_loaded = False
_dictionary_lock = threading.Lock()  # one dictionary load per process
_loader_lock = threading.Lock()
_dictionary_ready = threading.Event()
_loader: threading.Thread | None = None
_deferred = False


def is_person(name: str) -> bool:
    """Whether `name` reads as an individual's: see the module docstring."""
    shape = person_shape(name)
    if shape is not None:
        return shape
    words = person_words(name)
    _load_shipped()
    if any(_words.get(w) is False for w in words):
        return False  # one word known not to be a name settles it: nothing to ask rigour
    return all(known_words(words).values())


def known_words(words: Iterable[str]) -> dict[str, bool]:
    """Per word, whether it is a given or family name; asks the dictionary only about words
    no earlier answer covers (or, deferred while it loads, counts them as no name)."""
    _load_shipped()
    wanted = list(dict.fromkeys(words))
    missing = [w for w in wanted if w not in _words]
    if missing:
        if _deferred and not _dictionary_ready.is_set():
            _start_loader()
            return {w: _words.get(w, False) for w in wanted}
        with _dictionary_lock:
            _words.update(ask_dictionary([w for w in missing if w not in _words]))
    return {w: _words[w] for w in wanted}


def ask_dictionary(words: list[str]) -> dict[str, bool]:
    """rigour's answer per word: every part of it tagged as a given or family name (or a
    nickname). Loads the dictionary on the first call in a process."""
    if not words:
        return {}
    from rigour.names import NameTypeTag, SymbolCategory, analyze_names

    covered: dict[str, set[int]] = {}
    parts: dict[str, int] = {}
    analysed = analyze_names(
        NameTypeTag.PER, words, phonetics=False, consolidate=False, numerics=False
    )
    _dictionary_ready.set()
    for name in analysed:
        parts[name.original] = len(name.parts)
        for span in name.spans:
            if span.symbol.category in (SymbolCategory.NAME, SymbolCategory.NICK):
                covered.setdefault(name.original, set()).update(p.index for p in span.parts)
    return {w: parts.get(w, 0) > 0 and len(covered.get(w, ())) == parts[w] for w in words}


def answers() -> dict[str, bool]:
    """Every answer this process holds, to hand to another (a Spark worker)."""
    _load_shipped()
    return dict(_words)


def remember(given: dict[str, bool]) -> None:
    """Answers handed over by another process, ahead of the shipped ones."""
    _load_shipped()
    _words.update(given)


def defer_unknown_words() -> None:
    """For a server: never wait for the dictionary on a request (see the module docstring)."""
    global _deferred
    _deferred = True


def dictionary_loaded() -> bool:
    return _dictionary_ready.is_set()


def wait_for_dictionary(timeout: float | None = None) -> bool:
    """Whether the dictionary is loaded, waiting up to `timeout` seconds (None: until it is)."""
    return _dictionary_ready.wait(timeout)


def _start_loader() -> None:
    global _loader
    with _loader_lock:
        if _loader is None:
            _loader = threading.Thread(target=_load_dictionary, name="person-names", daemon=True)
            _loader.start()


def _load_dictionary() -> None:
    with _dictionary_lock:
        ask_dictionary(["anne"])


def _load_shipped() -> None:
    global _shipped_loaded
    if _shipped_loaded:
        return
    text = files("iceout").joinpath(SHIPPED).read_text(encoding="utf-8")
    shipped = {row["word"]: row["person"] == "1" for row in csv.DictReader(io.StringIO(text))}
    _words.update({w: p for w, p in shipped.items() if w not in _words})
    _shipped_loaded = True


def open_words(names: Iterable[str]) -> list[str]:
    """The words whose answer decides a name's: those of names whose shape leaves it open,
    and of the distinctive words of each name, which the partners guard asks about ('Miller
    Thomson' in 'Miller Thomson LLP', compare/guards.py)."""
    words: set[str] = set()
    for name in names:
        for phrase in (name, " ".join(profile(name).core)):
            if person_shape(phrase) is None:
                words.update(person_words(phrase))
    return sorted(words)


def build_person_table(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> None:
    """Add to res_person_words the words of `names` it lacks, then load all of it."""
    words = open_words(names)
    load_person_table(con)
    stored = {r[0] for r in con.execute("SELECT word FROM res_person_words").fetchall()}
    answers = known_words([w for w in words if w not in stored])
    insert_rows(con, "res_person_words", [{"word": w, "person": p} for w, p in answers.items()])


def load_person_table(con: duckdb.DuckDBPyConnection) -> None:
    """This store's answers, ahead of the shipped ones."""
    if table_exists(con, "res_person_words"):
        stored = con.execute("SELECT word, person FROM res_person_words").fetchall()
        _words.update(dict(stored))


def write_shipped(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """The shipped file from a built store: rigour's answer for every word of the open-shape
    family and Canadian names, asked afresh (not read from any table of answers)."""
    names = con.execute(
        "SELECT name FROM res_family_names UNION SELECT vendor_name FROM nrm_ca_records"
    ).fetchall()
    answers = ask_dictionary(open_words(n for (n,) in names))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["word", "person"])
    writer.writerows([w, int(p)] for w, p in sorted(answers.items()))
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return len(answers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the shipped person-name answers.")
    parser.add_argument("--db", type=Path, required=True, help="a store built by `iceout run`")
    default = Path(str(files("iceout").joinpath(SHIPPED)))
    parser.add_argument("--out", type=Path, default=default)
    args = parser.parse_args(argv)
    con = db.connect(args.db, read_only=True)
    print(f"{write_shipped(con, args.out):,} words written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
