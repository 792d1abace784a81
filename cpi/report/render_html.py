"""A Document as one self-contained HTML file (figures as inline SVG, no external files)."""

from __future__ import annotations

from html import escape

from cpi.report.blocks import Document, Figure, Heading, Para, Table

STYLE = """
body{font-family:'Libertinus Serif',Georgia,serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}
td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}td:first-child,th:first-child{text-align:left}
.caption{font-weight:bold;margin-top:1.5rem}.note{font-size:.8rem;color:#555}
.warning{background:#fdecea;padding:.6rem;border-radius:4px;font-weight:bold}
figure{margin:0 0 1.5rem}figure svg{max-width:100%;height:auto}
"""


def _label(word: str, number: int | None, title: str) -> str:
    return f"{word} {number}. {title}" if number is not None else title


def _id(key: str) -> str:
    return f' id="{escape(key)}"' if key else ""


def render(doc: Document, words: dict[str, str], svgs: dict[int, str]) -> bytes:
    out = [
        f'<!doctype html><html lang="{doc.lang}"><head><meta charset="utf-8">',
        f"<title>{escape(doc.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(doc.title)}</h1><p><strong>{escape(doc.subtitle)}</strong></p><dl>",
    ]
    out += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in doc.facts]
    out.append("</dl>")
    if doc.warning:
        out.append(f'<p class="warning">{escape(doc.warning)}</p>')
    headings = [(k, b) for k, b in enumerate(doc.blocks) if isinstance(b, Heading)]
    out.append(f"<nav><h2>{escape(doc.contents_title)}</h2><ul>")
    out += [f'<li class="l{b.level}"><a href="#s{k}">{escape(b.text)}</a></li>' for k, b in headings]
    out.append("</ul></nav>")
    for k, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            out.append(f'<h{block.level + 1} id="s{k}">{escape(block.text)}</h{block.level + 1}>')
        elif isinstance(block, Para):
            css = ' class="generated"' if block.generated else ""
            out.append(f"<p{css}>{escape(block.text)}</p>")
        elif isinstance(block, Table):
            out.append(
                f'<p class="caption"{_id(block.key)}>{escape(_label(words["table"], block.number, block.title))}</p>'
            )
            out.append(
                '<table class="report-table"><thead><tr>'
                + "".join(f"<th>{escape(c)}</th>" for c in block.columns)
                + "</tr></thead><tbody>"
            )
            out += ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows]
            out.append("</tbody></table>")
            if block.note:
                out.append(f'<p class="note">{escape(block.note)}</p>')
        elif isinstance(block, Figure):
            out.append(
                f'<figure{_id(block.key)}><p class="caption">{escape(_label(words["figure"], block.number, block.title))}</p>'
            )
            out.append(
                svgs[k].replace('<?xml version="1.0" encoding="utf-8"?>', "")
                if k in svgs
                else f'<p class="note">{escape(block.note)}</p>'
            )
            out.append("</figure>")
    out.append("</body></html>\n")
    return "\n".join(out).encode("utf-8")
