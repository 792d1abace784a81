"""One escaping function for everything the dashboard is given as text.

Streamlit's markdown elements (``st.markdown``, ``st.caption``, ``st.info``, ``st.error``,
``st.metric`` labels, …) render GitHub-flavoured markdown: a value that arrives from a URL
parameter, a codebook (item wording, sample notes) or a label seed could otherwise become a link,
a remote image the browser fetches, a heading, a colour directive or an icon. ``plain(value)``
turns any value into markdown that renders as exactly that value, on one line: every value from
outside the code goes through it before it meets a markdown element (templates from ``i18n``
are ours and keep their formatting).
"""

from __future__ import annotations

import re

URL_CHARS = 120  # a longer value from a URL (a crafted link) is cut, with an ellipsis
# characters that start markdown or Streamlit syntax anywhere in a line: code, emphasis,
# strike-through, links and images, HTML and autolinks, maths, escapes, e-mail autolinks
_INLINE = re.compile(r"([\\`*~\[\]<>$@|{}])")
# an underscore inside a word (``cpi_2023_12``) never emphasises: only those at a word's edge
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# The browser's markdown also rewrites TEXT after escapes are resolved: URLs (``https://…``,
# ``www.…``) and e-mail addresses become links, ``:smile:`` an emoji, ``:material/x:`` an icon.
# An invisible word joiner (U+2060) after the colon, the "www" and the "@" breaks those patterns
# while the text reads the same.
WORD_JOINER = "\u2060"
_COLON = re.compile(r":(?=\S)")
_WWW = re.compile(r"(?i)\b(www)\.")
_AT = re.compile(r"\\@")
# at the start of the text: headings, quotes, lists, thematic breaks, setext underlines
_LEADING = re.compile(r"^([#>+\-=]|\d+[.)])")
# line breaks, control characters and bidirectional overrides (which can make text read backwards)
_BREAKS = re.compile(r"[\s\u2028\u2029\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def plain(value: object, limit: int | None = None) -> str:
    """``value`` as markdown that renders as literal text, on one line (cut at ``limit``
    characters with an ellipsis; ``URL_CHARS`` for a value from a URL)."""
    text = _BREAKS.sub(" ", str(value)).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _INLINE.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _COLON.sub("\\:" + WORD_JOINER, text)
    text = _WWW.sub(r"\1" + WORD_JOINER + r"\\.", text)
    text = _AT.sub("\\@" + WORD_JOINER, text)
    return _LEADING.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)
