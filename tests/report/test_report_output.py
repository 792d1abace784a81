# ruff: noqa: F811  (the fixtures are imported from report_helpers, then named as arguments)
"""The report's bytes do not depend on when it is made; its pages are drawn, with every Cyrillic
and Kazakh letter from a font embedded in the PDF (no tofu)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from cpi.report import generate
from cpi.report.blocks import Document, Para
from cpi.report.locate import previous_release
from cpi.report.render_typst import render
from tests.report.report_helpers import catalogue, catalogue_langs, report_files, report_release  # noqa: F401 (fixtures)

KAZAKH = "әғқңөұүһі"
POPPLER = shutil.which("pdftoppm") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftoppm, pdffonts) not installed")


def test_an_unchanged_release_gives_identical_bytes(report_release, report_files, tmp_path) -> None:
    """Made again later, in another folder, the English report is the same file as the one the
    build published (the same release and, for revisions, the same previous release)."""
    previous = previous_release(report_release.parents[2], report_release)
    again = generate(report_release, tmp_path, ["en"], previous=previous)
    for item in again:
        original = report_files["en"][0 if item.fmt == "pdf" else 1]
        assert item.path.read_bytes() == original.read_bytes(), f"{item.fmt} differs from the build's"


def _fonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def _mapped_letters(pdf: Path) -> dict[str, set[str]]:
    """Font name -> the characters its ToUnicode map gives (what the PDF draws with that font)."""
    found: dict[str, set[str]] = {}
    for page in PdfReader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            cmap = font.get("/ToUnicode")
            if cmap is None:
                continue
            data = cmap.get_object().get_data().decode("latin-1")
            chars = set()
            for hexes in __import__("re").findall(r"<([0-9A-Fa-f]{4,})>\s*(?:\n|$)", data):
                try:
                    chars.add(bytes.fromhex(hexes).decode("utf-16-be"))
                except (ValueError, UnicodeDecodeError):
                    continue
            for hexes in __import__("re").findall(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", data):
                try:
                    chars.update(bytes.fromhex(hexes).decode("utf-16-be"))
                except (ValueError, UnicodeDecodeError):
                    continue
            found.setdefault(str(font.get("/BaseFont")), set()).update(chars)
    return found


def _pages_drawn(pdf: Path, folder: Path, last: int) -> list[float]:
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", str(last), str(pdf), str(folder / "p")],
        check=True,
        capture_output=True,
    )
    inked = []
    for png in sorted(folder.glob("p*.png")):
        pixels = np.asarray(Image.open(png).convert("L"))
        inked.append(float((pixels < 128).mean()))
    return inked


def _assert_embedded_letters(pdf: Path, letters: str) -> None:
    fonts = _fonts(pdf)
    assert fonts, "the PDF names no font"
    assert all(row[-5] == "yes" for row in fonts), f"a font is not embedded: {fonts}"
    mapped = set().union(*_mapped_letters(pdf).values())
    missing = [c for c in letters if c not in mapped and c.upper() not in mapped]
    assert not missing, f"letters not drawn by an embedded font: {missing}"


@needs_poppler
@pytest.mark.parametrize("lang", catalogue_langs())
def test_first_pages_are_drawn_with_embedded_fonts(report_files, lang, tmp_path) -> None:
    pdf = report_files[lang][0]
    inked = _pages_drawn(pdf, tmp_path, 4)
    assert len(inked) == 4 and all(share > 0.001 for share in inked), f"blank pages: {inked}"
    used = {c for text in catalogue(lang).values() for c in text.lower()} & set(
        KAZAKH + "абвгдежзийклмнопрстуфхцчшщъыьэюя"
    )
    _assert_embedded_letters(pdf, "".join(sorted(used)))


@needs_poppler
def test_every_kazakh_letter_comes_from_an_embedded_font(tmp_path) -> None:
    """The report's typesetting (same renderer, same font) draws all nine Kazakh letters."""
    doc = Document("kk", "Қазақ әліпбиі", KAZAKH.upper(), [], "", [Para(f"{KAZAKH} {KAZAKH.upper()} жиһаз")])
    pdf = tmp_path / "kk.pdf"
    pdf.write_bytes(render(doc, {"table": "Кесте", "figure": "Сурет"}, {}))
    assert _pages_drawn(pdf, tmp_path, 1)[0] > 0.001
    _assert_embedded_letters(pdf, KAZAKH + KAZAKH.upper())
