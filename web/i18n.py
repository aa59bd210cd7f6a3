"""Welsh and English for the pages a child or family is given (issue 22, point 3; ADR 0144).

The words are in a standard gettext catalogue, `web/locale/cy/LC_MESSAGES/messages.po`,
extracted from the templates and marked Python by Babel (`babel.cfg`; `make messages`). The
catalogue is compiled in memory when the pages start, so the `.po` a translator edits is the
only copy: no compiled `.mo` to forget or to let go stale.

Which language a family page is in, first that applies:
1. the language asked for on the page (`?lang=cy`, the header's switch), which the page also
   remembers for this user's browser (a cookie);
2. the language recorded on the child's pathway (the `language_preference` step);
3. the language this user last asked for (the cookie);
4. English.
"""

from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from contracts.language import Language

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "messages"
COOKIE = "pathway_language"
QUERY = "lang"
# A year: the choice outlives a sign-out, as GOV.UK's language switch does.
COOKIE_SECONDS = 365 * 24 * 3600
# The `lang` attribute of each language's pages (WCAG 2.2, 3.1.1 Language of Page).
HTML_LANG: dict[Language, str] = {Language.ENGLISH: "en-GB", Language.WELSH: "cy"}
# Each language named in itself: the switch offers the other one (GOV.UK's pattern).
NAMES: dict[Language, str] = {Language.ENGLISH: "English", Language.WELSH: "Cymraeg"}


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for a no-op marker)
    """Mark words that reach a family page from data for extraction; translate them later."""
    return message


def catalogue_path(language: Language) -> Path:
    """Where a language's catalogue lives."""
    return LOCALE / language.value / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue(language: Language) -> Catalog:
    """A language's catalogue, read from its `.po` file."""
    with catalogue_path(language).open("rb") as po:
        return read_po(po, locale=language.value, domain=DOMAIN)


@cache
def translations(language: Language) -> NullTranslations:
    """A language's translations (English is the templates' own words)."""
    if language == Language.ENGLISH:
        return NullTranslations()
    compiled = BytesIO()
    # Fuzzy entries are a translator's guess awaiting review: never shown to a family.
    write_mo(compiled, catalogue(language), use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def long_date_in(language: Language) -> Callable[[date | None], str]:
    """A filter writing a date as GOV.UK does, in the language: 7 April 2026, 7 Ebrill 2026."""
    locale = "en_GB" if language == Language.ENGLISH else language.value

    def long_date(value: date | None) -> str:
        if value is None:
            return ""
        return format_date(value, "d MMMM y", locale=locale)  # CLDR's month names

    return long_date


def asked(query: Mapping[str, str]) -> Language | None:
    """The language asked for on this page, if any (anything else is ignored)."""
    return _language(query.get(QUERY))


def remembered(cookies: Mapping[str, str]) -> Language | None:
    """The language this user's browser last asked for, if any."""
    return _language(cookies.get(COOKIE))


def family_language(
    query: Mapping[str, str], cookies: Mapping[str, str], recorded: Language | None
) -> Language:
    """The language of a family page, as the module's docstring orders them."""
    return asked(query) or recorded or remembered(cookies) or Language.ENGLISH


def _language(value: str | None) -> Language | None:
    try:
        return Language(value) if value else None
    except ValueError:
        return None
