"""Playwright driving the system Chromium (`playwright install` cannot download here)."""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from pytest_django.live_server_helper import LiveServer

from config.testing.services import service_missing

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def site(transactional_db, django_db_serialized_rollback):
    """A live server for one test, stopped before the test database is torn down.

    pytest-django's session-wide `live_server` outlives the test database and keeps a
    PostgreSQL session open on it; this one closes its connections with the test. A transactional
    test empties every table when it ends, so every one of them (browser, worker, concurrency tests)
    restores the rows the migrations wrote (the pricing tables included) when it starts.
    """
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def browser_locale():
    """The browser's language (its Accept-Language): English, so page assertions read in English.
    A test reads the Russian pages with `@pytest.mark.parametrize("browser_locale", ["ru-RU"])`."""
    return "en-US"


@pytest.fixture
def browser_page(site, browser_locale):
    """A fresh page in headless Chromium, with `page.site` the live server it should visit."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        service_missing(f"Chromium not found at {executable} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(locale=browser_locale)
        page.set_default_timeout(10_000)
        page.site = site
        yield page
        browser.close()


def outside_browser_loop(query):
    """Run an ORM call from a browser test: Playwright's sync API runs an event loop in the test's
    thread, where Django refuses the ORM; a short-lived thread runs it and closes its connection."""

    def run():
        try:
            return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def sign_in(page, user):
    """Sign `user` (made by `UserFactory`, so its password is `PASSWORD`) in through the customer
    login page; it lands on the profile."""
    from accounts.tests.factories import PASSWORD

    page.goto(page.site.url + "/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/profile/")
