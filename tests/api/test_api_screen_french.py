"""Screening over HTTP in French: the language of the request (`lang=fr`, the language
cookie, or Accept-Language) is the language of every explanation, with none of the
catalogue's English left inside the sentences; English stays the default."""

import csv
import io

import httpx

from iceout.i18n.catalogue import english_left

NAMES = [
    "Garda World Security Corporation",
    "HSI Ottawa",
    "GEO Group",
    "Palantir Technologies Canada",
    "MANAGEMENT SOLUTIONS INC",
    "JSI Telecom",
]


def _all_french(explanations: list[str | None]) -> None:
    said = [e for e in explanations if e]
    assert len(said) >= 4
    for explanation in said:
        assert english_left(explanation) == [], explanation


def test_one_name_in_french_by_query_or_header(api: httpx.Client) -> None:
    by_query = api.get(
        "/api/screen", params={"name": "Garda World Security Corporation", "lang": "fr"}
    )
    by_header = api.get(
        "/api/screen",
        params={"name": "Garda World Security Corporation"},
        headers={"Accept-Language": "fr-CA,fr;q=0.9"},
    )
    for answer in (by_query.json(), by_header.json()):
        assert answer["decision"] == "match"
        assert (
            "GardaWorld" in answer["explanation"] and "dans le périmètre" in answer["explanation"]
        )
        assert english_left(answer["explanation"]) == []
    english = api.get("/api/screen", params={"name": "Garda World Security Corporation"}).json()
    assert "in scope" in english["explanation"]


def test_a_batch_and_an_upload_in_french(api: httpx.Client) -> None:
    french = {"Accept-Language": "fr"}
    batch = api.post(
        "/api/screen",
        params={"scope": "ice"},
        json={"names": [{"name": n} for n in NAMES]},
        headers=french,
    ).json()
    _all_french([r["explanation"] for r in batch["results"]])
    upload = api.post(
        "/api/screen/csv",
        params={"lang": "fr"},
        files={"file": ("noms.csv", "name\n" + "\n".join(NAMES) + "\n", "text/csv")},
    )
    assert upload.status_code == 200
    rows = list(csv.DictReader(io.StringIO(upload.text)))
    _all_french([r["explanation"] for r in rows])
