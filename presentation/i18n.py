"""The one catalogue of strings for the dashboard and the report: gettext ``.po`` files read
through Babel.

``presentation/locales/<lang>/LC_MESSAGES/<domain>.po`` — one file per language and domain
(``dashboard``, ``report``). A message id is a stable key (``page.overview``), its ``msgstr`` the
text in that language with ``{name}`` placeholders. A language is a folder: adding one means
adding its ``.po`` files, nothing else. The ``.po`` files are read directly at first use (no
compiled ``.mo`` files to keep in step). A key missing in a language falls back to English, then
to the key itself (visible in review, never a crash).

Strings whose translation no fluent reader has checked carry the flag ``unchecked``
(``#, unchecked`` above the entry); :func:`unchecked` lists them (docs/report.md says how).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent
LOCALES = HERE / "locales"
ASSETS = HERE / "assets"
DOMAINS = ("dashboard", "report")
SOURCE_LANG = "en"
UNCHECKED = "unchecked"


@lru_cache(maxsize=4)
def languages(domain: str = "report") -> tuple[str, ...]:
    """The languages that have a catalogue for ``domain`` (dashboard, report), English first."""
    found = sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / f"{domain}.po").is_file())
    return tuple(sorted(found, key=lambda code: code != SOURCE_LANG))


def _po_path(lang: str, domain: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"


@lru_cache(maxsize=32)
def _entries(lang: str, domain: str) -> dict[str, tuple[str, frozenset[str]]]:
    path = _po_path(lang, domain)
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=None, domain=domain)
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for message in catalog:
        if not message.id or not message.string:
            continue
        out[str(message.id)] = (str(message.string), frozenset(message.flags))
    return out


@lru_cache(maxsize=8)
def catalogue(lang: str) -> dict[str, str]:
    """Every key → text in ``lang`` (English where ``lang`` has no entry)."""
    merged: dict[str, str] = {}
    for code in (SOURCE_LANG, lang):
        for domain in DOMAINS:
            merged.update({k: v for k, (v, _) in _entries(code, domain).items()})
    return merged


def has(key: str, lang: str = SOURCE_LANG) -> bool:
    return key in catalogue(lang)


def translate(
    key: str, lang: str = SOURCE_LANG, *, defaults: Mapping[str, object] | None = None, **values: object
) -> str:
    """The text of ``key`` in ``lang`` with ``{name}`` placeholders filled from ``values``, and
    from ``defaults`` (the release's thresholds) for the names the text uses that ``values`` lacks."""
    known = {code for domain in DOMAINS for code in languages(domain)}
    text = catalogue(lang if lang in known else SOURCE_LANG).get(key, key)
    if defaults:
        values = {**{k: v for k, v in defaults.items() if "{" + k + "}" in text}, **values}
    return text.format(**values) if values else text


def unchecked(lang: str) -> list[str]:
    """Keys of ``lang`` whose translation is flagged as not checked by a fluent reader."""
    keys: list[str] = []
    for domain in DOMAINS:
        keys += [k for k, (_, flags) in _entries(lang, domain).items() if UNCHECKED in flags]
    return sorted(keys)


def missing(lang: str, domain: str) -> list[str]:
    """Keys English has and ``lang`` lacks (shown in English in that language)."""
    return sorted(set(_entries(SOURCE_LANG, domain)) - set(_entries(lang, domain)))
