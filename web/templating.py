"""Rendering pages: Jinja with the GOV.UK Frontend macros, autoescaping, and the page's headers.

Every page gets a fresh nonce (for the one inline script GOV.UK's template needs), the
browser's CSRF token for its forms, and a Content-Security-Policy naming that nonce.
"""

import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
)
from starlette.requests import Request
from starlette.responses import HTMLResponse

from api.auth import User
from contracts.formulation import DEFAULT_AGENCIES, agency_label
from contracts.language import Language
from contracts.offences import OFFENCE_GROUP_LABELS
from contracts.reflections import stage_of
from core.settings import Settings
from web import i18n, labels
from web.casepage import timeline_details
from web.custody_forms import RELEASED
from web.facts_form import FACT_FIELDS
from web.restorative_forms import ELEMENTS as CONTRACT_ELEMENTS
from web.security import content_security_policy, csrf_token, set_csrf_cookie

TEMPLATES = Path(__file__).parent / "templates"


def _environment(language: Language) -> Environment:
    """The pages' Jinja environment, speaking `language` (`web.i18n`, ADR 0144)."""
    # ChainableUndefined: GOV.UK's template.html reads attributes of parameters it was not given.
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(TEMPLATES),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=True,
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Whitespace inside `{% trans %}` is folded, as `babel.cfg` extracts it.
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        step=labels.step_name,
        words=labels.words,
        long_date=labels.long_date if language == Language.ENGLISH else i18n.long_date_in(language),
        short_date=labels.short_date,
        sentence=labels.sentence,
        timeline_details=timeline_details,
        percent=labels.percent,
        decimal=labels.decimal,
        # Words from data (`web.family_words`, `FAMILY_WORDS`) in the page's language.
        translated=i18n.translations(language).gettext,
    )
    # Every table of `web.labels` (STEPS, PROGRAMMES, TASK_TAGS...) under its own name.
    env.globals.update(
        {name: table for name, table in vars(labels).items() if name.isupper()},
        OFFENCE_GROUPS=OFFENCE_GROUP_LABELS,
        RELEASED=RELEASED,
        stage_of=stage_of,
        CONTRACT_ELEMENTS=CONTRACT_ELEMENTS,
        FACTS={f.name.removeprefix("facts."): f.label for f in FACT_FIELDS},
        # With the service's agencies (`Settings.formulation_agencies`, read from the request);
        # the task lists' macros, which have no request, name them from the default list.
        agency_label=agency_label,
        DEFAULT_AGENCIES=DEFAULT_AGENCIES,
    )
    return env


ENVIRONMENTS = {language: _environment(language) for language in Language}
ENV = ENVIRONMENTS[Language.ENGLISH]


def render(
    request: Request,
    template: str,
    *,
    user: User | None = None,
    status: int = 200,
    style_hashes: Sequence[str] = (),
    language: Language = Language.ENGLISH,
    **context: Any,
) -> HTMLResponse:
    """Render a page with the user, CSRF token and nonce; set its security headers.

    `style_hashes` allow exactly those inline style attributes (the charts carry one).
    `language` is the page's: only the family's pages are written in Welsh too (`web.i18n`).
    """
    settings: Settings = request.app.state.settings
    nonce = secrets.token_urlsafe(16)
    token, new_cookie = csrf_token(request)
    page = ENVIRONMENTS[language].get_template(template)
    html = page.render(
        request=request,
        html_lang=i18n.HTML_LANG[language],
        user=user,
        csrf_token=token,
        cspNonce=nonce,
        development=settings.environment == "development",
        **context,
    )
    response = HTMLResponse(
        html,
        status_code=status,
        headers={
            "Content-Security-Policy": content_security_policy(nonce, style_hashes),
            "Cache-Control": "no-store",
        },
    )
    if new_cookie is not None:
        set_csrf_cookie(response, settings, new_cookie)
    return response
