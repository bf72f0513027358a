"""Both official languages: the message catalogues, the language of a request, and French
numbers and dates (Babel's fr_CA conventions).

Templates say `{{ _("...") }}` (jinja2.ext.i18n, newstyle gettext: `_("%(n)s awards", n=3)`
formats and escapes its variables); Python marks words the templates translate later with
`N_("...")`. The French catalogue is the .po file in locales/fr/LC_MESSAGES, read and compiled
in memory on first use: no build step and no binary file in the repository, so a fresh clone
with `pip install -e .` is complete. `python -m iceout.i18n` extracts the messages and checks
that every one has a French translation.
"""

from datetime import date, datetime
from functools import cache
from gettext import NullTranslations
from importlib.resources import files
from io import BytesIO
from typing import TYPE_CHECKING

from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import Translations

# Only the templates' environment is a jinja2 object: a command that renders none (`iceout
# screen`) does not import it.
if TYPE_CHECKING:
    from jinja2 import Environment

LANGUAGES = ("en", "fr")
DEFAULT = "en"
LOCALES = {"en": "en_CA", "fr": "fr_CA"}
NAMES = {"en": "English", "fr": "Français"}
CURRENCIES = {"US$": "USD", "C$": "CAD"}
DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a message for extraction; the template that shows it translates it."""
    return message


def catalogue_path(lang: str) -> str:
    return str(files("iceout.i18n") / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po")


@cache
def translations(lang: str) -> NullTranslations:
    """The language's catalogue as gettext translations (English: the messages as written).
    Fuzzy or empty entries fall back to English, as gettext does."""
    if lang == DEFAULT:
        return NullTranslations()
    with open(catalogue_path(lang), "rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def translate(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def choose(*candidates: str | None) -> str:
    """The first supported language among the candidates (a query parameter, a cookie, an
    Accept-Language header, in that order); English otherwise."""
    for candidate in candidates:
        for part in (candidate or "").split(","):
            tag = part.split(";")[0].strip().lower()[:2]
            if tag in LANGUAGES:
                return tag
    return DEFAULT


def money(value: float | None, currency: str, lang: str = DEFAULT, cents: bool = False) -> str:
    """'US$1,234,567' in English; '1 234 567 $ US' and '1 234 567,89 $' in French.
    Negatives keep their sign; None is an em dash."""
    if value is None:
        return "—"
    if lang == DEFAULT:
        sign = "-" if value < 0 else ""
        return f"{sign}{currency}{abs(value):,.{2 if cents else 0}f}"
    pattern = "#,##0.00\xa0¤" if cents else "#,##0\xa0¤"
    code = CURRENCIES.get(currency, currency)
    return format_currency(
        value, code, pattern, locale=LOCALES[lang], currency_digits=False, group_separator=True
    )


def number(value: int | float | None, lang: str = DEFAULT) -> str:
    """A count with the language's digit grouping: 12,345 or 12 345."""
    if value is None:
        return "—"
    if lang == DEFAULT:
        return f"{value:,}"
    return format_decimal(value, locale=LOCALES[lang])


def score(value: float | None, lang: str = DEFAULT) -> str:
    """A match score with two decimals: 0.93 or 0,93."""
    return "—" if value is None else format_decimal(value, "0.00", locale=LOCALES[lang])


def decimal(value: float, pattern: str, lang: str = DEFAULT) -> str:
    return format_decimal(value, pattern, locale=LOCALES[lang])


def long_date(value: str | date | None, lang: str = DEFAULT) -> str:
    """An ISO date or UTC timestamp in words: 'March 1, 2024' / '1 mars 2024', with the
    time when there is one. Anything else is shown as it is."""
    if not value:
        return "—"
    text = str(value)
    try:
        if len(text) > 10:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            day = format_date(moment, "long", locale=LOCALES[lang])
            hour = format_time(moment, "short", locale=LOCALES[lang])
            return f"{day}, {hour} UTC"
        return format_date(date.fromisoformat(text), "long", locale=LOCALES[lang])
    except ValueError:
        return text


def install(env: "Environment", lang: str) -> "Environment":
    """Give a Jinja2 environment the language: `_`/`gettext`/`ngettext` (newstyle), the
    `lang` global, and the filters money, number, score, long_date and translate (a word
    marked with N_ in the code) in that language."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    # French puts a (non-breaking) space before a colon: `{{ colon }}` between two pieces.
    colon = ":" if lang == DEFAULT else "\xa0:"
    env.globals.update(lang=lang, languages=NAMES, colon=colon)
    env.filters.update(
        money=lambda value, currency, cents=False: money(value, currency, lang, cents),
        number=lambda value: number(value, lang),
        score=lambda value: score(value, lang),
        long_date=lambda value: long_date(value, lang),
        translate=lambda message: translate(lang, message) if message else message,
    )
    return env
