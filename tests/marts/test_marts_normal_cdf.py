"""The normal CDF macro (macros/cross_db/normal_cdf.sql) against scipy.

The macros are rendered with plain Jinja -- dbt's `adapter.dispatch` resolves to the default
(DuckDB) implementation, dbt's `return` outputs its value -- and the SQL is evaluated by DuckDB
on a grid of points.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import jinja2
import numpy as np
import pytest
from scipy import stats

MACRO = Path(__file__).resolve().parents[2] / "macros" / "cross_db" / "normal_cdf.sql"


class _DefaultAdapter:
    """dbt's adapter.dispatch(name) -> the macro default__<name> of the rendered module."""

    def __init__(self) -> None:
        self.module = None

    def dispatch(self, name: str, _namespace: str | None = None):
        return getattr(self.module, f"default__{name}")


@pytest.fixture(scope="module")
def macros():
    adapter = _DefaultAdapter()
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.globals.update(adapter=adapter, **{"return": lambda value: value})
    adapter.module = env.from_string(MACRO.read_text(encoding="utf-8")).module
    return adapter.module


def evaluate(sql_of_x: str, xs: np.ndarray) -> np.ndarray:
    con = duckdb.connect()
    con.execute("create table grid (x double)")
    con.executemany("insert into grid values (?)", [(float(x),) for x in xs])
    return np.array([r[0] for r in con.execute(f"select {sql_of_x} from grid order by x").fetchall()])


def test_normal_cdf_matches_scipy_to_1e_12_everywhere(macros) -> None:
    xs = np.sort(np.concatenate([np.linspace(-40, 40, 4001), [0.0, 1.959963984540054, -7.07106781186547]]))
    got = evaluate(str(macros.default__normal_cdf("x")), xs)
    assert np.max(np.abs(got - stats.norm.cdf(xs))) < 1e-12


def test_lower_tail_keeps_relative_accuracy(macros) -> None:
    # p-values far in the tail must not collapse to 0 or lose their digits
    xs = np.linspace(-37, 0, 3701)
    got = evaluate(str(macros.default__normal_cdf("x")), xs)
    expected = stats.norm.cdf(xs)
    assert np.max(np.abs(got - expected) / expected) < 1.5e-8


def test_two_sided_p_value(macros) -> None:
    zs = np.array([-5.0, -1.959963984540054, -1.0, 0.0, 0.5, 1.959963984540054, 3.0, 8.0])
    got = evaluate(str(macros.normal_two_sided_p("x")), zs)
    np.testing.assert_allclose(got, 2 * stats.norm.sf(np.abs(np.sort(zs))), rtol=1e-9, atol=1e-15)
    assert got[np.sort(zs) == 0.0][0] == 1.0
