"""The pages a child or family is given, in English or Welsh (issue 22, point 3; ADR 0144).

A family page is rendered with `render_family`, which picks its language (`web.i18n`) and puts
the language switch in its header. Its template is listed in `FAMILY_TEMPLATES` and in
`babel.cfg`; `tests/web/test_welsh_catalogue.py` then fails until every string in it has a
Welsh translation. The diversion plan in the child's own words, when it gets a page for the
family, joins them here.
"""

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from access import User
from contracts.language import Language
from core.settings import Settings
from web import i18n
from web.templating import render

# Templates a family is given, and those they include.
FAMILY_TEMPLATES: tuple[str, ...] = ("base.html", "summary.html", "restorative_summary.html")

# The switch's words for people using a screen reader, in the language it switches to (as
# GOV.UK's and HMRC's switch say them).
SWITCH_HIDDEN: dict[Language, str] = {
    Language.ENGLISH: "Change the language to English",
    Language.WELSH: "Newid yr iaith i’r Gymraeg",
}


def render_family(
    request: Request,
    template: str,
    *,
    user: User,
    recorded: Language | None,
    **context: Any,
) -> HTMLResponse:
    """Render a family page in its language, with a switch to the other; remember one asked for.

    `recorded` is the language on the child's pathway, if the family was asked.
    """
    language = i18n.family_language(request.query_params, request.cookies, recorded)
    other = Language.WELSH if language == Language.ENGLISH else Language.ENGLISH
    switch = {
        "href": f"{request.url.path}?{i18n.QUERY}={other.value}",
        "lang": other.value,
        "name": i18n.NAMES[other],
        "hidden": SWITCH_HIDDEN[other],
        "current": i18n.NAMES[language],
    }
    response = render(
        request,
        template,
        user=user,
        language=language,
        language_switch=switch,
        **context,
    )
    asked = i18n.asked(request.query_params)
    if asked is not None:
        settings: Settings = request.app.state.settings
        response.set_cookie(
            i18n.COOKIE,
            asked.value,
            max_age=i18n.COOKIE_SECONDS,
            httponly=True,
            samesite="lax",
            secure=settings.environment == "production",
            path="/",
        )
    return response
