"""The Canadian side of `iceout fetch` as the services publish today, against the stand-in:

- the Public Accounts "Professional and special services" table (open.canada.ca dataset
  ac597ff8-ee13-48c3-b315-42e528090af2), one CSV resource a fiscal year listed by CKAN
  `package_show` (CKAN's action API, ckan/ckan doc/api.rst: `{"success", "result"}` with
  `result.resources[]` of `id`, `format`, `url`, `datastore_active`), each streamed, asked for
  conditionally and recorded with its provenance. What is known of the dataset: its CSVs are
  hosted by PSPC one a fiscal year (idsps-dipss-<year>.csv) in columns FSCL_YR, MINC, MINE,
  ROBJ_CD, ROBJ_EN_NM, PRJCT_EN_DESC, AGRG_PYMT_AMT (read by public analyses of it, e.g.
  lchski/public-accounts-analysis load.R); the stand-in's files follow that;
- the SEMA list in the element names of 2026-08-24; a list renamed again fails the sanctions
  source with the unknown names and leaves what is stored as it was.
"""

import csv
from pathlib import Path
from typing import Any

from sema_lists import real_2026, write_list

PSS = "public_accounts_pss ac597ff8-ee13-48c3-b315-42e528090af2/"


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_each_public_accounts_csv_is_fetched_with_its_provenance(
    server: Any, iceout: Any, query: Any, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    done = iceout("fetch", "--db", str(db), "--source", "open_canada")
    assert done.returncode == 0, done.stderr
    fetched = query(
        db,
        "SELECT url, rows, expected_rows, etag IS NOT NULL, size_bytes, sha256, path "
        "FROM src_fetched_files WHERE request LIKE ? ORDER BY url",
        PSS + "%",
    )
    served = sorted(server.services.pss_files.items())
    assert [row[0] for row in fetched] == [server.url + path for path, _ in served]
    for (_, rows, expected, has_etag, size, _sha, cached), (_, source) in zip(
        fetched, served, strict=True
    ):
        assert rows == _rows(source) > 8_000 and expected is None and has_etag
        assert size == source.stat().st_size and Path(cached).read_bytes() == source.read_bytes()

    server.services.log.clear()
    again = iceout("fetch", "--db", str(db), "--source", "open_canada")
    assert again.returncode == 0, again.stderr
    asked = [r for r in server.services.log if r["path"] in server.services.pss_files]
    assert len(asked) == 3 and all(r["status"] == 304 for r in asked)


def test_a_list_renamed_again_fails_the_sanctions_source_and_leaves_it_as_it_was(
    server: Any, iceout: Any, query: Any, totals: Any, shared_data: Path, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    assert iceout("fetch", "--db", str(db), "--source", "sema").returncode == 0
    before = totals(db)
    text = write_list(real_2026(shared_data), "2026", tmp_path / "sema.xml").read_text()
    renamed = tmp_path / "sema-renamed.xml"
    renamed.write_text(text.replace("Country-Pays>", "Regime-RegimeDeSanctions>"), encoding="utf-8")
    server.services.serve_sema(renamed)
    server.services.log.clear()

    done = iceout("fetch", "--db", str(db), "--source", "sema")

    assert done.returncode == 2
    assert "error: not fetched: sema:" in done.stderr
    assert "elements iceout does not know: Regime-RegimeDeSanctions (5,690 times" in done.stderr
    assert "Traceback" not in done.stderr
    assert totals(db) == before
    # one download: a refused list is whole, not retried as if it were cut
    assert len([r for r in server.services.requests("/sema/") if r["status"] == 200]) == 1
