"""A person in a real browser: sign up, log out, log in, edit the profile."""

import pytest

from accounts.models import User
from config.testing.browser import outside_browser_loop

pytestmark = pytest.mark.browser


def test_sign_up_log_in_and_edit_profile(browser_page):
    page = browser_page
    page.goto(page.site.url)
    page.get_by_role("link", name="Sign up").click()
    page.fill("#id_username", "carol")
    page.fill("#id_email", "carol@example.com")
    page.fill("#id_full_name", "Carol Customer")
    page.fill("#id_password1", "Sturdy-Passw0rd")
    page.fill("#id_password2", "Sturdy-Passw0rd")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/profile/")
    assert page.locator("#profile-username").inner_text() == "carol"

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").click()
    page.fill("#id_username", "carol")
    page.fill("#id_password", "Sturdy-Passw0rd")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/profile/")

    page.fill("#id_phone", "+15551234")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Profile updated.")
    assert outside_browser_loop(lambda: User.objects.get(username="carol").phone) == "+15551234"


def test_the_home_cards_know_whether_you_are_signed_in(browser_page):
    """Issue 14: signed out, a card asks you to sign in and then opens its page; signed in, it opens it."""
    outside_browser_loop(lambda: User.objects.create_user("dora", password="Sturdy-Passw0rd"))
    page = browser_page
    page.goto(page.site.url)
    page.get_by_role("link", name="Sign in to get a quote").click()
    page.fill("#id_username", "dora")
    page.fill("#id_password", "Sturdy-Passw0rd")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/mfg/models/")  # where the card was going
    page.goto(page.site.url)
    assert not page.get_by_role("link", name="Sign in to get a quote").count()
    for name, path in (("Upload a model", "/mfg/models/"), ("Configure a product", "/configure/")):
        page.get_by_role("link", name=name).click()
        page.wait_for_url(f"**{path}")
        assert page.locator("h1").is_visible()
        page.go_back()
    page.locator(".cards").get_by_role("link", name="My orders").click()
    page.wait_for_url("**/accounts/orders/")
