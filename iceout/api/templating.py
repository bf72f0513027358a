"""Server-rendered pages: Jinja2 templates from iceout/api/templates, which may import the
report's macros (money chart, record tables) and use its filters. Each page is in the
language of its request (iceout/i18n): `?lang=fr|en` chooses it and a cookie keeps it,
otherwise the browser's Accept-Language, otherwise English."""

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from iceout import i18n
from iceout.api.errors import LANG_COOKIE, language
from iceout.report import html as report
from iceout.report.coverage import statement
from iceout.report.records import public_url

# Pages load scripts and styles only from this service; inline styles come from the
# report's stylesheet, included as it is.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)


@cache
def environment(lang: str = i18n.DEFAULT) -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [PackageLoader("iceout", "api/templates"), PackageLoader("iceout", "report/templates")]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters.update(public_url=public_url)
    env.filters.update(kind_label=report.kind_label, headline=report.headline_text)
    env.filters["searched"] = lambda coverage: statement(coverage.canada, lang, marked=True)
    env.filters["stored"] = lambda value: report.stored_text(value, lang)
    env.filters["family_reason"] = lambda family: report.family_why(family, lang)
    return i18n.install(env, lang)


def render(
    request: Request,
    template: str,
    status: int = 200,
    *,
    frame_ancestors: str = "'self'",
    **context: Any,
) -> HTMLResponse:
    """The page; only pages of this service may frame it unless `frame_ancestors` (a CSP
    source list) says otherwise."""
    lang = language(request)
    page = environment(lang).get_template(template).render(request=request, **context)
    csp = CSP.format(ancestors=frame_ancestors)
    headers = {
        "Content-Security-Policy": csp,
        "Content-Language": lang,
        "Vary": "Cookie, Accept-Language",
    }
    response = HTMLResponse(page, status_code=status, headers=headers)
    if request.query_params.get("lang") in i18n.LANGUAGES:
        # A year, path /: the choice follows the reader to every page of the service.
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response
