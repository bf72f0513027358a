"""One verdict per assertion: a demand or a hedge is reported as `not a claim` with the words
that made it so and is not checked; a claim about ICE/DHS is checked against the U.S. awards
(check.py), a claim about Canadian public money against the Canadian records (canadian.py).

Demands and hedges are reported rather than dropped: a reader of a letter sees that 'Ban
GardaWorld from contracting with ICE' was read, and why it carries no status a record could
give it."""

from typing import Any

import duckdb

from iceout.claims.assertions import Assertion
from iceout.claims.bodies import CanadianBodies
from iceout.claims.canadian import CanadianChecker
from iceout.claims.check import Checker
from iceout.claims.qualifiers import Qualifier
from iceout.claims.subjects import Subjects

NOT_A_CLAIM = "not a claim"
STATUSES = ("supported", "unverified", "contradicted", NOT_A_CLAIM)


def check_assertions(
    con: duckdb.DuckDBPyConnection, assertions: list[Assertion], bodies: CanadianBodies
) -> list[dict[str, Any]]:
    subjects = Subjects(con, assertions)
    claims = [a for a in assertions if a.qualifier is None]
    us = Checker(con, [a for a in claims if not a.is_canadian], subjects)
    canadian = CanadianChecker(con, [a for a in claims if a.is_canadian], subjects, bodies)
    return [
        _not_a_claim(a, a.qualifier, subjects)
        if a.qualifier
        else (canadian.check(a) if a.is_canadian else us.check(a))
        for a in assertions
    ]


def _not_a_claim(assertion: Assertion, qualifier: Qualifier, subjects: Subjects) -> dict[str, Any]:
    claim = subjects.claim(assertion, NOT_A_CLAIM, [], "")
    # what made it no claim comes first: it is what a reader needs to know
    claim["explanation"] = f"{qualifier.describe()}: the records were not searched; " + str(
        claim["explanation"]
    )
    return claim
