"""Screenshots of the dashboard for the README (not a test).

Usage: ``.venv/bin/python tests/browser/take_screenshots.py [WAREHOUSE] [--out docs/img]``

Serves the app on the release, opens each view below in headless Debian chromium (1400 × 1000),
waits until it is rendered, scrolls the named figure's title to the top when one is given and
saves the visible window as ``OUT/<name>.png``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_helpers import PAGES, chromium_page, page_url, running_app, wait_rendered

# name -> (page, query, lang, heading to scroll to or None)
VIEWS = {
    "overview": ("overview", "", "en", None),
    "regions": (
        "regions",
        "year=2023&indicator=composite&level=macro_region",
        "en",
        None,
    ),
    "factors": ("factors", "factor=age_group", "ru", "Какой фактор"),
    "dynamics": ("dynamics", "indicator=cultural", "en", "which questions drove"),
    "foreign": ("foreign", "", "en", "Mental foreign-policy map"),
    "crosstab": ("crosstab", "q=china_threat&factor=home_language", "en", None),
}


def take(warehouse: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_app(warehouse, Path(tmp) / "app.log") as url,
        chromium_page() as page,
    ):
        for name, (path, query, lang, heading) in VIEWS.items():
            title = PAGES[path][0 if lang == "en" else 1]
            page.goto(page_url(url, path, "&".join(x for x in (query, f"lang={lang}") if x)))
            wait_rendered(page, title, 60_000)
            if heading:
                page.locator("h4", has_text=heading).first.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(1200)  # let the charts settle after scrolling
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            saved.append(target)
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", nargs="?", default="warehouse/cpi.duckdb", type=Path)
    parser.add_argument("--out", default=Path("docs/img"), type=Path)
    args = parser.parse_args()
    for path in take(args.warehouse, args.out):
        print(path)


if __name__ == "__main__":
    main()
