"""Compare generated demo waves with the printed numbers: ``python -m cpi_demo.check [raw_dir]``."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from cpi_demo.metrics import compute
from cpi_demo.targets import REPO_ROOT, published
from cpi_demo.tolerance import matches

# rows whose value depends on a statistical rule chosen by the warehouse, not on the data alone
RULE_DEPENDENT = ("influential:",)


def compare(raw_dir: Path) -> pd.DataFrame:
    got = compute(raw_dir)
    rows = []
    for r in published().itertuples():
        if str(r.measure).startswith(RULE_DEPENDENT):
            continue
        key = (int(r.year), r.item_code, r.factor, r.group_code, r.measure)
        value, n_base = got.get(key, (None, None))
        ok = matches(r.measure, float(r.value), value, float(r.step), n_base)
        rows.append(
            {
                "table": r.table,
                "year": r.year,
                "item_code": r.item_code,
                "factor": r.factor,
                "group_code": r.group_code,
                "measure": r.measure,
                "printed": r.value,
                "reproduced": value,
                "n_base": n_base,
                "ok": ok,
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str]) -> int:
    raw_dir = Path(argv[0]) if argv else REPO_ROOT / "data" / "raw"
    res = compare(raw_dir)
    by_table = res.groupby("table")["ok"].agg(["sum", "count"])
    pd.set_option("display.width", 200)
    print(by_table.assign(share=lambda d: (100 * d["sum"] / d["count"]).round(1)).to_string())
    share = 100 * res["ok"].mean()
    print(f"\nreproduced {int(res['ok'].sum())} of {len(res)} printed numbers ({share:.1f} %)")
    misses = res[~res["ok"]]
    if len(misses):
        print(misses.drop(columns=["ok"]).to_string(index=False))
    return 0 if share >= 99 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
