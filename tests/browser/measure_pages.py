"""Time each dashboard page in headless chromium until its content is rendered (not a test).

Usage: ``.venv/bin/python tests/browser/measure_pages.py [WAREHOUSE] [--repeat N]``

For every page: (a) a full load (``page.goto``: new browser session, JS bundle, websocket, script
run, charts drawn) and (b) in-app navigation (click the sidebar link: script run + render). The
clock stops when ``browser_helpers.RENDERED`` holds (script finished, page h1 shown, every chart
has drawn). One warm-up pass first (server imports, release cache); prints a Markdown table of
medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_helpers import PAGES, chromium_page, page_url, running_app, wait_rendered


def measure(warehouse: Path, repeat: int) -> dict[str, tuple[float, float]]:
    full: dict[str, list[float]] = {p: [] for p in PAGES}
    nav: dict[str, list[float]] = {p: [] for p in PAGES}
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_app(warehouse, Path(tmp) / "app.log") as url,
        chromium_page() as page,
    ):
        for path, title in PAGES.items():  # warm-up
            page.goto(page_url(url, path))
            wait_rendered(page, title)
        for _ in range(repeat):
            for path, title in PAGES.items():
                start = time.perf_counter()
                page.goto(page_url(url, path))
                wait_rendered(page, title)
                full[path].append(time.perf_counter() - start)
            page.goto(page_url(url, "methodology"))
            wait_rendered(page, PAGES["methodology"])
            for path, title in PAGES.items():
                link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]')
                if path == "overview":
                    link = page.locator('[data-testid="stSidebarNav"] a').first
                start = time.perf_counter()
                link.click()
                wait_rendered(page, title)
                nav[path].append(time.perf_counter() - start)
    return {p: (statistics.median(full[p]), statistics.median(nav[p])) for p in PAGES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "warehouse", nargs="?", default="warehouse/cpi.duckdb", type=Path
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = measure(args.warehouse, args.repeat)
    print(
        f"| page | full load (s) | in-app navigation (s) |  # median of {args.repeat}"
    )
    print("|---|---:|---:|")
    for path, (full, nav) in results.items():
        print(f"| {PAGES[path]} | {full:.2f} | {nav:.2f} |")


if __name__ == "__main__":
    main()
