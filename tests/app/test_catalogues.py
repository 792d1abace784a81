"""The one catalogue of strings (presentation/locales/<lang>/LC_MESSAGES/<domain>.po): every
language the report speaks, the dashboard speaks too; no message missing in any language and the
same placeholders in each; Kazakh is written in Kazakh; the language switch offers it."""

from __future__ import annotations

import re
from string import Formatter

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from presentation import i18n

DOMAINS = i18n.DOMAINS
KAZAKH_LETTERS = "әғқңөұүі"  # һ is rare in words (жиһаз, гауһар): not required of a UI's strings


def _messages(lang: str, domain: str) -> dict[str, str]:
    path = i18n.LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def _cases() -> list[tuple[str, str]]:
    langs = sorted({code for domain in DOMAINS for code in i18n.languages(domain)})
    return [(domain, lang) for domain in DOMAINS for lang in langs if lang != i18n.SOURCE_LANG]


def test_every_language_of_the_report_is_a_language_of_the_dashboard() -> None:
    assert set(i18n.languages("report")) <= set(i18n.languages("dashboard"))
    assert "kk" in i18n.languages("dashboard")


@pytest.mark.parametrize(("domain", "lang"), _cases())
def test_no_message_missing_and_the_same_placeholders(domain: str, lang: str) -> None:
    english, other = _messages("en", domain), _messages(lang, domain)
    assert sorted(set(english) - set(other)) == [], f"{lang}/{domain}.po lacks these msgids"
    assert sorted(set(other) - set(english)) == [], f"{lang}/{domain}.po has msgids English lacks"
    untranslated = [k for k, v in english.items() if v and not other[k].strip()]
    assert untranslated == [], f"{lang}/{domain}.po: empty msgstr"
    differ = {k: (_placeholders(english[k]), _placeholders(other[k])) for k in english if english[k]}
    differ = {k: pair for k, pair in differ.items() if pair[0] != pair[1]}
    assert differ == {}, f"{lang}/{domain}.po: placeholders differ from English"


def test_kazakh_dashboard_is_written_in_kazakh_not_russian() -> None:
    kk, ru = _messages("kk", "dashboard"), _messages("ru", "dashboard")
    text = " ".join(kk.values())
    assert set(KAZAKH_LETTERS) <= set(text), set(KAZAKH_LETTERS) - set(text)
    cyrillic = [k for k, v in kk.items() if any("а" <= c.lower() <= "я" for c in v)]
    same_as_russian = [k for k in cyrillic if kk[k] == ru.get(k)]
    # loanwords (Индикатор, Фактор, База, Динамика …) may coincide; sentences may not
    assert len(same_as_russian) < 0.1 * len(cyrillic), same_as_russian
    assert all(len(kk[k]) < 20 for k in same_as_russian), same_as_russian


def test_the_language_switch_offers_kazakh_by_its_own_name(open_page) -> None:
    at = open_page("overview", lang="kk", tables=False)
    switch = at.sidebar.radio[0]
    own = Locale.parse("kk").get_display_name("kk")
    assert own[:1].upper() + own[1:] in switch.options
    assert switch.value == "kk"
    title = at.title[0].value
    assert title == _messages("kk", "dashboard")["app.title"]
    assert set(title) & set(KAZAKH_LETTERS)


def _flagged(lang: str, domain: str) -> set[str]:
    path = i18n.LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id and i18n.UNCHECKED in m.flags}


def test_the_docs_name_exactly_the_report_strings_still_unchecked() -> None:
    """After the review the report strings left unchecked are few, and docs/report.md names each
    (a reader of the docs knows which sentences to distrust); none that was checked."""
    docs = (i18n.HERE.parent / "docs" / "report.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(report\.[a-z0-9_.]+)`", docs.split("Left flagged", 1)[-1].split("\n\n", 2)[1]))
    flagged = _flagged("ru", "report") | _flagged("kk", "report")
    assert flagged == named
    assert len(flagged) < 0.1 * len(_messages("kk", "report"))


def test_the_same_thing_has_the_same_word_in_the_dashboard_and_the_report() -> None:
    """The information funnel is called alike in both catalogues of a language (the review fixed
    Kazakh "шұңқыр" in the report against the dashboard's "воронка")."""
    for lang in ("ru", "kk"):
        dash, report = _messages(lang, "dashboard"), _messages(lang, "report")
        words = set(re.findall(r"\w+", dash["info.funnel"].lower()))
        stem = {w[:6] for w in words if w.startswith("ворон")}
        assert stem, dash["info.funnel"]
        for key in ("report.figure.2", "report.s.funnel"):
            assert any(w.lower().startswith(tuple(stem)) for w in re.findall(r"\w+", report[key])), (lang, key)
