"""Survey weights: raking (iterative proportional fitting) to population margins, trimming, and
the per-wave weight table of ``int_respondent_weights_computed``.

Raking adjusts weights one margin at a time until the weighted sample reproduces every margin
(Deming & Stephan 1940; Lumley 2010, ch. 7; R ``survey::rake``). Trimming caps weights at
``cap_ratio`` x the mean and re-spreads the excess (the ANES rule, DeBell & Krosnick 2009, cap 5),
alternating with raking ("rake-trim-rake", Battaglia et al. 2009).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from survey_stats.errors import StatsError

log = logging.getLogger(__name__)

WEIGHT_COLUMNS = [
    "wave_id",
    "respondent_id",
    "weight_source",
    "design_weight",
    "weight",
    "is_trimmed",
    "raking_cells",
    "raking_max_margin_error",
    "raking_worst_margin",
    "is_raking_converged",
]
#: a raked wave whose final weights miss a margin by more than this relative error is reported as
#: not converged (raking itself stops at 1e-8; only trimming in the last cycle leaves more).
MARGIN_TOLERANCE = 1e-6
#: joins the ``dimension=category`` cells of a respondent in ``raking_cells``.
CELLS_SEPARATOR = ";"
#: weights are rounded to multiples of 2^-20 so every sum of them is exact in float64 (bit-stable
#: in any order, in Python and in SQL).
WEIGHT_RESOLUTION = 2.0**-20
#: first fieldwork year with the 2022 regional units (Abai, Ulytau, Zhetysu).
REGION_REFORM_YEAR = 2022
DIMENSIONS = ("region", "settlement", "gender", "age_band")
#: joins the codes of a margin cell published only as a sum (seed category "turkestan+ulytau").
CELL_SEPARATOR = "+"


class RakingError(StatsError):
    """Raking cannot meet a margin (empty cell or no convergence)."""

    def __init__(self, message: str, dimension: str) -> None:
        super().__init__(message)
        self.dimension = dimension


@dataclass(frozen=True)
class Margin:
    """One raking dimension: respondent category codes (-1 = unknown) and population shares."""

    dimension: str
    reference_year: int
    categories: tuple[str, ...]
    codes: np.ndarray
    shares: np.ndarray


def rake(base: np.ndarray, margins: Sequence[Margin], max_iter: int = 200, tol: float = 1e-8) -> np.ndarray:
    """Iterative proportional fitting of ``base`` weights to one-way margins.

    Each sweep multiplies, for every margin d and category k, the weights of the respondents in
    k by T_dk / S_dk (target total / current weighted total). Respondents whose category is
    unknown (code -1) keep their share of the total in that margin: the known categories are
    raked to shares_d x (total - U_d), where U_d is the unknown respondents' starting weight, and
    the unknown group is rescaled back to U_d. Converged when every |S_dk / T_dk - 1| < tol.

    Raises RakingError for a category with a population but no respondent, or no convergence.
    """
    weights = np.asarray(base, dtype=float).copy()
    total = float(weights.sum())
    targets, unknown_totals = [], []
    for margin in margins:
        unknown = margin.codes < 0
        unknown_total = float(weights[unknown].sum())
        target = margin.shares * (total - unknown_total)
        present = np.bincount(margin.codes[~unknown], minlength=len(margin.categories)) > 0
        empty = np.flatnonzero((target > 0) & ~present)
        if empty.size:
            raise RakingError(
                f"margin '{margin.dimension}' (reference year {margin.reference_year}) category "
                f"'{margin.categories[empty[0]]}' has a population but no respondent",
                margin.dimension,
            )
        targets.append(target)
        unknown_totals.append(unknown_total)
    gap, worst = np.inf, margins[0].dimension if margins else ""
    for _ in range(max_iter):
        for margin, target, unknown_total in zip(margins, targets, unknown_totals, strict=True):
            known = margin.codes >= 0
            sums = np.bincount(margin.codes[known], weights=weights[known], minlength=target.size)
            factor = np.divide(target, sums, out=np.ones_like(target), where=sums > 0)
            weights[known] *= factor[margin.codes[known]]
            if unknown_total > 0:
                weights[~known] *= unknown_total / weights[~known].sum()
        gap, worst = 0.0, margins[0].dimension
        for margin, target in zip(margins, targets, strict=True):
            known = margin.codes >= 0
            sums = np.bincount(margin.codes[known], weights=weights[known], minlength=target.size)
            rel = np.max(np.abs(sums[target > 0] / target[target > 0] - 1.0))
            if rel > gap:
                gap, worst = float(rel), margin.dimension
        if gap < tol:
            return weights
    raise RakingError(
        f"raking did not converge in {max_iter} sweeps: margin '{worst}' is still off by a relative {gap:.2e}",
        worst,
    )


def trim_weights(weights: np.ndarray, cap_ratio: float, max_iter: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Cap weights at cap_ratio x mean weight and spread the excess over the uncapped weights
    (their sum is rescaled so the total is unchanged); repeat until no weight exceeds the cap.
    Returns (trimmed weights, mask of capped respondents)."""
    w = np.asarray(weights, dtype=float).copy()
    total = float(w.sum())
    cap = cap_ratio * total / w.size
    capped = np.zeros(w.size, dtype=bool)
    for _ in range(max_iter):
        over = (w > cap) & ~capped
        if not over.any():
            break
        capped |= over
        w[capped] = cap
        free = ~capped
        w[free] *= (total - cap * capped.sum()) / w[free].sum()
    return w, capped


def calibrate(
    base: np.ndarray,
    margins: Sequence[Margin],
    cap_ratio: float,
    max_cycles: int = 20,
    max_iter: int = 200,
    tol: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray]:
    """Rake, trim, and rake again until trimming no longer moves a weight (or max_cycles).

    The result is always the trimmed vector, so no weight exceeds the cap; when trimming was
    needed in the last cycle the margins hold only approximately. Returns (weights, is_trimmed).
    """
    weights = np.asarray(base, dtype=float)
    if not margins:
        return trim_weights(weights, cap_ratio)
    capped = np.zeros(weights.size, dtype=bool)
    for _ in range(max_cycles):
        raked = rake(weights, margins, max_iter=max_iter, tol=tol)
        weights, capped = trim_weights(raked, cap_ratio)
        if not capped.any():
            break
    return weights, capped


def margin_error(weights: np.ndarray, margins: Sequence[Margin]) -> tuple[float, str]:
    """The largest relative gap |S_dk / T_dk - 1| between the weighted sample and a margin's target
    (targets as in ``rake``: the known categories share the total less the unknown cell's weight),
    and the margin where it occurs. (0.0, '') without margins."""
    w = np.asarray(weights, dtype=float)
    gap, worst = 0.0, ""
    for margin in margins:
        known = margin.codes >= 0
        target = margin.shares * float(w[known].sum())
        sums = np.bincount(margin.codes[known], weights=w[known], minlength=target.size)
        rel = float(np.max(np.abs(sums[target > 0] / target[target > 0] - 1.0), initial=0.0))
        if not worst or rel > gap:
            gap, worst = rel, margin.dimension
    return gap, worst


def raking_cells(margins: Sequence[Margin]) -> np.ndarray:
    """Every respondent's raking cells as ``dimension=category`` joined by ``;`` (empty category =
    the unknown cell); None for every respondent when there is no margin. The linearised variances
    (survey_stats.linearisation) regress on these cells."""
    if not margins:
        return np.full(0, None, dtype=object)
    parts = []
    for margin in margins:
        names = np.array(
            [f"{margin.dimension}={c}" for c in margin.categories] + [f"{margin.dimension}="], dtype=object
        )
        parts.append(names[np.where(margin.codes >= 0, margin.codes, len(margin.categories))])
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + CELLS_SEPARATOR + part
    return joined


def normalise_exact(weights: np.ndarray) -> np.ndarray:
    """Scale weights to sum to their count n, round them to multiples of WEIGHT_RESOLUTION and put
    the rounding residue on the weight closest to 1, so the sum is exactly n in float64."""
    w = np.asarray(weights, dtype=float)
    n = w.size
    scaled = w * (n / w.sum())
    quantised = np.round(scaled / WEIGHT_RESOLUTION) * WEIGHT_RESOLUTION
    residue = n - quantised.sum()
    quantised[int(np.argmin(np.abs(quantised - 1.0)))] += residue
    return quantised


def _nearest_year(years: Sequence[int], year: int) -> int:
    return min(years, key=lambda y: (abs(y - year), y))


def margin_cells(rows: pd.DataFrame) -> list[tuple[tuple[str, ...], float]] | None:
    """The cells of one margin (reference year x dimension x basis) when it is complete, else None.

    A category may join several codes with ``+`` (e.g. ``turkestan+ulytau``) when only their sum is
    published: the codes then form one raking cell. Complete means every code named by any row is
    covered by exactly one row with a positive value; a row without a value is ignored when a valued
    row covers its codes. Cells come sorted by their codes.
    """
    named = {code for category in rows["category"] for code in str(category).split(CELL_SEPARATOR)}
    valued = rows[rows["value"].notna() & (rows["value"] > 0)]
    cells = [
        (tuple(sorted(str(category).split(CELL_SEPARATOR))), float(value))
        for category, value in zip(valued["category"], valued["value"], strict=True)
    ]
    covered = [code for codes, _ in cells for code in codes]
    if not cells or len(covered) != len(set(covered)) or set(covered) != named:
        return None
    return sorted(cells)


def merge_cells(
    cells: Sequence[tuple[tuple[str, ...], float]], crosswalk: Mapping[str, str]
) -> list[tuple[tuple[str, ...], float]]:
    """Cells re-expressed in other units: each code is mapped through ``crosswalk`` (unmapped codes
    stay) and cells that then share a unit are merged, their populations summed. E.g. the 2022+
    regions summed to the 17 pre-2022 units (abai + east_kazakhstan -> east_kazakhstan)."""
    merged: list[tuple[set[str], float]] = []
    for codes, value in cells:
        units, total = {crosswalk.get(code, code) for code in codes}, value
        for cell in [cell for cell in merged if cell[0] & units]:
            merged.remove(cell)
            units, total = units | cell[0], total + cell[1]
        merged.append((units, total))
    return sorted((tuple(sorted(units)), total) for units, total in merged)


def _region_cells(cells, ref_year: int, wave_year: int, crosswalk: Mapping[str, str]):
    if wave_year < REGION_REFORM_YEAR <= ref_year:
        return merge_cells(cells, crosswalk)
    if ref_year < REGION_REFORM_YEAR <= wave_year:
        log.info(
            "region margin of %s uses pre-%s units; the wave's units cannot be split", ref_year, REGION_REFORM_YEAR
        )
        return None
    return cells


def _cell_codes(attribute: pd.Series, cells: Sequence[tuple[tuple[str, ...], float]]) -> np.ndarray:
    """Cell index of every respondent (-1 when the value is missing or in no cell)."""
    codes = [code for cell_codes, _ in cells for code in cell_codes]
    cell_of = np.array([k for k, (cell_codes, _) in enumerate(cells) for _ in cell_codes], dtype=np.int64)
    position = pd.Categorical(attribute, categories=codes).codes
    return np.where(position >= 0, cell_of[np.maximum(position, 0)], -1)


def _age_codes(age: np.ndarray, rows: pd.DataFrame) -> np.ndarray:
    codes = np.full(age.size, -1, dtype=np.int64)
    for k, (low, high) in enumerate(zip(rows["age_min"], rows["age_max"], strict=True)):
        top = np.inf if pd.isna(high) else float(high)
        codes[(age >= float(low)) & (age <= top)] = k
    return codes


def _complete_margins(rows: pd.DataFrame, bases: Sequence[str], dimension: str) -> dict:
    """Per reference year, the complete margin of the first basis in ``bases`` that has one (a
    year's adult and all-ages figures are never mixed): cells, or for age bands the rows."""
    complete: dict = {}
    for basis in bases:
        for year, group in rows[rows["population_basis"] == basis].groupby("reference_year"):
            if int(year) in complete:
                continue
            if dimension == "age_band":
                if group["value"].notna().all() and (group["value"] > 0).all():
                    complete[int(year)] = group
            elif (cells := margin_cells(group)) is not None:
                complete[int(year)] = cells
    return complete


def wave_margins(
    respondents: pd.DataFrame, margins: pd.DataFrame, wave_year: int, crosswalk: Mapping[str, str], bases: Sequence[str]
) -> list[Margin]:
    """The raking margins of one wave: per dimension, the complete margin (margin_cells) whose
    reference year is nearest the wave year; within a year the first complete basis of ``bases``
    (adults before all ages)."""
    out = []
    for dimension in DIMENSIONS:
        complete = _complete_margins(margins[margins["dimension"] == dimension], bases, dimension)
        if not complete:
            continue
        ref_year = _nearest_year(list(complete), wave_year)
        if dimension == "age_band":
            chosen = complete[ref_year].sort_values("category")
            cells = [((str(c),), float(v)) for c, v in zip(chosen["category"], chosen["value"], strict=True)]
            age = pd.to_numeric(respondents["age"], errors="coerce").to_numpy(dtype=float)
            codes = _age_codes(age, chosen)
        else:
            cells = complete[ref_year]
            column = dimension
            if dimension == "region":
                cells = _region_cells(cells, ref_year, wave_year, crosswalk)
                if cells is None:
                    continue
                column = "region_code" if wave_year >= REGION_REFORM_YEAR else "region_2020_borders"
            codes = _cell_codes(respondents[column], cells)
        population = np.array([value for _, value in cells])
        categories = tuple(CELL_SEPARATOR.join(codes_) for codes_, _ in cells)
        out.append(Margin(dimension, ref_year, categories, codes, population / population.sum()))
    return out


def respondent_weights(
    respondents: pd.DataFrame,
    design_weights: pd.DataFrame,
    margins: pd.DataFrame,
    region_crosswalk: Mapping[str, str],
    cap_ratio: float = 5.0,
    bases: Sequence[str] = ("adults_18_plus", "all_ages"),
    max_iter: int = 200,
) -> pd.DataFrame:
    """The weight of every respondent of every wave (``int_respondent_weights_computed``).

    respondents: wave_id, year, respondent_id, region_code, region_2020_borders, settlement,
    gender, age. design_weights: wave_id, respondent_id, design_weight (rows only for waves
    whose codebook has a ``weight`` variable). margins: the ``ref_population_margins`` seed.
    A wave with a design weight uses it (weight_source ``design``); otherwise it is raked to
    the margins available for its year (``raked``); with no usable margin every weight is 1
    (``none``). Weights are trimmed at cap_ratio x mean and sum exactly to the wave's n.
    """
    frames = []
    design = design_weights.set_index(["wave_id", "respondent_id"])["design_weight"]
    for wave_id, wave in respondents.sort_values(["wave_id", "respondent_id"]).groupby("wave_id", sort=True):
        year = int(wave["year"].iloc[0])
        ids = wave["respondent_id"].to_numpy()
        given = design.reindex(pd.MultiIndex.from_arrays([[wave_id] * len(ids), ids])).to_numpy(dtype=float)
        if np.isfinite(given).any():
            if not (np.isfinite(given) & (given > 0)).all():
                bad = ids[~(np.isfinite(given) & (given > 0))][0]
                raise StatsError(
                    f"wave '{wave_id}': respondent '{bad}' has no positive design weight; "
                    "fix the weight variable in the data file (the gate should reject it)"
                )
            source, chosen = "design", []
            weights, capped = calibrate(given, chosen, cap_ratio)
        else:
            chosen = wave_margins(wave, margins, year, region_crosswalk, bases)
            source = "raked" if chosen else "none"
            try:
                weights, capped = calibrate(np.ones(len(ids)), chosen, cap_ratio, max_iter=max_iter)
            except RakingError as exc:
                raise RakingError(
                    f"wave '{wave_id}' (year {year}): {exc}. Fix: check that margin in "
                    "seeds/ref_population_margins.csv (merge categories the sample cannot reach, or "
                    "leave the margin's populations empty to skip it), or raise var weight_raking_max_iter.",
                    exc.dimension,
                ) from None
            log.info(
                "wave %s: weights %s on %s",
                wave_id,
                source,
                ", ".join(f"{m.dimension} ({m.reference_year})" for m in chosen) or "no margin",
            )
        gap, worst = margin_error(weights, chosen)
        if gap > MARGIN_TOLERANCE:
            log.warning(
                "wave %s: raking stopped after its rake-and-trim cycles with margin '%s' off by "
                "%.3g %% (trimming at var weight_trim_cap moved the weights off the margins). Fix: "
                "raise var weight_trim_cap, or merge the margin's small categories in "
                "seeds/ref_population_margins.csv",
                wave_id,
                worst,
                100 * gap,
            )
        cells = raking_cells(chosen)
        n = len(ids)
        frames.append(
            pd.DataFrame(
                {
                    "wave_id": wave_id,
                    "respondent_id": ids,
                    "weight_source": source,
                    "design_weight": given if source == "design" else np.nan,
                    "weight": normalise_exact(weights),
                    "is_trimmed": capped,
                    "raking_cells": pd.array(cells if cells.size else [None] * n, dtype="string"),
                    "raking_max_margin_error": gap if chosen else np.nan,
                    "raking_worst_margin": pd.array([worst if chosen else None] * n, dtype="string"),
                    "is_raking_converged": pd.array([gap <= MARGIN_TOLERANCE if chosen else None] * n, dtype="boolean"),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=WEIGHT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[WEIGHT_COLUMNS]
