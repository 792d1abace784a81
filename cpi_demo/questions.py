"""Non-index questions: projects and threat (2023), information space and concerns (2021)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cpi_demo.attitudes import Attitudes
from cpi_demo.fit import Printed, fit_counts
from cpi_demo.items import pct_windows
from cpi_demo.reasons import answer_reasons
from cpi_demo.solver import Window, assign_classes
from cpi_demo.targets import Targets

PROJECTS = ("wewc_corridor", "belt_and_road", "car_plant", "astana_lrt")
AWARENESS = {
    "astana_lrt": 84.0,
    "car_plant": 79.0,
    "wewc_corridor": 76.0,
    "belt_and_road": 71.0,
}  # assumed, 70-85 %
NEWS = {
    "often": 36.0,
    "rarely": 35.0,
    "very_rarely": 17.0,
    "never": 12.0,
}  # 71 = often + rarely
# tone of the China-related information met, % of those who meet it (assumed; Table 3 prints
# only per-source ratios of 0.61-1.80 around an overall of about 1)
TONE = {"positive": 37.0, "negative": 35.0, "neutral": 28.0}
NOT_ASKED = "not_asked"
FUNNEL = ("read_articles", "interested", "communicated", "visited")
SOURCES = (
    "social_networks",
    "messengers",
    "websites_ru",
    "kz_tv_ru",
    "personal_communication",
    "kz_tv_kz",
    "websites_kz",
    "russian_media",
    "radio_ru",
    "kz_newspapers_kz",
    "kz_newspapers_ru",
    "radio_kz",
    "other_foreign_media",
)
CONCERNS = (
    "land_sales",
    "enterprise_relocation",
    "interethnic_marriages",
    "labour_migration",
    "economic_dependence",
    "kazakhs_in_china",
    "political_influence",
    "expansion",
    "workers_at_chinese_enterprises",
    "us_trade_war",
    "military_bases",
    "xuar_muslims",
    "belt_and_road",
    "no_concerns",
    "other_dont_know",
)
# the reasons block once drew one uniform vector per option (7 + 7) from the wave's stream; it
# now has a stream of its own (cpi_demo.reasons) and skips these draws, so that the answers drawn
# after it (labour statements, the file's source codes) stay as they were
REASONS_FORMER_DRAWS = 14
LABOUR = ("lack_of_skilled_labour", "many_illegal_migrants", "chinese_workers_compete")
THREAT_BY_MACRO = {
    "south": 0.7,
    "east": 0.8,
    "west": -0.8,
    "north": -0.9,
    "centre": 0.0,
    "astana": 0.2,
    "almaty": 0.3,
    "shymkent": 0.4,
}


def _choice(
    rng: np.random.Generator,
    n: int,
    codes: list[str],
    counts: list[int],
    util: np.ndarray | None = None,
) -> np.ndarray:
    pref = rng.gumbel(size=(n, len(codes)))
    if util is not None:
        pref[:, 0] += util
    return np.array(codes, dtype=object)[assign_classes(pref, counts, [])]


def _counts(n: int, pcts: list[float]) -> list[int]:
    raw = [p / 100 * n for p in pcts]
    out = [int(np.floor(v)) for v in raw]
    for i in sorted(range(len(raw)), key=lambda i: -(raw[i] - out[i]))[: n - sum(out)]:
        out[i] += 1
    return out


def projects_and_threat(people: pd.DataFrame, att: Attitudes, t: Targets, rng: np.random.Generator) -> pd.DataFrame:
    n = len(people)
    out = pd.DataFrame(index=people.index)
    macro = people["macro_region"].to_numpy()
    for proj in PROJECTS:
        subject = f"project:{proj}"
        printed = [
            Printed(k, v, t.step(subject, k))
            for k in ("pct_positive", "pct_negative", "ratio")
            if (v := t.value(subject, k)) is not None
        ]
        neutral, unsure = (
            t.value(subject, "pct_neutral") or 0.0,
            t.value(subject, "pct_unsure") or 0.0,
        )
        best = None
        for n_aware in range(int(0.70 * n), int(0.86 * n)):
            pos, rest, neg = fit_counts(
                n_aware,
                printed,
                (printed[0].value / 100, printed[1].value / 100),
                radius=3,
            )
            n_uns = round(rest * unsure / (neutral + unsure))
            err = sum(
                ((v - 100 * c / n_aware) / 0.05) ** 2
                for v, c in (
                    (printed[0].value, pos),
                    (printed[1].value, neg),
                    (neutral, rest - n_uns),
                    (unsure, n_uns),
                )
            )
            err += ((pos / neg - printed[2].value) / 0.005) ** 2 + ((n_aware / n * 100 - AWARENESS[proj]) / 5) ** 2
            if best is None or err < best[0]:
                best = (err, n_aware, pos, rest - n_uns, neg, n_uns)
        _, n_aware, pos, neu, neg, uns = best
        aware = _choice(rng, n, ["aware", "not_aware"], [n_aware, n - n_aware], 0.8 * att.general)
        out[f"project_awareness|{proj}"] = aware
        attitude = np.full(n, None, dtype=object)
        idx = np.flatnonzero(aware == "aware")
        attitude[idx] = _choice(
            rng,
            len(idx),
            ["approve", "neutral", "disapprove", "unsure"],
            [pos, neu, neg, uns],
            att.general[idx],
        )
        out[f"project_attitude|{proj}"] = attitude
    # china_threat: printed % "yes" for some groups; overall follows from them
    u = -0.7 * att.general + np.array([THREAT_BY_MACRO[m] for m in macro]) + rng.normal(size=n)
    windows: list[Window] = []
    for (f, g), p in t.group_pct("threat", "pct").items():
        mask = (people[f].astype(str).to_numpy() == g).astype(float)
        windows += pct_windows(f"threat:{f}={g}", mask, p)
    yes = round(0.34 * n)
    no = round(0.49 * n)
    pref = np.stack([u, -u, np.zeros(n)], 1)
    out["china_threat|"] = np.array(["yes", "no", "dont_know"], dtype=object)[
        assign_classes(pref, [yes, no, n - yes - no], windows, label="threat")
    ]
    return out


def _multi(
    n: int,
    base: np.ndarray,
    count: int,
    util: np.ndarray,
    windows: list[Window],
    label: str,
) -> np.ndarray:
    fixed = np.where(base, -1, 1)
    pref = np.stack([util, np.zeros(n)], 1)
    cls = assign_classes(pref, [count, n - count], windows, fixed=fixed, label=label)
    return cls == 0


def information_space(
    people: pd.DataFrame,
    att: Attitudes,
    t: Targets,
    items: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    n = len(people)
    out = pd.DataFrame(index=people.index)
    depth_util = 0.5 * att.general + rng.normal(size=n)
    news = _choice(rng, n, list(NEWS), _counts(n, list(NEWS.values())), depth_util)
    out["news_frequency|"] = news
    # funnel: nested levels (visited < communicated < interested < read), among those who meet China in the news
    level_pct = [t.value(f"funnel:{lv}", "pct") or 0.0 for lv in FUNNEL]
    order = np.argsort(
        -(depth_util + 2.0 * (news == "often") + 1.0 * (news == "rarely") - 5.0 * (news == "never")),
        kind="stable",
    )
    for lv, p in zip(FUNNEL, level_pct):
        yes = np.zeros(n, dtype=bool)
        yes[order[: round(p / 100 * n)]] = True
        out[f"funnel|{lv}"] = np.where(yes, "yes", "no")
    users = news != "never"
    tone = np.full(n, NOT_ASKED, dtype=object)
    idx = np.flatnonzero(users)
    tone[idx] = _choice(
        rng,
        len(idx),
        list(TONE),
        _counts(len(idx), list(TONE.values())),
        0.5 * att.general[idx],
    )
    out["news_tone|"] = tone
    often = (news == "often").astype(float)
    rare = np.isin(news, ["rarely", "very_rarely"]).astype(float)
    gen = items["gen_attitude"].to_numpy()
    pos, neg = (tone == "positive").astype(float), (tone == "negative").astype(float)
    n_sources = np.zeros(n)
    for src in SOURCES:
        pct = t.value(f"source:{src}", "pct") or 0.0
        r2 = t.value(f"source:{src}", "ratio_often_to_rarely") or 0.7
        r3 = t.value(f"source:{src}", "ratio_positive_to_negative") or 1.0
        # the selected count may move by one respondent so that often = r2 * rare has an integer solution
        base_count = round(pct / 100 * n)
        count = min(
            range(base_count - 1, base_count + 2),
            key=lambda c: (
                abs(c - round(c / (1 + r2)) * (1 + r2)),
                abs(c - base_count),
            ),
        )
        e_rare = count * 0.6
        e_neg = count * 0.35
        windows = [
            Window(
                f"{src}:often/rare",
                ((0, 1.0),),
                often - r2 * rare,
                -0.004 * e_rare,
                0.004 * e_rare,
            ),
            Window(
                f"{src}:pos/neg",
                ((0, 1.0),),
                pos - r3 * neg,
                -0.008 * e_neg,
                0.008 * e_neg,
            ),
        ]
        util = 1.5 * (n_sources == 0) + rng.normal(size=n)
        sel = _multi(n, users, count, util, windows, f"source:{src}")
        n_sources += sel
        out[f"information_sources|{src}"] = np.where(sel, "selected", "not_selected")
    # concerns (Table 6): % of all; "no concerns" excludes the others
    neg_att = -att.general
    no_c = t.value("concern:no_concerns", "pct") or 0.0
    none = _multi(
        n,
        np.ones(n, bool),
        round(no_c / 100 * n),
        -neg_att + rng.normal(size=n),
        [],
        "concern:none",
    )
    have = np.zeros(n)
    for c in CONCERNS:
        if c == "no_concerns":
            sel = none
        else:
            pct = t.value(f"concern:{c}", "pct") or 0.0
            sel = _multi(
                n,
                ~none,
                round(pct / 100 * n),
                neg_att + 1.5 * (have == 0) + rng.normal(size=n),
                [],
                f"concern:{c}",
            )
            have += sel
        out[f"concerns|{c}"] = np.where(sel, "selected", "not_selected")
    reasons_rng = rng.spawn(1)[0]
    rng.random((REASONS_FORMER_DRAWS, n))
    for column, values in answer_reasons(gen, t, reasons_rng).items():
        out[column] = values
    for st in LABOUR:
        agree = t.value(f"labour:{st}", "pct_agree") or 50.0
        dk = 12.0
        out[f"labour_statement|{st}"] = _choice(
            rng,
            n,
            ["agree", "disagree", "dont_know"],
            _counts(n, [agree, 100 - agree - dk, dk]),
            neg_att,
        )
    return out
