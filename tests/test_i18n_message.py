"""A Message (iceout/i18n/message.py) is kept as its id and typed arguments and shown last, in
the reader's language: counts, amounts and dates the language's way, plurals by count,
nested messages and lists in the same language; `str()` is English (what the log keeps).
The messages are the party screening's own, from the French catalogue."""

from datetime import date

from iceout.i18n.message import SEMICOLON, Message, Money, Names, Plural, joined, reread
from iceout.normalize.tables import COUNT_BASES
from iceout.report.exposure import US_NOTES
from iceout.resolve.us_families import VIAS
from iceout.screen.dhs_offices import recognise

NBSP = "\u00a0"

LINKED = (
    "is linked to %(family)s, a contractor family with %(count)s award of %(components)s in "
    "scope %(scope)s (%(amount)s): %(why)s",
    "is linked to %(family)s, a contractor family with %(count)s awards of %(components)s in "
    "scope %(scope)s (%(amount)s): %(why)s",
)


def _linked(count: int) -> Message:
    return Plural(
        *LINKED,
        count,
        family="THE GEO GROUP INC",
        components=joined(["CBP", "ICE"]),
        scope="dhs",
        amount=Money(4785769274.0, "US$"),
        why="identical name",
    )


def test_amounts_counts_and_plurals_follow_the_language() -> None:
    many = _linked(1450)
    assert str(many) == (
        "is linked to THE GEO GROUP INC, a contractor family with 1,450 awards of CBP, ICE "
        "in scope dhs (US$4,785,769,274): identical name"
    )
    assert many.render("fr") == (
        f"est lié à THE GEO GROUP INC, un groupe d'entrepreneurs titulaire de 1{NBSP}450 "
        f"marchés de CBP, ICE dans la portée dhs (4{NBSP}785{NBSP}769{NBSP}274{NBSP}${NBSP}US)"
        f"{NBSP}: identical name"
    )
    assert "titulaire de 1 marché de" in _linked(1).render("fr")
    assert "with 1 award of" in str(_linked(1))


def test_nested_messages_names_and_lists_render_in_one_language() -> None:
    body = recognise("ICE ERO Phoenix")
    assert body is not None
    reason = Message(
        "a DHS body: %(body)s (%(found)s) (words: %(words)s)",
        body=body.describe(),
        found=Message("by its name"),
        words=joined(["'ice'", "'ero'"]),
    )
    assert str(reason) == (
        "a DHS body: U.S. Immigration and Customs Enforcement (ICE), Enforcement and Removal "
        "Operations, Phoenix field office (by its name) (words: 'ice', 'ero')"
    )
    assert reason.render("fr") == (
        f"un organisme du DHS{NBSP}: Service de l'immigration et des douanes des États-Unis "
        "(ICE), Opérations d'application de la loi et de renvoi, bureau local de Phoenix "
        f"(d'après son nom) (mots{NBSP}: 'ice', 'ero')"
    )
    assert (
        body.office == "Phoenix field office" and body.office_in("fr") == "bureau local de Phoenix"
    )
    assert joined(["a", "b"], SEMICOLON).items == ("a", "b")
    assert (
        Message("%(what)s: %(answer)s", what="x", answer=joined(["a", "b"], SEMICOLON)).render("fr")
        == f"x{NBSP}: a{NBSP}; b"
    )
    assert (
        Names("U.S. Coast Guard", "Garde côtière des États-Unis").render("fr").startswith("Garde")
    )


def test_a_date_argument_is_written_in_words() -> None:
    day = Message("%(what)s: %(answer)s", what="start", answer=date(2024, 3, 1))
    assert str(day) == "start: March 1, 2024"
    assert day.render("fr") == f"start{NBSP}: 1 mars 2024"


def test_a_message_unknown_to_the_catalogue_is_shown_in_english() -> None:
    assert Message("no such message %(n)s", n=3).render("fr") == "no such message 3"


def test_what_a_stage_stored_in_english_is_read_back_and_shown_in_french() -> None:
    via = "USAspending names parent 'THE GEO GROUP, INC.', listed in the curated family GEO Group"
    assert reread(via, VIAS).render("fr") == (
        "USAspending nomme la société mère « THE GEO GROUP, INC. », qui figure dans la famille "
        "vérifiée GEO Group"
    )
    basis = (
        "contract CP11862 is reported in 2 rows (amendments, later quarters or the same row "
        "republished); counted once, at its latest reported value (2008-10-08)"
    )
    assert (
        reread(basis, COUNT_BASES)
        .render("fr")
        .startswith("le contrat CP11862 figure dans 2 lignes")
    )
    assert reread(basis, COUNT_BASES).render("fr").endswith("valeur déclarée (2008-10-08)")
    # text no template of ours made (data, or an older wording) is shown as it is
    assert reread("as published by the department", VIAS) == "as published by the department"
    # an amount stored the English way is shown the reader's way; a reference is not a number
    note = "award on record, no obligations in the data (net US$-1,234.50)"
    said = reread(note, US_NOTES).render("fr").replace("\u202f", " ").replace(NBSP, " ")
    assert said == "contrat au dossier, sans engagements dans les données (net -1 234 $ US)"
    assert "contract 700315160 is" in str(
        reread(basis.replace("CP11862", "700315160"), COUNT_BASES)
    )
