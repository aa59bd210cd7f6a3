"""Which language a family page is in (`web.i18n.family_language`), and Welsh dates."""

from datetime import date

import pytest

from contracts.language import Language
from web.i18n import COOKIE, QUERY, family_language, long_date_in

EN, CY = Language.ENGLISH, Language.WELSH


@pytest.mark.parametrize(
    ("case", "asked", "recorded", "remembered", "expected"),
    [
        ("nothing asked, recorded or remembered is English", None, None, None, EN),
        ("a child whose recorded language is Welsh gets Welsh", None, CY, None, CY),
        ("a child whose recorded language is English gets English from a Welsh-speaking user", None, EN, "cy", EN),
        ("the user's last choice applies to a child with none recorded", None, None, "cy", CY),
        ("asking for English on the page beats the child's Welsh", "en", CY, None, EN),
        ("asking for Welsh on the page beats the child's English", "cy", EN, "en", CY),
        ("a language the pages do not have is ignored when asked", "fr", CY, None, CY),
        ("a language the pages do not have is ignored when remembered", None, None, "de", EN),
    ],
    ids=lambda v: v if isinstance(v, str) and " " in v else "",
)
def test_the_language_of_a_family_page(
    case: str, asked: str | None, recorded: Language | None, remembered: str | None, expected: Language
) -> None:
    query = {QUERY: asked} if asked else {}
    cookies = {COOKIE: remembered} if remembered else {}
    assert family_language(query, cookies, recorded) == expected, case


@pytest.mark.parametrize(
    ("day", "welsh"),
    [
        (date(2026, 1, 5), "5 Ionawr 2026"),
        (date(2026, 2, 5), "5 Chwefror 2026"),
        (date(2026, 3, 27), "27 Mawrth 2026"),
        (date(2026, 4, 20), "20 Ebrill 2026"),
        (date(2026, 5, 20), "20 Mai 2026"),
        (date(2026, 6, 1), "1 Mehefin 2026"),
        (date(2026, 7, 1), "1 Gorffennaf 2026"),
        (date(2026, 8, 1), "1 Awst 2026"),
        (date(2026, 9, 27), "27 Medi 2026"),
        (date(2026, 10, 1), "1 Hydref 2026"),
        (date(2026, 11, 1), "1 Tachwedd 2026"),
        (date(2026, 12, 29), "29 Rhagfyr 2026"),
    ],
)
def test_a_date_is_written_with_its_welsh_month(day: date, welsh: str) -> None:
    assert long_date_in(CY)(day) == welsh


def test_no_date_is_written_as_nothing() -> None:
    assert long_date_in(CY)(None) == ""
