"""The report: a publication-quality document per release and language, regenerated from the
release alone (``cpi report``; written beside each published release by ``cpi build``).

``generate(release, out_dir, langs, formats)`` → the files written, ``report-<lang>.pdf`` /
``report-<lang>.html``. docs/report.md explains chapters, sentence rules and languages.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from cpi.report import charts, render_html, render_typst
from cpi.report.blocks import Figure
from cpi.report.context import Context
from cpi.report.document import build
from cpi.report.revisions import revisions
from presentation.i18n import languages
from release_data import report_reads as reads

FORMATS = ("pdf", "html")


class ReportError(Exception):
    """The report cannot be made; the message names what and the fix."""


@dataclass(frozen=True)
class Written:
    path: Path
    lang: str
    fmt: str
    seconds: float


def _check(langs: list[str], formats: list[str]) -> None:
    bad = [lang for lang in langs if lang not in languages()]
    if bad:
        raise ReportError(
            f"Unknown report language {', '.join(bad)}. Fix: use one of {', '.join(languages())} "
            "(a language is a folder presentation/locales/<lang>/, see docs/report.md)."
        )
    wrong = [f for f in formats if f not in FORMATS]
    if wrong:
        raise ReportError(f"Unknown report format {', '.join(wrong)}. Fix: use pdf and/or html.")


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def generate(
    release: Path,
    out_dir: Path,
    langs: list[str],
    formats: list[str] = list(FORMATS),  # noqa: B006 - never mutated
    weighting: str = "unweighted",
    previous: Path | None = None,
) -> list[Written]:
    """Write ``report-<lang>.<fmt>`` for each language and format into ``out_dir``."""
    _check(langs, formats)
    if not release.is_file():
        raise ReportError(
            f"No release file at {release}. Fix: run `cpi build` first, or pass --release ID "
            "of a release listed by `cpi releases`."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Written] = []
    con = reads.connect(release)
    prev = reads.connect(previous) if previous is not None and previous.is_file() else None
    frames: dict = {}  # the release's reads, made once for every language
    try:
        for lang in langs:
            start = time.perf_counter()
            ctx = Context(con, lang, weighting, frames)
            doc = build(ctx, revisions(ctx, prev) if prev is not None else [])
            svgs = {
                k: charts.to_svg(b.spec, lang, str(k))
                for k, b in enumerate(doc.blocks)
                if isinstance(b, Figure) and b.spec
            }
            words = {"table": ctx.t("report.word.table"), "figure": ctx.t("report.word.figure")}
            for fmt in formats:
                renderer = render_typst if fmt == "pdf" else render_html
                path = out_dir / f"report-{lang}.{fmt}"
                _write_atomic(path, renderer.render(doc, words, svgs))
                written.append(Written(path, lang, fmt, time.perf_counter() - start))
    finally:
        con.close()
        if prev is not None:
            prev.close()
    return written
