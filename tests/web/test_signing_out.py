"""Signing out in a browser ends the session on the server: the cookie a browser held before
signing out, copied into another browser, opens nothing."""

import re

from playwright.async_api import Browser, Page, expect

from tests.web.conftest import Site, screenshot, sign_in


async def test_a_session_cookie_copied_from_a_browser_before_sign_out_opens_nothing_after(
    site: Site, page: Page, browser: Browser
) -> None:
    await sign_in(page, "casey.worker")
    await expect(page).to_have_url(re.compile(r"/my-work$"))
    (cookie,) = [c for c in await page.context.cookies() if c["name"] == "pathway_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    await page.get_by_role("button", name="Sign out").click()
    await expect(page).to_have_url(re.compile(r"/sign-in\?notice=signed-out$"))
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out.")
    assert not [c for c in await page.context.cookies() if c["name"] == "pathway_session"]

    thief = await browser.new_context(base_url=site.base, locale="en-GB")
    try:
        await thief.add_cookies([{"name": "pathway_session", "value": cookie["value"], "url": site.base}])
        stolen = await thief.new_page()
        await stolen.goto("/my-work")
        await expect(stolen).to_have_url(re.compile(r"/sign-in\?next=%2Fmy-work&notice=expired$"))
        await expect(stolen.locator(".govuk-notification-banner")).to_contain_text("Your session has expired")
        await expect(stolen.get_by_role("heading", level=1)).to_have_text("Sign in to Pathway")
        await screenshot(stolen, "sign-in-after-session-expired")
        assert not [c for c in await thief.cookies() if c["name"] == "pathway_session"]
    finally:
        await thief.close()
