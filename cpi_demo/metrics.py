"""The report's formulas applied to decoded waves (used by ``python -m cpi_demo.check``).

Returns ``{(year, item_code, factor, group_code, measure): (value, n_base)}`` keyed like the rows
of ``reference/published_tables.csv``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

from cpi.ingest.codebook import load_codebook
from cpi_demo.annual import wave_items
from cpi_demo.targets import items as item_catalog

Key = tuple[int, str, str, str, str]
FACTORS = (
    "age_group",
    "welfare",
    "ethnicity",
    "home_language",
    "education",
    "settlement",
)
DIFFERENCE = {
    "age_group": ("18-34", "55+"),
    "welfare": ("5", "1"),
    "ethnicity": ("russian", "kazakh"),
    "home_language": ("russian", "kazakh"),
    "education": ("higher", "general_secondary"),
    "settlement": ("urban", "rural"),
}
INDICATORS = ("general", "geopolitical", "economic", "cultural")
RANKED_MULTI = (
    "reasons_positive",
    "reasons_negative",
)  # item code "<question>:<option>"


def decode(folder: Path) -> tuple[int, str, pd.DataFrame]:
    """Canonical frame of one wave folder: items -> class, others -> code; ``code|subject`` columns."""
    cb = load_codebook(folder / "codebook.yml")
    df, _ = pyreadstat.read_sav(str(cb.data_path), user_missing=True)
    out = pd.DataFrame(index=df.index)
    for v in cb.loaded_variables:
        col = df[v.name]
        if v.numeric:
            out[v.code] = col
            continue
        value_map = v.value_map()
        mapped = col.map(lambda x, m=value_map: m.get(float(x)) if pd.notna(x) else None)
        key = v.code if v.role in ("item", "demographic") else f"{v.code}|{v.subject or ''}"
        out[key] = mapped
    if "age" in out:
        out["age_group"] = pd.cut(out["age"], [17, 34, 54, 200], labels=["18-34", "35-54", "55+"]).astype(str)
    return cb.wave.year, cb.wave.kind, out


def _item_stats(s: pd.Series) -> dict[str, float]:
    valid = s[s.isin(["positive", "negative", "neutral"])]
    n = len(valid)
    pos, neg, neu = ((valid == c).sum() for c in ("positive", "negative", "neutral"))
    return {
        "n": n,
        "pct_positive": 100 * pos / n,
        "pct_negative": 100 * neg / n,
        "pct_neutral": 100 * neu / n,
        "score": (pos - neg) / n,
        "ratio": pos / neg if neg else np.nan,
    }


def annual(year: int, df: pd.DataFrame, out: dict[Key, tuple[float, float]]) -> dict[str, dict[str, float]]:
    cat = wave_items(year)
    members = {ind: list(cat.loc[cat["indicator_code"] == ind, "item_code"]) for ind in INDICATORS}
    stats = {i: _item_stats(df[i]) for i in cat["item_code"]}
    for i, st in stats.items():
        for m in ("pct_positive", "pct_negative", "pct_neutral", "score", "ratio"):
            out[(year, i, "total", "all", m)] = (st[m], st["n"])
    ind_vals = {ind: float(np.mean([stats[i]["score"] for i in mem])) for ind, mem in members.items()}
    ind_vals["composite"] = float(np.mean(list(ind_vals.values())))
    for ind, v in ind_vals.items():
        out[(year, "", "total", "all", f"indicator:{ind}")] = (v, len(df))
    econ = members["economic"]
    by_pos = sorted(econ, key=lambda i: -stats[i]["pct_positive"])
    by_ratio = sorted(econ, key=lambda i: -stats[i]["ratio"])
    for i in econ:
        out[(year, i, "total", "all", "rank")] = (by_pos.index(i) + 1, None)
        out[(year, i, "total", "all", "rank_change")] = (
            by_pos.index(i) - by_ratio.index(i),
            None,
        )
    for f in FACTORS:
        if f not in df:
            continue
        for g in sorted(df[f].dropna().astype(str).unique()):
            sub = df[df[f].astype(str) == g]
            gs = {i: _item_stats(sub[i]) for i in cat["item_code"]}
            for i, st in gs.items():
                out[(year, i, f, g, "pct_positive")] = (st["pct_positive"], st["n"])
            gi = {ind: float(np.mean([gs[i]["score"] for i in mem])) for ind, mem in members.items()}
            gi["composite"] = float(np.mean(list(gi.values())))
            for ind, v in gi.items():
                out[(year, "", f, g, f"indicator:{ind}")] = (v, len(sub))
        hi, lo = DIFFERENCE[f]
        for ind in (*INDICATORS, "composite"):
            a, b = (
                out.get((year, "", f, hi, f"indicator:{ind}")),
                out.get((year, "", f, lo, f"indicator:{ind}")),
            )
            if a and b:
                out[(year, "", f, f"{hi} minus {lo}", f"difference:{ind}")] = (
                    a[0] - b[0],
                    None,
                )
    return stats


def _pct(mask: pd.Series, base: pd.Series) -> tuple[float, float]:
    n = int(base.sum())
    return (100 * float((mask & base).sum()) / n if n else np.nan, n)


def _ranked_options(year: int, question: str, df: pd.DataFrame, out: dict[Key, tuple[float, float]]) -> None:
    """% of the question's base per option, and its rank (1 + options chosen at least as often)."""
    cols = [c for c in df.columns if c.startswith(f"{question}|")]
    if not cols:
        return
    answered = (df[cols].notna() & (df[cols] != "missing")).any(axis=1)
    pct = {c.split("|")[1]: _pct(df[c] == "selected", answered) for c in cols}
    for option, (value, n_base) in pct.items():
        rank = 1 + sum(1 for o, (v, _) in pct.items() if o != option and v >= value)
        item = f"{question}:{option}"
        out[(year, item, "total", "all", "pct")] = (value, n_base)
        out[(year, item, "total", "all", "rank")] = (rank, None)
        out[(year, item, "total", "all", "rank_at_most")] = (rank, None)


def extras(year: int, kind: str, df: pd.DataFrame, out: dict[Key, tuple[float, float]]) -> None:
    cols = [c for c in df.columns if "|" in c]
    for c in cols:
        code, subj = c.split("|")
        s = df[c]
        if code in ("concerns", "information_sources"):
            prefix = "concern" if code == "concerns" else "source"
            out[(year, f"{prefix}:{subj}", "total", "all", "pct")] = _pct(s == "selected", s.notna() & (s != "missing"))
        if code == "information_sources":
            users = s == "selected"
            nf = df["news_frequency|"]
            often, rare = (
                (users & (nf == "often")).sum(),
                (users & nf.isin(["rarely", "very_rarely"])).sum(),
            )
            out[(year, f"source:{subj}", "total", "all", "ratio_often_to_rarely")] = (
                often / rare,
                None,
            )
            tone = df["news_tone|"]  # Table 3: tone of the information met
            out[(year, f"source:{subj}", "total", "all", "ratio_positive_to_negative")] = (
                (users & (tone == "positive")).sum() / (users & (tone == "negative")).sum(),
                None,
            )
        if code == "funnel":
            out[(year, f"funnel:{subj}", "total", "all", "pct")] = _pct(s == "yes", s.isin(["yes", "no"]))
        if code == "labour_statement":
            out[(year, f"labour:{subj}", "total", "all", "pct_agree")] = _pct(
                s == "agree", s.isin(["agree", "disagree", "dont_know"])
            )
        if code == "project_attitude":
            aware = s.isin(["approve", "neutral", "disapprove", "unsure"])
            for ans, m in (
                ("approve", "pct_positive"),
                ("neutral", "pct_neutral"),
                ("disapprove", "pct_negative"),
                ("unsure", "pct_unsure"),
            ):
                out[(year, f"project:{subj}", "total", "all", m)] = _pct(s == ans, aware)
            out[(year, f"project:{subj}", "total", "all", "ratio")] = (
                (s == "approve").sum() / (s == "disapprove").sum(),
                None,
            )
        if code == "china_threat":
            for f in ("ethnicity", "welfare", "settlement"):
                for g in df[f].dropna().astype(str).unique():
                    base = (df[f].astype(str) == g) & s.isin(["yes", "no", "dont_know"])
                    out[(year, "threat", f, g, "pct")] = _pct(s == "yes", base)
    for q in RANKED_MULTI:
        _ranked_options(year, q, df, out)
    if "news_frequency|" in df:
        nf = df["news_frequency|"]
        base = nf.isin(["often", "rarely", "very_rarely", "never"])
        for key, vals in (
            ("news_often", ["often"]),
            ("news_rarely", ["rarely", "very_rarely"]),
            ("news_never", ["never"]),
            ("news_any", ["often", "rarely", "very_rarely"]),
            ("news_more_or_less_constant", ["often", "rarely"]),
        ):
            out[(year, f"funnel:{key}", "total", "all", "pct")] = _pct(nf.isin(vals), base)
    friends = [c for c in cols if c.startswith("friendly_countries|")]
    if friends:
        sel = {c.split("|")[1]: df[c] == "selected" for c in friends}
        top3: dict[str, list[str]] = {}
        for b, sb in sel.items():
            if b == "other":
                continue
            cond = {a: 100 * float((sa & sb).sum()) / float(sb.sum()) for a, sa in sel.items() if a not in (b, "other")}
            for a, v in cond.items():
                out[(year, f"friend:{a}", "chose", b, "conditional_pct")] = (
                    v,
                    float(sb.sum()),
                )
            top3[b] = sorted(cond, key=lambda a: -cond[a])[:3]
        for c, partners in top3.items():
            two = sum(1 for o in partners if c in top3[o])
            one = sum(1 for o in top3 if o != c and c in top3[o] and o not in partners)
            out[(year, f"friend:{c}", "total", "all", "links_two_way")] = (two, None)
            out[(year, f"friend:{c}", "total", "all", "links_one_way")] = (one, None)
            out[(year, f"friend:{c}", "total", "all", "links_total")] = (
                one + two,
                None,
            )
    if kind == "annual" and year == 2023:
        n = len(df)
        out[(year, "sample:n", "total", "all", "count")] = (n, None)
        for key, mask in (
            ("female", df["gender"] == "female"),
            ("male", df["gender"] == "male"),
            ("age_25_34", df["age"].between(25, 34)),
            ("kazakh", df["ethnicity"] == "kazakh"),
            ("russian", df["ethnicity"] == "russian"),
            ("married", df["marital_status"] == "married"),
            ("higher_education", df["education"] == "higher"),
            ("private_wage_earner", df["occupation"] == "private_wage_earner"),
        ):
            out[(year, f"sample:{key}", "total", "all", "pct")] = (
                100 * float(mask.sum()) / n,
                n,
            )


def compute(raw_dir: Path) -> dict[Key, tuple[float, float]]:
    out: dict[Key, tuple[float, float]] = {}
    annual_stats: dict[int, dict[str, dict[str, float]]] = {}
    for folder in sorted(p for p in Path(raw_dir).iterdir() if (p / "codebook.yml").exists()):
        year, kind, df = decode(folder)
        if kind == "annual":
            annual_stats[year] = annual(year, df, out)
        extras(year, kind, df, out)
    if 2021 in annual_stats and 2023 in annual_stats:
        for i in item_catalog()["item_code"]:
            if i in annual_stats[2021] and i in annual_stats[2023]:
                s22 = (annual_stats[2021][i]["score"] + annual_stats[2023][i]["score"]) / 2
                out[(2022, i, "total", "all", "score")] = (s22, None)
                out[(2023, i, "total", "all", "growth_ratio_vs_2022")] = (
                    annual_stats[2023][i]["score"] / s22,
                    None,
                )
    return out
