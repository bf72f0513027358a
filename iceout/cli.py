"""The `iceout` command: thin commands that parse options, open the store and call one stage."""

import errno
import json
import os
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import duckdb
import typer

from iceout import db, i18n, remote, served, version
from iceout.applications import read_parties
from iceout.csvio import read_rows, read_table, write_rows
from iceout.domain import Decision
from iceout.engines import Engine
from iceout.errors import NO_DATABASE, IceoutError, InputError, StoreError
from iceout.i18n import N_
from iceout.i18n.message import Figure, Message, Money, Plural, joined, text
from iceout.progress import heartbeat
from iceout.resolve.judgements import Node, record, record_judgement
from iceout.resolve.scoring import Comparator
from iceout.screen.log import Logged, Screening, record_screening
from iceout.screen.policy import Policy
from iceout.screen.scoped import screen_in_scope
from iceout.screen.screen import OUTPUT_COLUMNS, Screener
from iceout.settings import engine_name, load_settings
from iceout.staging import clean_temp_folders

# Imported by the commands that use them: `iceout screen` does not pay for the pipeline, the
# fetchers (httpx), the report or party screening (measured with `python -X importtime -m
# iceout`).
if TYPE_CHECKING:
    from iceout import pipeline

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Which ICE/DHS contractors also receive Canadian federal money.",
)


def _version(value: bool) -> None:
    if value:
        print(f"iceout {version()}")
        raise typer.Exit()


# The language chosen with `iceout --lang`, for every command's messages and answers.
_chosen: dict[str, str] = {}


def _check_lang(value: str | None) -> str | None:
    if value is not None and value not in i18n.LANGUAGES:
        raise InputError(N_("--lang must be en or fr, not %(value)r"), value=value)
    return value


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of messages and answers: en or fr (default: iceout --lang, else "
        "$ICEOUT_LANG, else en)",
    ),
]


@app.callback()
def _main(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version"),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="Language of every command's messages: en or fr (default $ICEOUT_LANG)"
        ),
    ] = None,
) -> None:
    """Which ICE/DHS contractors also receive Canadian federal money."""
    _chosen.clear()  # one invocation's choice (tests call the app many times in one process)
    if _check_lang(lang):
        _chosen["lang"] = str(lang)


def _lang(value: str | None = None) -> str:
    """The language of this command: its own --lang, then `iceout --lang`, then ICEOUT_LANG."""
    return _check_lang(value) or _chosen.get("lang") or load_settings().lang


def _served(path: Path) -> served.Served | None:
    """The server holding the store, asked in this command's language."""
    holder = served.running(path)
    return replace(holder, lang=_lang()) if holder is not None else None


DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB store (default $ICEOUT_DB)")]
# The policy options of `run` and `export`: --from/--to apply to both countries (a Canadian
# record by the period its money belongs to, a US award by its action dates).
ScopeOption = Annotated[str, typer.Option(help="ice (ICE only) or dhs (all DHS components)")]
FromOption = Annotated[
    str | None, typer.Option("--from", help="Money on or after YYYY-MM-DD (both countries)")
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Money on or before YYYY-MM-DD (both countries)")
]
MinObligationOption = Annotated[
    float, typer.Option(help="Minimum in-scope US obligations of a family (USD)")
]


def _log(message: "str | Message") -> None:
    """A line on stderr; a Message in the command's language (`iceout --lang`, ICEOUT_LANG)."""
    shown = message if isinstance(message, str) else message.render(_language())
    print(shown, file=sys.stderr, flush=True)


def _clean_leftovers() -> None:
    for path in clean_temp_folders():
        _log(Message("removed %(path)s, left by an interrupted iceout", path=str(path)))


def _db_path(value: Path | None) -> Path:
    return value or load_settings().db


def _open(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """The store, waiting for a command that holds it; a store `iceout serve` holds is not
    waited for (the commands that can work through the server do so before calling this)."""
    holder = served.running(path)
    if holder is not None:
        raise StoreError(
            N_(
                "%(path)s is held by %(server)s, and this command cannot work through it: stop "
                "the server (Ctrl-C) and run it again, or run it on a copy of the store made "
                "while the server is stopped"
            ),
            path=str(path),
            server=holder.describe(),
        )
    settings = load_settings()
    return db.connect(
        path,
        read_only,
        wait=settings.lock_wait,
        waiting=_log,
        memory_limit=settings.duckdb_memory_limit,
        temp_directory=settings.duckdb_temp_directory,
    )


def _open_to_log(path: Path) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """(the store, whether the screening can be logged): a store the user may only read is
    screened without a log entry, and says so."""
    if path.is_file() and not os.access(path, os.W_OK):
        _log(Message("%(path)s is read-only for you: screened, but not logged", path=str(path)))
        return _open(path, read_only=True), False
    return _open(path), True


def _cli_who() -> str:
    return f"{served.cli_user()} (command line)"


def _date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise InputError(
            N_("%(option)s must be a date like 2024-01-31, not %(value)r"),
            option=option,
            value=value,
        ) from exc


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories")],
    db_path: DbOption = None,
) -> None:
    """Load publisher files into the store, recognising each file's layout from its header."""
    from iceout.sources.ingest import ingest_paths

    _clean_leftovers()
    con = _open(_db_path(db_path))
    summary = ingest_paths(con, paths, _log)
    loaded = summary.loaded
    _log(
        Message(
            "%(loaded)s file(s) loaded, %(skipped)s skipped; %(new)s new records, %(stored)s "
            "already stored, %(quarantined)s quarantined (see table src_quarantine)",
            loaded=len(loaded),
            skipped=len(summary.files) - len(loaded),
            new=sum(f.rows_loaded for f in loaded),
            stored=sum(f.rows_duplicate for f in loaded),
            quarantined=sum(f.rows_quarantined for f in loaded),
        )
    )


@app.command()
def run(
    data: Annotated[
        list[Path] | None, typer.Option("--data", help="Files or directories to ingest")
    ] = None,
    db_path: DbOption = None,
    out: Annotated[
        Path, typer.Option("--out", help="Directory for report.html, exposure.csv/json")
    ] = Path("report"),
    scope: ScopeOption = "dhs",
    date_from: FromOption = None,
    date_to: ToOption = None,
    min_obligation: MinObligationOption = 0.0,
    offline: Annotated[
        bool, typer.Option("--offline", help="Fetch nothing: report on what is stored")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of report.html: en or fr (default: iceout --lang, else "
            "$ICEOUT_LANG, else en)",
        ),
    ] = None,
    engine: Annotated[
        str | None, typer.Option("--engine", help="duckdb or spark (default $ICEOUT_ENGINE)")
    ] = None,
    spark_master: Annotated[
        str | None,
        typer.Option("--spark-master", help="Spark master URL (default $ICEOUT_SPARK_MASTER)"),
    ] = None,
    single_file: Annotated[
        bool,
        typer.Option(
            "--single-file",
            help="The whole report as one self-contained report.html, instead of a summary "
            "page with a page per family and per policy view",
        ),
    ] = False,
) -> None:
    """Fetch the public sources (unless --data or --offline), resolve and write the report
    (report.html and its pages, exposure.csv/json, alerts.json/atom)."""
    from iceout import pipeline

    policy = Policy(scope, _date(date_from, "--from"), _date(date_to, "--to"), min_obligation)
    settings = load_settings()
    lang = _lang(lang)
    runner = Engine(
        engine_name(engine, "--engine") if engine else settings.engine,
        spark_master or settings.spark_master,
    )
    runner.check()
    _clean_leftovers()
    con = _open(_db_path(db_path))
    sources = list(data or [])
    if not sources and not offline:
        _fetch_before_run(con)
    if not sources and pipeline.store_is_empty(con):
        _log(
            "No --data given, the public sources were not fetched and nothing is stored: "
            "using the bundled DEMO dataset (a small hand-curated subset of public records), "
            "not the full public data."
        )
        sources = [pipeline.demo_data_dir()]
    result = pipeline.run(con, sources, out, policy, _log, lang, runner, single_file)
    _print_summary(result)


def _print_summary(result: "pipeline.RunResult") -> None:
    from iceout.report.html import headline_text

    exposure, lang = result.exposure, _language()
    _log("")
    family, us, head = (
        i18n.translate(lang, label)
        for label in (
            N_("family"),
            N_("US obligations (USD)"),
            N_("Canadian headline (one kind, one year)"),
        )
    )
    _log(f"{family:<30} {us:>21}  {head}")
    for row in exposure.families[:15]:
        head = headline_text(row.headline, lang) if row.headline else "-"
        usd = i18n.decimal(row.us_obligations_usd or 0, "#,##0", lang)
        _log(f"{row.family[:30]:<30} {usd:>21}  {head}")
    summary = exposure.summary
    for total in summary.canadian:
        _log(
            Message(
                "Canada, %(label)s: %(amount)s in %(records)s records",
                label=i18n.translate(lang, total.label),
                amount=Money(round(total.value_cad), "C$"),
                records=total.records,
            )
        )
    _log(
        Message(
            "%(families)s families with money on both sides (%(apart)s more with no US "
            "obligations, listed apart); %(review)s Canadian records await review. "
            "Total %(seconds)ss.",
            families=summary.families,
            apart=summary.families_without_obligations,
            review=summary.records_in_review,
            seconds=Figure(sum(result.timings.values()), "0.0"),
        )
    )
    for path in result.outputs:
        print(path)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="xlsx, ftm (FollowTheMoney) or csv")],
    output: Annotated[Path, typer.Option("--output", help="File to write")],
    db_path: DbOption = None,
    scope: ScopeOption = "dhs",
    date_from: FromOption = None,
    date_to: ToOption = None,
    min_obligation: MinObligationOption = 0.0,
) -> None:
    """Export the exposure report for a policy: XLSX (a sheet per table), FollowTheMoney
    entities (JSON lines) or the families CSV (UTF-8 with BOM). Reads the store only; works
    through `iceout serve` while it holds the store. The file is written whole or not at all."""
    from iceout import pipeline
    from iceout.report.export import check_folder, check_format, export_exposure

    policy = Policy(scope, _date(date_from, "--from"), _date(date_to, "--to"), min_obligation)
    check_format(fmt)
    check_folder(output)
    path = _db_path(db_path)
    if (holder := _served(path)) is not None:
        _log(Message("exporting through %(server)s", server=holder.describe()))
        with heartbeat(Message("export %(format)s", format=fmt), _log):
            counts = remote.export(holder, fmt, policy, output)
        families, apart, awards, records = (counts[name] for name in remote.EXPORT_COUNTS)
    else:
        con = db.overlay(path)
        with heartbeat(Message("export %(format)s", format=fmt), _log):
            exposure = export_exposure(con, policy, fmt, output, demo=pipeline.uses_demo(con))
        families, apart = len(exposure.families), len(exposure.no_obligations)
        awards, records = exposure.summary.us_awards, exposure.summary.canadian_records
    _log(
        f"{fmt}: {families} families ({apart} more listed apart), {awards:,} US awards, "
        f"{records:,} Canadian records, scope {policy.scope}"
    )
    print(output)


@app.command()
def judge(
    name: Annotated[str, typer.Argument(help="The name as it appears in a record")],
    other: Annotated[
        str, typer.Argument(help="A family id (e.g. gardaworld), or a name with --names")
    ],
    judgement: Annotated[str, typer.Argument(help="positive, negative or unsure")],
    reviewer: Annotated[str, typer.Option(help="Who decides")] = "",
    reason: Annotated[str | None, typer.Option(help="Why")] = None,
    names: Annotated[
        bool, typer.Option("--names", help="OTHER is a name, not a family id")
    ] = False,
    db_path: DbOption = None,
) -> None:
    """Record a reviewer's decision (positive, negative, unsure); it applies at every rebuild
    and transitively (A=B and B=C gives A=C; A!=B and B=C gives A!=C)."""
    path = _db_path(db_path)
    holder = _served(path)
    if holder is not None and not names:
        done = remote.judge(
            holder, name, other, judgement, reason or "recorded with `iceout judge`", reviewer
        )
        _log(
            Message(
                "recorded through %(server)s: %(left)s ~ %(right)s: %(judgement)s by "
                "%(reviewer)s; it applies now",
                server=holder.describe(),
                left=done["left"],
                right=done["right"],
                judgement=done["judgement"],
                reviewer=done["reviewer"],
            )
        )
        return
    con = _open(path)
    if names:
        decided = record(con, Node.of_name(name), Node.of_name(other), judgement, reviewer, reason)
    else:
        decided = record_judgement(con, name, other, judgement, reviewer, reason)
    _log(
        Message(
            "recorded: %(left)s ~ %(right)s: %(judgement)s by %(reviewer)s; it applies at the "
            "next run",
            left=str(decided.left),
            right=str(decided.right),
            judgement=str(decided.judgement),
            reviewer=decided.reviewer,
        )
    )


@app.command()
def screen(
    input_path: Annotated[
        str,
        typer.Option(
            "--input",
            help="CSV with a name column (any case; comma, semicolon or tab; UTF-8 or "
            "Windows-1252), or -",
        ),
    ],
    output_path: Annotated[str, typer.Option("--output", help="CSV to write, or -")] = "-",
    column: Annotated[
        str, typer.Option("--column", help="The column holding the names (any case)")
    ] = "name",
    scope: ScopeOption = "dhs",
    db_path: DbOption = None,
) -> None:
    """Screen names against the watchlist; every input row comes back with a decision. Works
    through `iceout serve` while it holds the store; each screening is logged (scr_log)."""
    table = read_table(input_path)
    chosen = {"name": table.column(column, Message("; choose the column with --column"))}
    chosen |= {k: c for k in ("id", "business_number") if k != column and (c := table.find(k))}
    rows, path = table.keyed(chosen), _db_path(db_path)
    holder = _served(path)
    if holder is not None:
        hits = remote.screen(holder, rows, scope)  # the server logs it
    else:
        con, loggable = _open_to_log(path)
        hits = screen_in_scope(con, rows, scope)
        answers = [
            Logged(row["name"], h.decision.value, h.family_id, str(h.explanation))
            for row, h in zip(rows, hits, strict=True)
        ]
        if loggable:
            record_screening(con, Screening(_cli_who(), "cli", "screen", scope), answers)
    extra = [c for c in OUTPUT_COLUMNS if c not in table.columns]
    lang = _lang()  # once: it reads the settings (the environment, the home folder)
    write_rows(
        output_path,
        table.columns + extra,
        [{**row, **hit.as_row(lang)} for row, hit in zip(table.rows, hits, strict=True)],
    )
    counts = {d.value: sum(1 for h in hits if h.decision is d) for d in Decision}
    said = [Message("%(n)s %(decision)s", n=v, decision=k) for k, v in counts.items()]
    _log(
        Plural(
            "screened %(count)s row: %(counts)s",
            "screened %(count)s rows: %(counts)s",
            len(table.rows),
            counts=joined(said),
        )
    )


@app.command("screen-parties")
def screen_parties_command(
    input_path: Annotated[
        str,
        typer.Option(
            "--input",
            help="The parties of one application: CSV (name; role, address, country) or JSON "
            '([{"role", "name", "address", "country"}, ...]), or -',
        ),
    ],
    output_path: Annotated[str, typer.Option("--output", help="JSON file to write, or -")] = "-",
    scope: ScopeOption = "dhs",
    db_path: DbOption = None,
    lang: LangOption = None,
) -> None:
    """Screen the parties of one export permit application (consignee, end user, intermediate
    consignees, ...): one verdict, and for each party a DHS component or office, a contractor
    family with its awards, or clear with what was checked; reasons in English or French."""
    from iceout.screen.parties import as_dict, logged_verdict, parties_of, screen_parties

    lang = _lang(lang)
    rows = read_parties(input_path)
    parties = parties_of(rows)  # checked here, before any store is opened
    path = _db_path(db_path)
    holder = _served(path)
    if holder is not None:
        result = remote.parties(replace(holder, lang=lang), rows, scope)
    else:
        con, loggable = _open_to_log(path)
        verdict = screen_parties(con, Screener(con), parties, scope)
        result = as_dict(verdict, lang)
        if loggable:
            record_screening(
                con, Screening(_cli_who(), "cli", "parties", scope), logged_verdict(verdict)
            )
    _write_json(result, output_path)
    colon = i18n.translate(lang, N_("%(what)s: %(answer)s"))
    _log(colon % {"what": i18n.translate(lang, N_("application")), "answer": result["summary"]})
    for party in result["parties"]:
        said = colon % {"what": party["name"], "answer": party["reason"]}
        _log(f"  {party['role']}: {said}")


def _write_json(data: object, output: str) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output == "-":
        sys.stdout.write(text)
    else:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")


@app.command()
def pairs(
    input_path: Annotated[str, typer.Option("--input", help="CSV with name1,name2 columns, or -")],
    output_path: Annotated[str, typer.Option("--output", help="CSV to write, or -")] = "-",
    db_path: Annotated[
        Path | None, typer.Option("--db", help="Take word rarity from this store")
    ] = None,
) -> None:
    """Compare name pairs (no watchlist): adds score and decision to each row."""
    columns, rows = read_rows(input_path, ("name1", "name2"))
    comparator = (
        Comparator.from_store(db.connect(db_path, read_only=True))
        if db_path
        else Comparator.bundled()
    )
    out = []
    for row in rows:
        result = comparator.compare(row["name1"], row["name2"])
        out.append(
            {
                **row,
                "score": f"{result.score:.3f}",
                "decision": result.decision.value,
                "explanation": text(result.reason, _lang()),
            }
        )
    write_rows(
        output_path,
        columns + [c for c in ("score", "decision", "explanation") if c not in columns],
        out,
    )


@app.command()
def train(
    data: Annotated[Path, typer.Option("--data", help="The real public data (../shared/data)")],
    output: Annotated[Path, typer.Option("--output", help="Model file to write")] = Path(
        "iceout/data/match_model.json"
    ),
    fixtures: Annotated[
        Path, typer.Option("--fixtures", help="Folder of expected_family_links.csv")
    ] = Path("tests/fixtures"),
) -> None:
    """Fit the match model on labelled pairs from the real data; thresholds from held-out groups."""
    from iceout.resolve.training import train as fit_model

    for path, what in ((data, "--data"), (fixtures, "--fixtures")):
        if not path.is_dir():
            raise InputError(
                N_("%(option)s: no such folder: %(path)s"), option=what, path=str(path)
            )
    model = fit_model(data, fixtures, output)
    _log(
        f"wrote {output}: {model['trained_on']['pairs']:,} training pairs, "
        f"{model['held_out']['pairs']:,} held out; thresholds {model['thresholds']}"
    )


INTERRUPTED = (
    "interrupted: the store is as it was before this fetch; "
    "partial downloads stay in the cache and resume next time"
)
SourceOption = Annotated[
    list[str] | None,
    typer.Option("--source", help="usaspending, open_canada or sema (repeat it; default: all)"),
]


@app.command()
def fetch(
    db_path: DbOption = None,
    since: Annotated[
        str | None,
        typer.Option(help="Refetch from YYYY-MM-DD (default: what is new since the last fetch)"),
    ] = None,
    source: SourceOption = None,
) -> None:
    """Download the public sources into the cache ($ICEOUT_HOME/cache) and ingest them."""
    from iceout.sources.fetch import fetcher
    from iceout.sources.fetch.http import FetchError

    settings = load_settings()
    _clean_leftovers()
    con = _open(db_path or settings.db)
    try:
        summary = fetcher.fetch(
            con,
            fetcher.FetchConfig.from_settings(settings),
            source or fetcher.SOURCES,
            _date(since, "--since"),
            _log,
        )
    except KeyboardInterrupt:
        raise FetchError(INTERRUPTED) from None
    _log(
        Message(
            "%(files)s file(s) fetched; %(records)s new records stored",
            files=len(summary.files),
            records=summary.new_records,
        )
    )
    if summary.failed:
        raise FetchError(
            N_("not fetched: %(failed)s"),
            failed="; ".join(f"{k}: {v}" for k, v in summary.failed.items()),
        )


def _fetch_before_run(con: duckdb.DuckDBPyConnection) -> None:
    from iceout.sources.fetch import fetcher
    from iceout.sources.fetch.http import FetchError, UnreachableError

    settings = load_settings()
    try:
        summary = fetcher.fetch(con, fetcher.FetchConfig.from_settings(settings), report=_log)
    except KeyboardInterrupt:
        raise FetchError(INTERRUPTED) from None
    except UnreachableError as exc:
        _log(
            Message(
                "The public sources cannot be reached (%(problem)s): using what is stored.",
                problem=exc.message,
            )
        )
        return
    for source, problem in summary.failed.items():
        _log(
            Message(
                "WARNING: %(source)s was not fetched (%(problem)s): its stored records are used.",
                source=source,
                problem=problem,
            )
        )


@app.command()
def sources(db_path: DbOption = None) -> None:
    """List the fetched files: source, request, retrieved-at, size, rows, sha256, URL (TSV)."""
    from iceout.sources.fetch.cache import list_cached

    con = _open(_db_path(db_path))
    print("source\trequest\tretrieved_at\tchecked_at\tbytes\trows\texpected_rows\tsha256\turl")
    for row in list_cached(con):
        source, request, url, retrieved, checked, size, rows, expected, sha, _path = row
        print(
            f"{source}\t{request}\t{retrieved:%Y-%m-%d %H:%M:%S}\t{checked:%Y-%m-%d %H:%M:%S}\t"
            f"{size}\t{'' if rows is None else rows}\t{'' if expected is None else expected}\t"
            f"{sha}\t{url}"
        )


@app.command()
def diff(db_path: DbOption = None) -> None:
    """What the latest run found new since the run before it (same policy): families newly
    flagged, or with more US awards or Canadian records."""
    from iceout.report import alerts

    found = alerts.latest(_open(_db_path(db_path)))
    if found is None:
        _log(Message("no run recorded yet: `iceout run` records one"))
        return
    previous = found["previous"]
    since = f"the run of {previous['taken_at']}" if previous else "nothing (first run)"
    if not found["changes"]:
        _log(f"nothing new in the run of {found['run']['taken_at']} since {since}")
    else:
        _log(
            f"{len(found['changes'])} change(s) in the run of {found['run']['taken_at']} since {since}:"
        )
    for change in found["changes"]:
        print(alerts.describe(change))


@app.command()
def rarity(
    output: Annotated[Path, typer.Option("--output", help="CSV to write")],
    db_path: DbOption = None,
) -> None:
    """Write a store's word rarity (to refresh the bundled iceout/data/word_rarity.csv)."""
    count = Comparator.from_store(_open(_db_path(db_path), read_only=True)).write_csv(output)
    _log(Message("%(count)s words written to %(path)s", count=count, path=str(output)))


@app.command()
def claims(
    documents: Annotated[
        list[str], typer.Argument(help="Documents: plain text, HTML or PDF, English or French")
    ],
    output: Annotated[str, typer.Option("--output", help="JSON file to write, or -")] = "-",
    db_path: DbOption = None,
) -> None:
    """Check what documents claim about companies and ICE/DHS or Canadian public money against
    the loaded records (demands and hedges are listed as not a claim), and report where they
    disagree about ICE's presence in Canada."""
    from iceout.claims.report import write_claims  # only this command reads documents
    from iceout.claims.verdicts import NOT_A_CLAIM, STATUSES

    path = _db_path(db_path)
    if not path.is_file():  # opened for writing (it keeps its findings): never create one
        raise StoreError(NO_DATABASE, path=str(path))
    if (holder := _served(path)) is not None and "-" not in documents:
        _log(
            Message(
                "checking through %(server)s, which keeps the findings", server=holder.describe()
            )
        )
        result = remote.claims(holder, documents)
        _write_json(result, output)
    else:
        result = write_claims(_open(path), documents, output, _log)
    statuses = [claim["status"] for claim in result["claims"]]
    asked = statuses.count(NOT_A_CLAIM)
    _log(
        f"{len(statuses) - asked} claim(s): "
        + ", ".join(f"{statuses.count(s)} {s}" for s in STATUSES if s != NOT_A_CLAIM)
        + f"; {asked} demand(s) or hedge(s), not a claim"
        + f"; {len(result['presence']['disagreements'])} disagreement(s) on ICE's presence in Canada"
    )
    if output != "-":
        print(output)


@app.command()
def serve(
    db_path: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
) -> None:
    """Serve the screening API, yente-compatible /match, the OpenRefine reconciliation service
    and the web UI over a store built by `iceout run` (one process: DuckDB lets one writer in)."""
    from iceout.api.server import serve as serve_api  # fastapi and uvicorn load only to serve

    settings = load_settings()  # validated before anything starts
    serve_api(
        _db_path(db_path),
        host,
        port,
        _log,
        cors_origins=settings.cors_origins,
        trusted_hosts=settings.trusted_hosts,
        max_connections=settings.max_connections,
        keep_alive=settings.keep_alive,
        header_timeout=settings.header_timeout,
        memory_limit=settings.duckdb_memory_limit,
        temp_directory=settings.duckdb_temp_directory,
    )


keys_app = typer.Typer(no_args_is_help=True, help="API keys for the write endpoints of `serve`.")
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(
    role: Annotated[str, typer.Option(help="reviewer (decide on matches) or admin (also keys)")],
    name: Annotated[
        str | None,
        typer.Option(help="Who holds it; recorded with every decision (default: the role)"),
    ] = None,
    db_path: DbOption = None,
) -> None:
    """Create an API key and print it, once, to stdout; the store keeps only its digest."""
    from iceout.api.keys import create_key  # the API's own table; see iceout/api/keys.py

    path = _db_path(db_path)
    if (holder := _served(path)) is not None:
        made = remote.create_key(holder, role, name or role)
        _log(
            Message(
                "created %(role)s key %(key)s for %(name)s through %(server)s; it is shown only "
                "now, store it",
                role=made["role"],
                key=made["key_id"],
                name=made["name"],
                server=holder.describe(),
            )
        )
        print(made["key"])
        return
    key, secret = create_key(_open(path), role, name or role)
    _log(
        Message(
            "created %(role)s key %(key)s for %(name)s; it is shown only now, store it",
            role=key.role,
            key=key.key_id,
            name=key.name,
        )
    )
    print(secret)


@keys_app.command("list")
def keys_list(db_path: DbOption = None) -> None:
    """List API keys: id, role, holder, created, revoked (never the keys themselves)."""
    from iceout.api.keys import ApiKey, list_keys

    path = _db_path(db_path)
    if (holder := _served(path)) is not None:
        keys = [
            ApiKey(
                k["key_id"],
                k["role"],
                k["name"],
                datetime.fromisoformat(k["created_at"]),
                datetime.fromisoformat(k["revoked_at"]) if k["revoked_at"] else None,
            )
            for k in remote.list_keys(holder)
        ]
    else:
        keys = list_keys(_open(path))
    for key in keys:
        print(
            f"{key.key_id}\t{key.role}\t{key.name}\t{key.created_at:%Y-%m-%d %H:%M}\t"
            f"{f'revoked {key.revoked_at:%Y-%m-%d %H:%M}' if key.revoked_at else 'active'}"
        )


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id, from `iceout keys list`")],
    db_path: DbOption = None,
) -> None:
    """Revoke an API key: it stops working at once; decisions made with it stay recorded."""
    from iceout.api.keys import revoke_key

    path = _db_path(db_path)
    if (holder := _served(path)) is not None:
        done = remote.revoke_key(holder, key_id)
        _log(
            Message(
                "revoked %(role)s key %(key)s of %(name)s through the server",
                role=done["role"],
                key=done["key_id"],
                name=done["name"],
            )
        )
        return
    key = revoke_key(_open(path), key_id)
    _log(
        Message(
            "revoked %(role)s key %(key)s of %(name)s", role=key.role, key=key.key_id, name=key.name
        )
    )


def main() -> None:
    try:
        app()
    except IceoutError as exc:
        lang = _language()
        _log(i18n.translate(lang, N_("error: %(message)s")) % {"message": exc.in_language(lang)})
        sys.exit(2)
    except duckdb.OutOfMemoryException as exc:
        # a memory cap too small for the work: the store keeps its previous state
        limit = load_settings().duckdb_memory_limit
        _log(
            f"error: DuckDB ran out of memory ({exc.args[0].splitlines()[0] if exc.args else exc}). "
            "Nothing this command was writing was stored. "
            + (
                f"Raise ICEOUT_DUCKDB_MEMORY_LIMIT (now {limit}) and run it again."
                if limit
                else "Set ICEOUT_DUCKDB_MEMORY_LIMIT below the free memory and "
                "ICEOUT_DUCKDB_TEMP_DIRECTORY to a disk with room, and run it again."
            )
        )
        sys.exit(2)
    except (OSError, duckdb.Error) as exc:
        if not _out_of_room(exc):
            raise
        _log(
            f"error: no room left to write ({_out_of_room(exc)}). Nothing this command was "
            "writing was stored: the store keeps its previous state. Free some disk space "
            "and run it again."
        )
        sys.exit(2)


# a full disk, a full quota, or a file-size limit (ulimit -f)
_NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _out_of_room(exc: BaseException) -> str | None:
    """What a write that found no room said (DuckDB words it in its own message), or None."""
    if isinstance(exc, OSError):
        if exc.errno not in _NO_ROOM:
            return None
        return f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc.strerror)
    text = str(exc)
    found = [os.strerror(code) for code in _NO_ROOM if os.strerror(code) in text]
    return text.removeprefix("FATAL Error: ")[:300] if found else None


def _language() -> str:
    """The language of error messages: `iceout --lang`, else ICEOUT_LANG; English when it is
    unset or invalid."""
    try:
        return _lang()
    except IceoutError:
        return i18n.DEFAULT
