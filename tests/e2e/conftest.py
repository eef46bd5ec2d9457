"""Real-browser tests: Playwright driving Debian's chromium against the live test server.

A missing browser is a failure with instructions, never a skip: CI must prove the pages work.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is needed for the browser tests: "
                    "apt-get install -y chromium (or set CHROMIUM=/path/to/chromium)",
                    pytrace=False)
    return path


@pytest.fixture(scope="package")
def browser():
    # Playwright's sync API keeps an event loop running in this thread while the browser
    # lives; the ORM calls the tests make (factories, assertions) happen between browser
    # steps, never concurrently with them. The override lives exactly as long as the
    # browser, so tests and subprocesses outside tests/e2e never inherit it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(),
                                                 headless=True, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def check_accessibility():
    """Run axe on the current page; fail on serious or critical violations."""
    axe = Axe()

    def check(page) -> None:
        results = axe.run(page)
        blocking = [v for v in results.response["violations"]
                    if v.get("impact") in BLOCKING_IMPACTS]
        assert not blocking, "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in blocking
        )

    return check


@pytest.fixture
def screenshot():
    """Save a full-page screenshot when MEEDOEN_SCREENSHOTS names a folder (for the docs)."""
    folder = os.environ.get("MEEDOEN_SCREENSHOTS")

    def take(page, name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return take


def log_in(page, username: str, password: str) -> None:
    page.goto("/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
