"""The report prints the p-value its marks were decided on: with the dbt var
influence_p_adjustment = 'bh' the integral table and the gap sentences show the
Benjamini–Hochberg p-values and name that method, never Holm's."""

# ruff: noqa: F811  (the fixtures are imported from report_helpers, then named as arguments)
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from cpi.report.context import Context
from cpi.report.narrative import group_gaps
from cpi.report.tables import integral, latest
from presentation.i18n import translate
from tests.report.report_helpers import report_release  # noqa: F401 (fixture)


def _bh_release(release: Path, copy: Path) -> Path:
    """A copy of the release built as with influence_p_adjustment = 'bh': the BH p-values made
    distinct from the Holm ones (a third of them) so that printing the wrong column shows."""
    shutil.copyfile(release, copy)
    con = duckdb.connect(str(copy))
    con.execute(
        "update marts.fct_factor_differences_v2 set adjustment_method = 'bh', "
        "p_value_bh = round(p_value_holm / 3, 4), p_value_holm = 0.987 where p_value_holm is not null"
    )
    con.close()
    return copy


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_integral_table_and_gaps_print_the_bh_p_and_name_it(report_release, tmp_path: Path, lang: str) -> None:
    copy = _bh_release(report_release, tmp_path / "bh.duckdb")
    ctx = Context(duckdb.connect(str(copy), read_only=True), lang)
    bh, holm = translate("report.adjustment.bh", lang), translate("report.adjustment.holm", lang)
    assert bh != holm

    df = latest(ctx.read("factor_differences"))
    tested = df[df["p_value_bh"].notna()]
    table = integral(ctx, 36)
    p_col = table.columns.index(translate("report.col.p_adjusted", lang, adjustment=bh))
    printed = sorted(row[p_col] for row in table.rows if row[p_col] != ctx.f(None, "p"))
    assert printed == sorted(ctx.f(v, "p") for v in tested["p_value_bh"])
    assert ctx.f(0.987, "p") not in printed  # the Holm column, set apart in the copy
    assert bh in table.note and holm not in table.note

    influential = tested[(tested["indicator_code"] == "composite") & tested["is_influential"].astype(bool)]
    assert len(influential), "the demo release marks some composite gap influential"
    gaps = " ".join(group_gaps(ctx))
    for p in influential["p_value_bh"]:
        assert ctx.f(p, "p") in gaps
    assert bh in gaps and ctx.f(0.987, "p") not in gaps
    assert "{" not in gaps and "{" not in table.note


def test_the_methods_annex_names_the_release_method(report_release, tmp_path: Path) -> None:
    built = Context(duckdb.connect(str(report_release), read_only=True), "en")
    other = Context(duckdb.connect(str(_bh_release(report_release, tmp_path / "bh.duckdb")), read_only=True), "en")
    assert translate("report.adjustment.holm", "en") in built.t("report.methods_annex")
    assert translate("report.adjustment.bh", "en") in other.t("report.methods_annex")
