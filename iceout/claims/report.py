"""The claims job: read the documents, find what they assert about organisations and ICE/DHS,
about Canadian public money and about ICE's presence in Canada, check the assertions against
the store, write JSON.

Reads nrm_us_awards, nrm_ca_records, res_families, res_family_names, res_award_families and
res_ca_links (with the reviewers' judgements); `write_claims()` also keeps what it found in the
stage's own tables (iceout/claims/tables.py) for the web UI.
"""

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from iceout.claims.assertions import Assertion, find_assertions
from iceout.claims.disagreements import disagreements
from iceout.claims.documents import Document, read_document
from iceout.claims.mentions import Gazetteer
from iceout.claims.presence import Statement, find_presence
from iceout.claims.sentences import split_sentences
from iceout.claims.tables import Checked, digest, save_checked
from iceout.claims.verdicts import check_assertions
from iceout.db import table_exists
from iceout.errors import InputError, StoreError
from iceout.i18n import N_

Progress = Callable[[str], None]
NEEDED_TABLES = (
    "nrm_us_awards",
    "nrm_ca_records",
    "res_families",
    "res_family_names",
    "res_award_families",
    "res_ca_links",
)


def check_documents(
    con: duckdb.DuckDBPyConnection, paths: Sequence[str | Path], progress: Progress
) -> dict[str, Any]:
    """{"claims": [...], "presence": {"statements": [...], "disagreements": [...]}}."""
    return _check(con, paths, progress).result


def _check(
    con: duckdb.DuckDBPyConnection, paths: Sequence[str | Path], progress: Progress
) -> Checked:
    if not paths:
        raise InputError(N_("give at least one document (.txt, .html or .pdf)"))
    documents = [read_document(p) for p in paths]  # every file readable before any work
    _require_store(con)
    gazetteer = Gazetteer.load(con)
    assertions: list[Assertion] = []
    statements: list[Statement] = []
    for document in documents:
        found, said = _read(document, gazetteer)
        assertions += found
        statements += said
        progress(
            f"{document.name}: {document.kind}, {len(found)} claim(s), "
            f"{len(said)} statement(s) about ICE in Canada"
        )
    result = {
        "claims": check_assertions(con, assertions, gazetteer.canadian),
        "presence": {
            "statements": [s.as_dict() for s in statements],
            "disagreements": disagreements(statements),
        },
    }
    digests = [_digest(p, d) for p, d in zip(paths, documents, strict=True)]
    return Checked(documents, digests, assertions, result)


def _digest(path: str | Path, document: Document) -> str:
    """The file's sha256 (as src_files has it); standard input, read once, by its text."""
    if str(path) == "-":
        return digest(document.text.encode("utf-8"))
    return digest(Path(path).read_bytes())


def _read(document: Document, gazetteer: Gazetteer) -> tuple[list[Assertion], list[Statement]]:
    sentences = split_sentences(document.text)
    mentions = [gazetteer.find(s) for s in sentences]
    assertions = [
        a
        for sentence, named in zip(sentences, mentions, strict=True)
        for a in find_assertions(document.name, sentence, named)
    ]
    # ICE's presence is read from the names of ICE and the places: 'Ottawa' the city is never
    # a Canadian body there
    places = [[m for m in named if not m.is_canadian_body] for named in mentions]
    return assertions, find_presence(document.name, sentences, places)


def _require_store(con: duckdb.DuckDBPyConnection) -> None:
    missing = [t for t in NEEDED_TABLES if not table_exists(con, t)]
    if missing:
        raise StoreError(
            N_(
                "the store has no resolved records (%(tables)s missing): build it first with "
                "`iceout run --data DIR --db PATH`"
            ),
            tables=", ".join(missing),
        )


def write_claims(
    con: duckdb.DuckDBPyConnection, paths: Sequence[str | Path], output: str, progress: Progress
) -> dict[str, Any]:
    """Check the documents, keep what was found in the clm_* tables (the documents' earlier
    rows replaced) and write the JSON to `output` ('-' is standard output)."""
    checked = _check(con, paths, progress)
    save_checked(con, checked)
    result = checked.result
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    if output == "-":
        sys.stdout.write(text)
    else:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    return result
