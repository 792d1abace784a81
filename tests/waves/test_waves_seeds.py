"""Seeds that forgive their editors (ingest.seed_files): what an editor adds without asking is
normalised and said; what cannot be read without guessing is refused with file, line and fix."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cpi.ingest.seed_files import SeedError, normalise_seed, normalise_seeds

CLEAN = 'code,name\na,Alpha\nb,"Beta, the second"\n'

NORMALISED = [
    # (case, bytes written, fragment of the notice)
    ("crlf", CLEAN.replace("\n", "\r\n").encode(), "CRLF line endings on 3 line(s) made LF"),
    ("mixed", b'code,name\r\na,Alpha\nb,"Beta, the second"\r\n', "CRLF line endings on 2 line(s)"),
    ("old mac", CLEAN.replace("\n", "\r").encode(), "CR line endings on 3 line(s) made LF"),
    ("bom", b"\xef\xbb\xbf" + CLEAN.encode(), "byte-order mark removed"),
    ("trailing spaces", b'code,name \na,Alpha\t\nb,"Beta, the second"\n', "trailing spaces removed on line(s) 1, 2"),
    ("no final newline", CLEAN.rstrip("\n").encode(), "newline added after the last line"),
    ("empty lines at the end", (CLEAN + "\n\n").encode(), "empty lines at the end removed"),
]

REFUSED = [
    # (case, bytes written, line named, fragment of the fix)
    ("not utf-8", b"code,name\na,Alpha\nb,Bet\xe4\n", 3, "save the file as UTF-8"),
    ("empty line inside", b"code,name\na,Alpha\n\nb,Beta\n", 3, "delete the line"),
    ("a field too many", b"code,name\na,Alpha\nb,Beta, the second\n", 3, "in double quotes"),
    ("a field missing", b"code,name,note\na,Alpha,x\nb,Beta\n", 3, "give every column a value"),
]


@pytest.mark.parametrize(("case", "written", "said"), NORMALISED, ids=[c[0] for c in NORMALISED])
def test_an_editors_habit_is_normalised_and_said(tmp_path: Path, case: str, written: bytes, said: str) -> None:
    path = tmp_path / "ref_things.csv"
    path.write_bytes(written)
    fix = normalise_seed(path)
    assert fix is not None and said in fix.message() and str(path) in fix.message()
    assert path.read_bytes() == CLEAN.encode()
    with path.open(newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["code", "name"], ["a", "Alpha"], ["b", "Beta, the second"]]


def test_a_clean_seed_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "ref_things.csv"
    path.write_bytes(CLEAN.encode())
    before = path.stat().st_mtime_ns
    assert normalise_seeds(tmp_path) == []
    assert path.read_bytes() == CLEAN.encode() and path.stat().st_mtime_ns == before


@pytest.mark.parametrize(("case", "written", "line", "fix"), REFUSED, ids=[c[0] for c in REFUSED])
def test_what_cannot_be_read_without_guessing_is_refused(
    tmp_path: Path, case: str, written: bytes, line: int, fix: str
) -> None:
    path = tmp_path / "ref_things.csv"
    path.write_bytes(written)
    with pytest.raises(SeedError) as refused:
        normalise_seed(path)
    message = str(refused.value)
    assert message.startswith(f"{path}, line {line}:") and "Fix:" in message and fix in message
    assert path.read_bytes() == written  # a refused file is never rewritten


def test_the_repositorys_seeds_are_already_normal(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    copies = tmp_path / "seeds"
    copies.mkdir()
    for path in seeds.glob("*.csv"):
        (copies / path.name).write_bytes(path.read_bytes())
    assert [fix.message() for fix in normalise_seeds(copies)] == []


def test_a_wave_kind_not_in_the_seed_is_refused_with_the_known_kinds(tmp_path: Path) -> None:
    from wave_fixtures import REPO, read_seed, write_wave

    from cpi.errors import CodebookError
    from cpi.ingest.codebook import load_codebook

    folder = write_wave(tmp_path, "weekly_2024_05", 2024, "weekly", ["gen_attitude"], n=30)
    kinds = sorted(read_seed(REPO / "seeds" / "ref_wave_kinds.csv")["survey_kind"])
    with pytest.raises(CodebookError) as refused:
        load_codebook(folder / "codebook.yml")
    message = str(refused.value)
    assert "weekly" in message and f"must be one of {', '.join(kinds)}" in message
    assert "seeds/ref_wave_kinds.csv" in message
