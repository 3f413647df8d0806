"""Refresh the README's screenshots (docs/screenshots/*.png): `make screenshots`.

Starts the platform on a throwaway SQLite database with the demo data, signs in as the demo
customer and the admin in headless Chromium, and saves small PNGs of the main pages, at desktop
width and at 390 px (a phone).
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CUSTOMER = ("customer", "customer-pass-123")
ADMIN = ("admin", "admin-pass-123")
SHOTS = [
    # (file, who, path, width, browser language); `{storefront}` is the demo flower shop's page;
    # `{quote}` and `{order}` are the quote page and the order page of a model the customer uploads
    ("home.png", None, "/", 1100, "en-US"),
    ("quote-phone.png", CUSTOMER, "{quote}", 390, "en-US"),
    ("order-phone.png", CUSTOMER, "{order}", 390, "ru-RU"),
    ("configure.png", CUSTOMER, "/configure/", 1100, "en-US"),
    ("admin-dashboard.png", ADMIN, "/admin/", 1100, "en-US"),
    ("api-docs.png", None, "/api/docs/", 1100, "en-US"),
    ("storefront-phone.png", None, "{storefront}", 390, "ru-RU"),  # the shop's customers read Russian first
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def sign_in(page, base: str, who) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", who[0])
    page.fill("#id_password", who[1])
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def upload_and_order(browser, base: str, workdir: Path) -> dict[str, str]:
    """As the demo customer: upload a bracket, open its instant quote, order three of it; the pages' paths."""
    import trimesh

    model = workdir / "bracket.stl"
    model.write_bytes(trimesh.creation.box(extents=(60.0, 40.0, 12.0)).export(file_type="stl"))
    page = browser.new_page(viewport={"width": 1100, "height": 760}, locale="en-US")
    sign_in(page, base, CUSTOMER)
    page.goto(f"{base}/mfg/models/")
    page.set_input_files("#id_model", str(model))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mfg/models/*/")
    page.get_by_role("link", name="Get an instant quote").click()
    page.wait_for_url("**/mfg/quote/*/")
    quote = page.url.removeprefix(base)
    page.fill("#id_quantity", "3")
    page.locator("#quote-cycle").filter(has_text="ready in").wait_for()
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url("**/mfg/orders/*/")
    order = page.url.removeprefix(base)
    page.close()
    return {"quote": quote, "order": order}


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="screenshots-"))
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "SHARED_CACHE_DIR": str(workdir / "cache"),
    }
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        env.pop(name, None)
    manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
    loaded = manage(env, "demo_data", stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    storefront = re.search(r"/shop/\d+/", loaded).group(0)  # catalog/demo.py prints it
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
            pages = {"storefront": storefront, **upload_and_order(browser, base, workdir)}
            for file_name, who, path, width, locale in SHOTS:
                # a phone shot is as tall as a scrolled phone page, to show the price or the order
                height = 1500 if width < 600 else 760
                page = browser.new_page(viewport={"width": width, "height": height}, locale=locale)
                if who:
                    sign_in(page, base, who)
                page.goto(base + path.format(**pages))
                page.wait_for_load_state("networkidle")
                page.screenshot(path=OUT / file_name)
                page.close()
                print(f"docs/screenshots/{file_name}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
