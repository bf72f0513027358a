"""One name written in another order, spacing or spelling (iceout/resolve/compare/spacing.py,
negative.py `reordered`, typos.py), on spellings from ../shared/data: a GoC-Spending vendor's
raw spellings and DUNS-keyed US name variants, and the look-alikes that must stay apart."""

import pytest

from iceout.domain import Decision
from iceout.resolve.compare.spacing import respace
from iceout.resolve.profile import profile
from iceout.resolve.scoring import Comparator


@pytest.fixture(scope="module")
def comparator() -> Comparator:
    return Comparator.bundled()


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("County of Sacramento", "SACRAMENTO, COUNTY OF"),  # turned at a comma
        ("2 KEYS CORPORATION", "2Keys Corporation"),  # a small number in front is the name
        ("MillbrookTactical Inc", "Milllbrook Tactical Inc"),  # joined and misspelt
        ("OPENFRAME TECHNOLIGIES INC.", "Open Frame Technologies"),
        ("Intergragh Canada Ltd", "Intergraph Cnaada Ltd."),  # a misspelt qualifier too
    ],
)
def test_one_name_in_another_order_spacing_or_spelling_matches(comparator, name, other) -> None:
    assert comparator.compare(name, other).decision is Decision.MATCH
    assert comparator.compare(other, name).decision is Decision.MATCH


@pytest.mark.parametrize(
    ("name", "other"),
    [
        # the same common words in another order may be another company
        ("Security Services General Co", "GENERAL SECURITY SERVICES CORPORATION"),
        # 'technologies' / 'technology' does not make the rest of the names agree
        ("ADVANCED CHIPPEWA TECHNOLOGIES INC.", "ADVANCED TECHNOLOGY GROUP, INC."),
        ("UNIVERSITY OF FLORIDA", "FLORIDA INTERNATIONAL UNIVERSITY"),
    ],
)
def test_look_alikes_stay_apart(comparator, name, other) -> None:
    assert comparator.compare(name, other).decision is not Decision.MATCH


def test_a_word_the_other_name_has_is_not_cut_in_pieces() -> None:
    name, other = respace(
        profile("CONSEILLERS EN INFORMATIQUES"),
        profile("Conseillers en gestion et informatique CGI inc."),
    )
    assert name.words == ("conseillers", "en", "informatiques")
    assert "cgi" in other.words


def test_a_joined_word_is_cut_where_the_other_name_cuts_it() -> None:
    name, _ = respace(profile("MillbrookTactical Inc"), profile("Milllbrook Tactical Inc"))
    assert name.words == ("millbrook", "tactical")
