"""Start the dashboard in a subprocess and drive Debian's chromium with playwright.

Used by ``test_e2e.py`` and by ``measure_pages.py`` (page-load timing for docs/dashboard.md).
No browser is downloaded: playwright launches ``/usr/bin/chromium``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# url path -> page title (English, Russian), in navigation order
PAGES = {
    "overview": (
        "China Perception Index — Kazakhstan",
        "Индекс восприятия Китая — Казахстан",
    ),
    "information": ("Information space", "Информационное пространство"),
    "indicators": ("Indicators", "Индикаторы"),
    "projects": ("Chinese projects", "Китайские проекты"),
    "dynamics": ("Dynamics", "Динамика"),
    "factors": ("Factors", "Факторы"),
    "regions": ("Regions", "Регионы"),
    "foreign": ("Foreign-policy map", "Внешнеполитическая карта"),
    "concerns": ("Concerns & reasons", "Опасения и причины"),
    "crosstab": ("Cross-tab", "Таблица сопряжённости"),
    "sample": ("Sample", "Выборка"),
    "methodology": ("Methodology & data", "Методология и данные"),
}
# JS predicate: the script run finished, the page's h1 is the title, at least ``charts`` charts
# are on the page (Vega is loaded on demand: right after the run a fresh page may have none yet)
# and every chart has drawn something
RENDERED = """([title, charts]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  if (!h1 || (title && h1.innerText.trim() !== title)) return false;
  const vega = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  if (vega.length < charts) return false;
  return vega.every(v => v.querySelector('canvas, svg'));
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(warehouse: Path, log_file: Path) -> Iterator[str]:
    """Run ``streamlit run`` (the command ``streamlit_app.launch`` uses); yield its base URL."""
    from streamlit_app import launch_command

    port = free_port()
    env = {**os.environ, "CPI_WAREHOUSE": str(Path(warehouse).absolute())}
    with log_file.open("wb") as log:
        proc = subprocess.Popen(launch_command(port), env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"dashboard did not start; see {log_file}")
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextmanager
def chromium_page(width: int = 1400, height: int = 1000):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def page_url(base: str, path: str, query: str = "") -> str:
    """The default page (overview) lives at ``/``; the others at ``/<url_path>``."""
    url = f"{base}/" if path == "overview" else f"{base}/{path}"
    return f"{url}?{query}" if query else url


def wait_rendered(page, title: str | None = None, timeout_ms: int = 30_000, charts: int = 0) -> None:
    """Wait until the script run finished, the page's h1 is ``title``, at least ``charts``
    charts are on the page and every chart is drawn."""
    page.wait_for_function(RENDERED, arg=[title, charts], timeout=timeout_ms, polling=50)


def settled_charts(page, title: str | None = None) -> int:
    """The number of charts a view shows once everything has arrived (for timing runs)."""
    wait_rendered(page, title, 60_000)
    page.wait_for_timeout(1500)
    wait_rendered(page, title, 60_000)
    return page.locator('[data-testid="stVegaLiteChart"]').count()


def wait_rerun(page, timeout_ms: int = 30_000, charts: int = 0) -> None:
    """After a widget change: wait for the script run to start (briefly) and to finish."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # a very fast rerun can finish before we look
        page.wait_for_function(
            """() => document.querySelector('[data-testid="stApp"]')
                  .getAttribute('data-test-script-state') === 'running'""",
            timeout=1500,
            polling=20,
        )
    wait_rendered(page, None, timeout_ms, charts)


def current_url(page) -> str:
    return page.evaluate("window.location.href")


FULL_HEIGHT = """() => {
  const block = document.querySelector('[data-testid="stMainBlockContainer"]');
  return block ? block.getBoundingClientRect().height + 160 : document.body.scrollHeight;
}"""


def screenshot_full(page, path: Path) -> None:
    """Screenshot of the whole page (Streamlit scrolls inside stMain, so grow the viewport),
    once every chart of the view has arrived."""
    settled_charts(page)
    size = page.viewport_size
    height = page.evaluate(FULL_HEIGHT)
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height))})
    page.wait_for_timeout(1500)  # let charts and grids re-layout to the new size
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
