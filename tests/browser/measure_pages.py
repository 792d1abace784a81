"""Time the dashboard in headless chromium until its content is rendered (not a test).

Usage: ``.venv/bin/python tests/browser/measure_pages.py [WAREHOUSE] [--repeat N]``

Measures (a) the first load after the server started (cold: imports, first queries), then for
every page (b) a full load (``page.goto``: new session, JS bundle, websocket, script run, charts
drawn) and (c) in-app navigation (click the sidebar link), and (d) widget changes (pick another
year, indicator, factor, question, share). The clock stops when ``browser_helpers.RENDERED``
holds: script finished, page h1 shown, as many charts on the page as the view shows once
settled (counted in the warm-up pass: Vega is loaded on demand, so right after a run a fresh
page can have none yet) and every chart drawn. One warm-up pass first; prints Markdown tables
of medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_helpers import (
    PAGES,
    chromium_page,
    page_url,
    running_app,
    settled_charts,
    wait_rendered,
    wait_rerun,
)


def _segment(label: str):
    return lambda page: page.locator('[data-testid="stButtonGroup"] button', has_text=label).first.click()


def _select(nth: int, option: str):
    def act(page) -> None:
        page.locator('[data-testid="stSelectbox"]').nth(nth).click()
        page.keyboard.type(option)
        page.keyboard.press("Enter")

    return act


def _radio(label: str):
    return lambda page: page.locator('[data-testid="stRadio"] label', has_text=label).first.click()


# (page, what changes, action); each action is undone by the next one on the same page
WIDGETS = [
    ("indicators", "year 2021", _segment("2021")),
    ("indicators", "indicator → Economic", _select(0, "Economic")),
    ("dynamics", "indicator → Cultural", _select(0, "Cultural")),
    ("factors", "factor → Welfare", _select(0, "Welfare")),
    ("factors", "year 2021", _segment("2021")),
    ("regions", "year 2021", _segment("2021")),
    ("regions", "indicator → Economic", _select(0, "Economic")),
    (
        "regions",
        "question → China is a friendly state",
        _select(2, "China is a friendly"),
    ),
    ("regions", "clusters 6", _segment("6")),
    ("crosstab", "share → column %", _radio("Column")),
    ("crosstab", "factor → Education", _select(1, "Education")),
]


def measure(warehouse: Path, repeat: int) -> dict[str, object]:
    full: dict[str, list[float]] = {p: [] for p in PAGES}
    nav: dict[str, list[float]] = {p: [] for p in PAGES}
    widget: dict[str, list[float]] = {f"{p}: {w}": [] for p, w, _ in WIDGETS}
    charts: dict[str, int] = {}  # charts each view shows, learned in the warm-up pass
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_app(warehouse, Path(tmp) / "app.log") as url,
        chromium_page() as page,
    ):
        start = time.perf_counter()
        page.goto(page_url(url, "overview"))
        wait_rendered(page, PAGES["overview"][0], 60_000, charts=1)
        first = time.perf_counter() - start
        for path, (title, _) in PAGES.items():  # warm-up: every page and widget once
            page.goto(page_url(url, path))
            charts[path] = settled_charts(page, title)
        for path, what, act in _with_pages(page, url):
            act(page)
            wait_rerun(page, 60_000)
            charts[f"{path}: {what}"] = settled_charts(page)
        for _ in range(repeat):
            for path, (title, _) in PAGES.items():
                start = time.perf_counter()
                page.goto(page_url(url, path))
                wait_rendered(page, title, 60_000, charts[path])
                full[path].append(time.perf_counter() - start)
            for path, (title, _) in PAGES.items():
                link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]')
                if path == "overview":
                    link = page.locator('[data-testid="stSidebarNav"] a').first
                start = time.perf_counter()
                link.click()
                wait_rendered(page, title, 60_000, charts[path])
                nav[path].append(time.perf_counter() - start)
            for path, what, act in _with_pages(page, url):
                start = time.perf_counter()
                act(page)
                wait_rerun(page, 60_000, charts[f"{path}: {what}"])
                widget[f"{path}: {what}"].append(time.perf_counter() - start)
    return {
        "first": first,
        "pages": {p: (statistics.median(full[p]), statistics.median(nav[p])) for p in PAGES},
        "widgets": {k: statistics.median(v) for k, v in widget.items()},
    }


def _with_pages(page, url: str):
    """The widget changes in order, each page loaded (untimed) before its first change."""
    current = None
    for path, what, act in WIDGETS:
        if path != current:
            page.goto(page_url(url, path))
            settled_charts(page, PAGES[path][0])
            current = path
        yield path, what, act


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", nargs="?", default="warehouse/cpi.duckdb", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = measure(args.warehouse, args.repeat)
    print(f"first load after start: {results['first']:.2f} s\n")
    print(f"| page | full load (s) | in-app navigation (s) |  # median of {args.repeat}")
    print("|---|---:|---:|")
    for path, (full, nav) in results["pages"].items():
        print(f"| {PAGES[path][0]} | {full:.2f} | {nav:.2f} |")
    print("\n| widget change | seconds |")
    print("|---|---:|")
    for name, seconds in results["widgets"].items():
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
