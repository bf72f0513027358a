"""Matching accuracy and screening speed (`python -m benchmarks.accuracy`), each next to a
baseline measured in the same run.

1. Name pairs: precision, recall, F1 of `iceout pairs` (decision `match`), of the rules it
   used before the trained model (>= 0.90), of OpenSanctions' logic-v2 (nomenklatura, at 0.70)
   and of rapidfuzz WRatio (at 90), on the same pairs: (a) the held-out groups of the labelled
   pairs (iceout/resolve/labelled.py: vendors, DUNS and families the model never saw);
   (b) ../shared/data/bench/company_name_pairs_dev.csv, which is excluded from training.
2. Canadian spellings -> families. Labelled set, written down:
   - positives: every raw spelling in ../shared/data/canada/vendor_names/<vendor>/
     original_vendor_names.csv, labelled with the family of its folder (the publisher-side
     curation of the current contracts dataset: garda_security_group -> gardaworld, ...);
   - negatives: the hand-labelled look-alikes of tests/fixtures/expected_family_links.csv
     (rows labelled 'clear': names sharing a word or letters with a family but not in it,
     e.g. MCGILL UNIVERSITY, THE THOMSEN CORPORATION, Ronald William Thomson).
   Reported for family resolution (all families) and for `iceout screen` (watchlist: a name
   of a family without in-scope ICE/DHS awards is expected 'clear').
3. US name variants by DUNS (bench/us_vendor_name_variants_by_duns.csv): the names are
   clustered with the match decision; purity and pairwise recall against DUNS.
4. Speed: `iceout screen` of 20,000 distinct legacy vendor names end to end (a process),
   names/s, its CPU seconds and its own peak memory, next to rapidfuzz cdist (ratio, one
   worker) of the same names against the same watchlist names. `--speed-only STORE` runs this
   section alone on a built store.
"""

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
from rapidfuzz import fuzz, process

from benchmarks.screen import measured
from iceout import db, pipeline
from iceout.resolve.compare.guards import numbered
from iceout.resolve.labelled import dev_pairs, labelled_pairs
from iceout.resolve.links import Resolver
from iceout.resolve.profile import profile
from iceout.resolve.scoring import Comparator
from iceout.screen.policy import Policy
from iceout.screen.screen import Screener

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
FIXTURES = ROOT / "tests" / "fixtures"
RULES_MATCH = 0.90  # the match threshold of the rules before the trained model
FOLDERS = {
    "garda_security_group": "gardaworld",
    "cgi": "cgi",
    "thomson_reuters": "thomson-reuters",
    "opentext": "opentext",
    "blackberry": "blackberry",
    "hootsuite": "hootsuite",
    "jim_pattison_industries": "jim-pattison-group",
    "pattison_sign_group": "jim-pattison-group",
}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _line(label: str, tp: int, fp: int, fn: int, extra: str = "") -> None:
    p, r, f = prf(tp, fp, fn)
    print(f"  {label:<34} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn}){extra}")


def _score(pairs: list[tuple[str, str, bool]], decide) -> tuple[int, int, int, float]:
    start = time.perf_counter()
    tp = fp = fn = 0
    for a, b, gold in pairs:
        pred = decide(a, b)
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
    return tp, fp, fn, time.perf_counter() - start


def bench_pairs() -> None:
    """(a) held-out groups of the labelled pairs; (b) the dev pairs (never trained on)."""
    held = [p for p in labelled_pairs(SHARED, FIXTURES) if p.held_out]
    dev = dev_pairs(SHARED)
    for label, pairs in (
        ("1a. held-out groups of the labelled pairs (iceout/resolve/labelled.py)", held),
        ("1b. bench/company_name_pairs_dev.csv (excluded from training)", dev),
    ):
        _compare_matchers(label, [(p.name1, p.name2, p.match) for p in pairs])


def _compare_matchers(label: str, pairs: list[tuple[str, str, bool]]) -> None:
    print(f"{label}: {len(pairs):,} pairs ({sum(g for *_, g in pairs):,} matches)")
    ours = Comparator.bundled()
    *counts, seconds = _score(pairs, lambda a, b: ours.compare(a, b).decision == "match")
    _line("iceout (trained model, match)", *counts, f"  {seconds * 1000:.0f} ms")
    *counts, seconds = _score(pairs, lambda a, b: _rules(ours, a, b) >= RULES_MATCH)
    _line("iceout rules before the model", *counts, f"  {seconds * 1000:.0f} ms")
    logic = _logic_v2(pairs)
    if logic is None:
        print("  nomenklatura logic-v2: not measured (make bench installs it in .venv-nk)")
    else:
        scores, seconds = logic
        verdicts = iter(scores)
        *counts, _ = _score(pairs, lambda a, b: next(verdicts) >= 0.70)
        _line("nomenklatura logic-v2 (>= 0.70)", *counts, f"  {seconds * 1000:.0f} ms")
    *counts, seconds = _score(pairs, lambda a, b: fuzz.WRatio(a, b, processor=str.lower) >= 90)
    _line("rapidfuzz WRatio (>= 90)", *counts, f"  {seconds * 1000:.0f} ms")


def _rules(comparator: Comparator, a: str, b: str) -> float:
    """The score iceout gave before the trained model: the best rule, numbered names apart."""
    pa, pb = profile(a), profile(b)
    if numbered(pa, pb):
        return 0.0
    best = comparator.rules(pa, pb)
    return best.value if best else 0.0


def _logic_v2(pairs: list[tuple[str, str, bool]]) -> tuple[list[float], float] | None:
    python = ROOT / ".venv-nk" / "bin" / "python"
    if not python.exists():
        return None
    rows = "name1,name2\n" + "".join(
        f'"{a.replace(chr(34), chr(34) * 2)}","{b.replace(chr(34), chr(34) * 2)}"\n'
        for a, b, _ in pairs
    )
    start = time.perf_counter()
    done = subprocess.run(
        [str(python), str(ROOT / "benchmarks" / "logic_v2.py")],
        input=rows,
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(line) for line in done.stdout.split()], time.perf_counter() - start


def labelled_canadian() -> list[tuple[str, str]]:
    """(name, family id or '') pairs; see the module docstring for how they were labelled."""
    rows: dict[str, str] = {}
    for folder, family in FOLDERS.items():
        path = SHARED / "canada" / "vendor_names" / folder / "original_vendor_names.csv"
        with path.open(encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                rows[row["original_vendor_name"].strip()] = family
    with (ROOT / "tests" / "fixtures" / "expected_family_links.csv").open(
        encoding="utf-8"
    ) as handle:
        for row in csv.DictReader(handle):
            if row["expected"] == "clear":
                rows.setdefault(row["name"], "")
    return sorted(rows.items())


def bench_canadian(con: duckdb.DuckDBPyConnection) -> None:
    labelled = labelled_canadian()
    names = [n for n, _ in labelled]
    print(
        f"2. Canadian spellings -> families: {len(labelled)} labelled names "
        f"({sum(1 for _, f in labelled if f)} positives, {sum(1 for _, f in labelled if not f)} look-alikes)"
    )
    resolver = Resolver.load(con)
    links = resolver.resolve(con, names)
    # A look-alike must not reach a curated family; the same name as a US recipient of its own
    # (KATHERINE J THOMSON, 7655762 CANADA INC) is that recipient, not an error.
    curated = {
        r[0]
        for r in con.execute(
            "SELECT family_id FROM res_families WHERE origin = 'curated'"
        ).fetchall()
    }
    tp = fp = fn = 0
    for name, family in labelled:
        link = links.get(name)
        got = link.family_id if link and link.decision == "match" else ""
        got = got if family or got in curated else ""
        tp += bool(family) and got == family
        fp += bool(got) and got != family
        fn += bool(family) and got != family
    _line("family resolution (all families)", tp, fp, fn)
    watch = {r[0] for r in con.execute("SELECT family_id FROM wl_families").fetchall()}
    screener = Screener(con)
    hits = screener.screen(con, [{"name": n} for n in names])
    family_ids = {v: k for k, v in screener.family_names.items()}
    tp = fp = fn = 0
    for (_, family), hit in zip(labelled, hits, strict=True):
        expected = family if family in watch else ""
        got = family_ids.get(hit.family, hit.family) if hit.decision == "match" else ""
        got = got if expected or got in curated else ""
        tp += bool(expected) and got == expected
        fp += bool(got) and got != expected
        fn += bool(expected) and got != expected
    _line("iceout screen (watchlist)", tp, fp, fn)
    baseline = process.extractOne
    targets = [t.name for t in resolver.targets]
    tp = fp = fn = 0
    lookup = {t.name: t.family_id for t in resolver.targets}
    for name, family in labelled:
        best = baseline(name, targets, scorer=fuzz.WRatio, processor=str.lower, score_cutoff=90)
        got = lookup[best[0]] if best else ""
        got = got if family or got in curated else ""
        tp += bool(family) and got == family
        fp += bool(got) and got != family
        fn += bool(family) and got != family
    _line("baseline: rapidfuzz WRatio >= 90", tp, fp, fn)


def bench_duns(con: duckdb.DuckDBPyConnection) -> None:
    by_name: dict[str, str] = {}
    with (SHARED / "bench" / "us_vendor_name_variants_by_duns.csv").open(
        encoding="utf-8"
    ) as handle:
        for row in csv.DictReader(handle):
            for column in ("cleanName", "vendorName", "origName"):
                if row[column].strip():
                    by_name.setdefault(row[column].strip(), row["duns"])
    names = sorted(by_name)
    comparator = Comparator.from_store(con)
    from iceout.resolve.blocking import candidate_pairs
    from iceout.resolve.profile import profile

    keys = [(i, profile(n).key) for i, n in enumerate(names)]
    parent = list(range(len(names)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for q, t in candidate_pairs(con, keys, keys):
        if q != t and comparator.compare(names[q], names[t]).decision == "match":
            parent[find(q)] = find(t)
    clusters: dict[int, list[str]] = defaultdict(list)
    for i, name in enumerate(names):
        clusters[find(i)].append(by_name[name])
    purity = sum(Counter(c).most_common(1)[0][1] for c in clusters.values()) / len(names)
    same = Counter(by_name.values())
    total_pairs = sum(n * (n - 1) // 2 for n in same.values())
    together = sum(n * (n - 1) // 2 for c in clusters.values() for n in Counter(c).values())
    print(
        f"3. US name variants by DUNS: {len(names)} names, {len(same)} DUNS, {len(clusters)} clusters"
    )
    print(
        f"  purity {purity:.3f}  pairwise recall {together / total_pairs:.3f} "
        f"({together} of {total_pairs} same-DUNS pairs together); "
        f"baseline (name key alone): {_key_baseline(names, by_name):.3f} recall"
    )


def _key_baseline(names: list[str], by_name: dict[str, str]) -> float:
    from iceout.normalize.names import name_key

    groups: dict[str, list[str]] = defaultdict(list)
    for n in names:
        groups[name_key(n)].append(by_name[n])
    same = Counter(by_name.values())
    total = sum(n * (n - 1) // 2 for n in same.values())
    together = sum(n * (n - 1) // 2 for g in groups.values() for n in Counter(g).values())
    return together / total


def bench_speed(db_path: Path) -> None:
    # `iceout screen` logs its screenings: it opens the store for writing, so this process holds
    # no connection to it while the command runs
    with db.connect(db_path, read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT vendor_name FROM src_ca_records "
                "WHERE layout = 'open_canada_legacy_contracts' "
                "ORDER BY hash(vendor_name) LIMIT 20000"
            ).fetchall()
        ]
        targets = [t.name.lower() for t in Resolver.load(con, watchlist_only=True).targets]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "names.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["name"])
            writer.writerows([n] for n in names)
        command = [
            str(Path(sys.executable).parent / "iceout"),
            "screen",
            "--db",
            str(db_path),
            "--input",
            str(source),
            "--output",
            str(Path(tmp) / "out.csv"),
        ]
        seconds, cpu, peak = measured(command)
    start, base_cpu = time.perf_counter(), time.process_time()
    lowered = [n.lower() for n in names]
    process.cdist(lowered, targets, scorer=fuzz.ratio, workers=1, score_cutoff=90)
    base, base_cpu = time.perf_counter() - start, time.process_time() - base_cpu
    print(
        f"4. screening speed: {len(names):,} names in {seconds:.1f} s end to end "
        f"({cpu:.1f} CPU s) = {len(names) / seconds:,.0f} names/s (target >= 2,000/s, "
        f"i.e. under 10 s); peak RSS {peak:,.0f} MB"
    )
    print(
        f"  baseline: rapidfuzz cdist ratio (one worker), the same {len(names):,} names x "
        f"{len(targets):,} watchlist names: {base:.1f} s ({base_cpu:.1f} CPU s) = "
        f"{len(names) / base:,.0f} names/s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--speed-only",
        type=Path,
        metavar="STORE",
        help="Only section 4, on a store built by `iceout run` (copied first)",
    )
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"bench: needs {SHARED}", file=sys.stderr)
        return 1
    if args.speed_only:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "bench.duckdb"
            shutil.copyfile(args.speed_only, copy)
            bench_speed(copy)
        return 0
    bench_pairs()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.duckdb"
        con = db.connect(db_path)
        pipeline.run(con, [SHARED], Path(tmp) / "out", Policy(), lambda _: None)
        bench_canadian(con)
        bench_duns(con)
        con.close()
        bench_speed(db_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
