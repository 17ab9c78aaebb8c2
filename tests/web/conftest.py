"""Browser tests: a real headless Chromium driven by Selenium (shared by every test here).

Fixtures:

- `browser`: one Chromium per test session (Debian's /usr/bin/chromium and
  /usr/bin/chromedriver, or CHROMIUM / CHROMEDRIVER), headless, with a fresh
  profile, downloads allowed into `downloads` and the console log kept;
- `downloads`: the folder downloads land in, emptied before each test;
- `page`: the browser, at a blank page before each test and with the console
  log read empty; after the test, any console error fails it.

Helpers: `wait_for_download(folder, name)` and `console_errors(driver)`.

Locally, without the binaries (and without CI set), the tests skip; in CI
(`CI` set, as `.ci/run` runs) a missing browser fails them: `.ci/run`
installs it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def _download_root() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="normcorpus-web-downloads-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser(_download_root: Path) -> Iterator[Any]:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).exists()]
    if missing:
        message = f"no headless browser: {', '.join(missing)} missing"
        if _in_ci():
            pytest.fail(f"{message} (.ci/run installs chromium and chromium-driver)")
        pytest.skip(f"{message} (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="normcorpus-web-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(_download_root),
            "download.prompt_for_download": False,
        },
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    # Headless Chromium saves downloads only where the DevTools protocol says.
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(_download_root)}
    )
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def downloads(_download_root: Path) -> Path:
    for path in _download_root.iterdir():
        path.unlink()
    return _download_root


def console_errors(driver: Any) -> list[str]:
    """The console messages at level SEVERE since the log was last read (reading empties it)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


@pytest.fixture
def page(browser: Any, downloads: Path) -> Iterator[Any]:
    browser.get("about:blank")
    browser.get_log("browser")  # what earlier tests left
    yield browser
    errors = console_errors(browser)
    assert errors == [], f"console errors: {errors}"


def wait_for_download(folder: Path, name: str, timeout: float = 10.0) -> Path:
    """The downloaded file once Chromium has finished writing it."""
    target = folder / name
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        partial = list(folder.glob("*.crdownload"))
        if target.exists() and not partial:
            return target
        time.sleep(0.05)
    raise AssertionError(f"no download {name!r} in {folder} after {timeout} s")
