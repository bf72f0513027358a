"""Server-rendered pages: Jinja2 templates from iceout/api/templates, which may import the
report's macros (money chart, record tables) and use its filters."""

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from iceout.report import html as report
from iceout.report.records import public_url

# Pages load scripts and styles only from this service; inline styles come from the
# report's stylesheet, included as it is.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)


@cache
def environment() -> Environment:
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
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(money=report.money, score=report.score, public_url=public_url)
    return env


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
    page = environment().get_template(template).render(request=request, **context)
    csp = CSP.format(ancestors=frame_ancestors)
    return HTMLResponse(page, status_code=status, headers={"Content-Security-Policy": csp})
