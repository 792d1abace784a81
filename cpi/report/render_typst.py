"""A Document as Typst markup, compiled to PDF by the typst wheel (compiler inside, fonts
embedded: Libertinus Serif covers Latin, Cyrillic and every Kazakh letter).

Deterministic: no date in the document metadata (``date: none``), figures are SVG files named
by their position, so the same release gives the same bytes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import typst

from cpi.report.blocks import Document, Figure, Heading, Para, Table

FONT = "Libertinus Serif"
SPECIAL = set("\\#$*_`<>@[]=-+/~\"'")


def esc(text: str) -> str:
    """Plain text as Typst markup (every markup character escaped)."""
    return "".join(f"\\{c}" if c in SPECIAL else c for c in str(text)).replace("\n", " ")


def _label(kind: str, number: int | None, title: str, words: dict[str, str]) -> str:
    return f"{words[kind]} {number}. {title}" if number is not None else title


def _table(block: Table, words: dict[str, str]) -> str:
    n = len(block.columns)
    align = block.align or ("l" + "r" * (n - 1))
    aligns = ", ".join("left" if a == "l" else "right" for a in align)
    if not block.columns:
        return f'#text(weight: "bold")[{esc(_label("table", block.number, block.title, words))}]\n\n{esc(block.note)}\n'
    cells = [f"[*{esc(c)}*]" for c in block.columns]
    for row in block.rows:
        cells += [f"[{esc(c)}]" for c in row]
    widths = ", ".join(["2fr"] + ["1fr"] * (n - 1)) if n > 1 else "1fr"
    out = [
        f'#block(breakable: true)[#text(weight: "bold")[{esc(_label("table", block.number, block.title, words))}]]',
        f"#table(columns: ({widths},), align: ({aligns},), stroke: 0.4pt + luma(180), inset: 3pt,",
        "  " + ", ".join(cells) + ")",
    ]
    if block.note:
        out.append(f"#text(size: 8pt, fill: luma(80))[{esc(block.note)}]")
    return "\n".join(out) + "\n"


def markup(doc: Document, svgs: dict[int, str], words: dict[str, str]) -> str:
    lines = [
        f'#set document(title: "{esc(doc.title)}", date: none)',
        f'#set text(font: "{FONT}", size: 10pt, lang: "{doc.lang}", hyphenate: false)',
        '#set page(paper: "a4", margin: (x: 2cm, y: 2cm), numbering: "1")',
        "#set par(justify: false)",
        "#set heading(numbering: none)",
        "#show heading.where(level: 1): it => { pagebreak(weak: true); it }",
        (
            f'#align(center)[#v(4cm)#text(size: 22pt, weight: "bold")[{esc(doc.title)}]'
            f"#v(0.5cm)#text(size: 14pt)[{esc(doc.subtitle)}]]"
        ),
        "#v(1.5cm)",
    ]
    lines += [f"*{esc(k)}:* {esc(v)} \\" for k, v in doc.facts]
    if doc.warning:
        lines.append(f'#v(1cm)#block(fill: rgb("#fdecea"), inset: 8pt, radius: 3pt)[*{esc(doc.warning)}*]')
    lines.append(f"#pagebreak()\n#outline(title: [{esc(doc.contents_title)}], depth: 2)")
    for k, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            lines.append(("=" * block.level) + " " + esc(block.text))
        elif isinstance(block, Para):
            lines.append(esc(block.text) + "\n")
        elif isinstance(block, Table):
            lines.append(_table(block, words))
        elif isinstance(block, Figure):
            title = esc(_label("figure", block.number, block.title, words))
            body = f'#image("fig-{k:03d}.svg", width: 100%)' if k in svgs else esc(block.note)
            lines.append(f'#block(breakable: false)[#text(weight: "bold")[{title}]\n{body}]\n')
    return "\n".join(lines) + "\n"


def render(doc: Document, words: dict[str, str], svgs: dict[int, str]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="cpi-report-") as tmp:
        root = Path(tmp)
        for k, svg in svgs.items():
            (root / f"fig-{k:03d}.svg").write_text(svg, encoding="utf-8")
        (root / "report.typ").write_text(markup(doc, svgs, words), encoding="utf-8")
        return typst.compile(str(root / "report.typ"), root=str(root))
