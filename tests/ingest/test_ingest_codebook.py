from collections.abc import Callable
from pathlib import Path

import pytest
from wavebuild import variable, write_wave

from cpi.errors import CodebookError
from cpi.ingest.codebook import load_codebook, read_codebook
from cpi.ingest.codebook_checks import (
    consistency_issues,
    data_file_issues,
    known_item_codes,
    known_region_codes,
    repo_root,
    seeds_dir,
)


def test_seeds_are_found_from_the_package_location() -> None:
    assert (repo_root() / "cpi" / "ingest" / "codebook.py").is_file()
    assert seeds_dir() == repo_root() / "seeds"
    assert "gen_attitude" in known_item_codes()
    assert {"astana", "almaty", "abai"} <= known_region_codes()


def test_valid_codebook_loads_into_typed_objects(raw_dir: Path) -> None:
    source = write_wave(raw_dir, "cpi_2023_12")
    cb = load_codebook(source.codebook_path)
    assert cb.wave.id == "cpi_2023_12" and cb.wave.year == 2023
    assert str(cb.wave.fieldwork_start) == "2023-12-05"
    q3 = cb.variable("q3")
    assert q3 is not None and q3.value_map()[1.0] == "positive" and q3.value_map()[99.0] == "missing"
    assert q3.labels_en[5.0] == "Very bad"
    assert [v.name for v in cb.identifiers] == ["tel", "gps"]
    assert "weight_x" not in [v.name for v in cb.loaded_variables]
    assert cb.declared_columns()[0] == "anketa"  # respondent id declared via wave.respondent_id


def test_yes_no_answer_codes_stay_text(raw_dir: Path) -> None:
    source = write_wave(raw_dir, "cpi_2023_12")
    text = source.codebook_path.read_text(encoding="utf-8")
    text = text.replace("2: not_aware", "2: no").replace("1: aware", "1: yes")
    assert "1: yes" in text and "2: no" in text
    source.codebook_path.write_text(text, encoding="utf-8")
    cb = read_codebook(source.codebook_path)
    assert cb.variable("q15_1").values == {1.0: "yes", 2.0: "no", 99.0: "missing"}


def _edit(name: str, **changes: object) -> Callable[[dict], None]:
    def edit(cb: dict) -> None:
        variable(cb, name).update(changes)

    return edit


def _add(entry: dict) -> Callable[[dict], None]:
    return lambda cb: cb["variables"].append(entry)


CASES = {
    "wave_id_matches_folder": (
        lambda cb: cb["wave"].update(id="cpi_1999"),
        None,
        "cpi_1999",
    ),
    "item_code_known": (_edit("q3", code="made_up_item"), "q3", "made_up_item"),
    "region_code_known": (
        _edit("obl", values={1: "akmola", 2: "atlantis", 3: "almaty", 99: "missing"}),
        "obl",
        "2",
    ),
    "item_mapped_once": (
        _add(
            {
                "name": "q3b",
                "role": "item",
                "code": "gen_attitude",
                "valence": {"positive": [1]},
            }
        ),
        "q3b",
        "gen_attitude",
    ),
    "multi_response_mapped_once": (
        _edit("q20_2", subject="kz_tv_ru"),
        "q20_2",
        "information_sources / kz_tv_ru",
    ),
    "valence_disjoint": (
        _edit("q3", valence={"positive": [1, 2, 3], "neutral": [3], "missing": [99]}),
        "q3",
        "3",
    ),
    "respondent_id_declared": (
        _add({"name": "anketa", "role": "identifier", "kind": "name", "action": "drop"}),
        "anketa",
        None,
    ),
    "identifier_kind_action": (_edit("tel", action="keep"), "tel", "keep"),
    "role_valid": (_edit("weight_x", role="wieght"), "weight_x", "wieght"),
    "weight_declared_once": (
        lambda cb: [
            _edit("weight_x", role="weight")(cb),
            _add({"name": "weight_2", "role": "weight"})(cb),
        ],
        "weight_2",
        None,
    ),
    "weight_numeric": (
        _edit("weight_x", role="weight", values={1: "one"}),
        "weight_x",
        None,
    ),
    "bounds_valid": (_edit("vozrast", min=16), "vozrast", "min 16"),
    "delimiter_valid": (
        lambda cb: cb["wave"].update(format="csv", delimiter="\\t"),  # two characters
        None,
        "'\\\\t'",
    ),
    "values_non_empty": (_edit("q15_1", values=None), "q15_1", None),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_consistency_rule_names_file_variable_value_and_fix(raw_dir: Path, rule: str) -> None:
    edit, var, value = CASES[rule]
    source = write_wave(raw_dir, "cpi_2023_12", edit_codebook=edit)
    issues = [i for i in consistency_issues(read_codebook(source.codebook_path)) if i.rule == rule]
    assert len(issues) == 1, consistency_issues(read_codebook(source.codebook_path))
    message = issues[0].message()
    assert str(source.codebook_path) in message and "Fix:" in message
    if var:
        assert f"'{var}'" in message
    if value:
        assert value in message
    with pytest.raises(CodebookError) as exc:  # load_codebook refuses the same codebook
        load_codebook(source.codebook_path)
    assert exc.value.exit_code == 2 and message in str(exc.value)


def test_missing_data_file_is_a_codebook_problem(raw_dir: Path) -> None:
    source = write_wave(raw_dir, "cpi_2023_12")
    source.data_path.unlink()
    codebook = read_codebook(source.codebook_path)
    assert consistency_issues(codebook) == []  # the pure rules do not look at the disk
    assert [i.rule for i in data_file_issues(codebook)] == ["data_file_exists"]
    with pytest.raises(CodebookError, match="cpi_2023_12.sav does not exist"):
        load_codebook(source.codebook_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("codebook_version: 1\nwave: [unclosed", "YAML"),
        ("codebook_version: 2\n", "codebook_version"),
        (
            "codebook_version: 1\nwave: {id: x, year: 2023, file: x.sav}\nvariables: [{name: a, role: ignore}]\n",
            "wave.respondent_id",
        ),
        (
            (
                "codebook_version: 1\nwave: {id: x, year: 2023, file: x.sav, respondent_id: a}\n"
                "variables: [{name: q, role: item, values: {one: x}}]\n"
            ),
            "'one'",
        ),
    ],
)
def test_structural_errors_raise_codebook_error(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "x" / "codebook.yml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError) as exc:
        read_codebook(path)
    assert str(path) in str(exc.value) and expected in str(exc.value) and "Fix" in str(exc.value)


def test_each_codebook_is_parsed_once_per_content(raw_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from cpi.ingest.gate import validate_wave
    from cpi.ingest.waves import discover_waves

    parsed: list[str] = []
    real_load = yaml.load

    def counting_load(stream, Loader):
        parsed.append(stream[:20])
        return real_load(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "load", counting_load)
    source = write_wave(raw_dir, "cpi_2023_12")
    (found,) = discover_waves(raw_dir)  # discovery reads wave.file
    assert validate_wave(found).ok
    load_codebook(source.codebook_path)  # and the loader reads it again
    assert len(parsed) == 1
    text = source.codebook_path.read_text(encoding="utf-8")
    source.codebook_path.write_text(text.replace("year: 2023", "year: 2024"), encoding="utf-8")
    assert load_codebook(source.codebook_path).wave.year == 2024  # new content: parsed again
    assert len(parsed) == 2


def test_a_parsed_codebook_cannot_be_changed_by_its_users(raw_dir: Path) -> None:
    source = write_wave(raw_dir, "cpi_2023_12")
    q3 = load_codebook(source.codebook_path).variable("q3")
    with pytest.raises(TypeError):
        q3.valence["positive"] = (1.0,)  # shared by every caller: read-only
    assert load_codebook(source.codebook_path).variable("q3").valence["positive"] == (1.0, 2.0)
