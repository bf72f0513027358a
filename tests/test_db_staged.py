"""db.insert_rows / db.staged: records reach DuckDB as Arrow tables typed like the table, and a
value of another type is stored as DuckDB's JSON reader stored it before (text cast by DuckDB)."""

from datetime import date, datetime

from iceout import db


def test_records_are_stored_typed_like_the_table(tmp_path):
    con = db.connect(tmp_path / "store.duckdb")
    con.execute(
        "CREATE TABLE t (name VARCHAR, amount DOUBLE, day DATE, seen TIMESTAMP, n INTEGER, "
        "tags VARCHAR[], doc JSON)"
    )
    db.insert_rows(
        con,
        "t",
        [
            {
                "name": "Société Générale",
                "amount": 256903154.3,
                "day": date(2021, 2, 17),
                "seen": datetime(2026, 1, 2, 3, 4, 5, 678901),
                "n": 7,
                "tags": ["a", "b"],
                "doc": {"kind": "contract", "value": 1.0},
            },
            # a key missing is NULL; an int where text is expected, a date written as text
            {"name": 123, "day": "2008-03-26", "n": "42", "doc": "plain"},
        ],
    )
    rows = con.execute("SELECT * FROM t ORDER BY n").fetchall()
    assert rows[0] == (
        "Société Générale",
        256903154.3,
        date(2021, 2, 17),
        datetime(2026, 1, 2, 3, 4, 5, 678901),
        7,
        ["a", "b"],
        '{"kind":"contract","value":1.0}',
    )
    assert rows[1] == ("123", None, date(2008, 3, 26), None, 42, None, '"plain"')
