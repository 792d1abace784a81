"""Hierarchical clustering of regions by their item-score profiles, and how far to trust it:
cophenetic correlation of the tree (Sokal & Rohlf 1962) and bootstrap stability of the clusters
(Hennig 2007: mean Jaccard similarity of each cluster with its best match in clusterings of
bootstrap resamples of respondents)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import cophenet, fcluster, leaves_list, linkage
from scipy.spatial.distance import squareform

from survey_stats.bootstrap import FLOAT32_MAX_N
from survey_stats.multiplicities import (
    one_blas_thread,
    poisson_chunks,
    replicate_chunk,
    wave_seed,
)

LEVELS = range(2, 7)
LINKAGE_COLUMNS = ["year", "step", "left_node", "right_node", "distance", "size"]
CLUSTER_COLUMNS = ["year", "region_code", "dendrogram_order", "n_regions"] + [f"cluster_level_{k - 1}" for k in LEVELS]
STABILITY_COLUMNS = (
    ["year", "region_code", "cophenetic_correlation"] + [f"stability_level_{k - 1}" for k in LEVELS] + ["n_replicates"]
)


def correlation_distances(profile: np.ndarray) -> np.ndarray:
    """Condensed distance vector 1 - Pearson r between the rows of a region x item matrix."""
    r = np.corrcoef(np.asarray(profile, dtype=float))
    distance = np.clip(1.0 - np.nan_to_num(r, nan=0.0), 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    return squareform(distance, checks=False)


def region_linkage(profile: np.ndarray) -> np.ndarray | None:
    """scipy average-linkage matrix of a region x item matrix (rows sorted by region code);
    None with fewer than 3 regions or 3 items."""
    profile = np.asarray(profile, dtype=float)
    if profile.shape[0] < 3 or profile.shape[1] < 3:
        return None
    return linkage(correlation_distances(profile), method="average")


def cophenetic_correlation(tree: np.ndarray, distances: np.ndarray) -> float:
    """Pearson correlation between the input distances and the tree's cophenetic distances
    (scipy.cluster.hierarchy.cophenet): how faithfully the dendrogram keeps the distances."""
    c, _ = cophenet(tree, distances)
    return float(c)


def cut(tree: np.ndarray, k: int) -> np.ndarray:
    """Cluster labels when the tree is cut into at most k clusters (fcluster, maxclust)."""
    return np.asarray(fcluster(tree, t=k, criterion="maxclust"))


def cluster_stability(labels: np.ndarray, replicate_labels: np.ndarray) -> np.ndarray:
    """Hennig's (2007) clusterwise Jaccard stability, reported per object.

    For each original cluster C and replicate b: gamma_Cb = max over replicate clusters D of
    |C n D| / |C u D|; the stability of C is the mean over replicates. Each object gets the
    stability of its own cluster. labels: (n,); replicate_labels: (B, n). Values 0..1;
    Hennig reads > 0.85 as stable and < 0.6 as dissolved.
    """
    labels = np.asarray(labels)
    replicate_labels = np.asarray(replicate_labels)
    present = replicate_labels[:, :, None] == np.unique(replicate_labels)[None, None, :]  # (B, n, D)
    sizes = present.sum(axis=1)
    out = np.empty(labels.size)
    for cluster in np.unique(labels):
        member = labels == cluster
        shared = present[:, member, :].sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            jaccard = np.where(sizes > 0, shared / (member.sum() + sizes - shared), -np.inf)
        out[member] = float(np.mean(jaccard.max(axis=1)))  # best match per replicate, averaged
    return out


def year_trees(profiles: pd.DataFrame) -> Iterator[tuple[int, pd.DataFrame, np.ndarray]]:
    """(year, region x item score matrix sorted by region code, linkage) of every year that has a
    tree. profiles: year, region_code, item_code, score (int_region_profiles_pivoted)."""
    for year, frame in profiles.groupby("year", sort=True):
        matrix = frame.pivot(index="region_code", columns="item_code", values="score").sort_index()
        tree = region_linkage(matrix.to_numpy())
        if tree is not None:
            yield int(year), matrix, tree


def region_linkage_table(profiles: pd.DataFrame) -> pd.DataFrame:
    """``int_region_linkage_computed``: one row per merge step of each year's tree."""
    rows = []
    for year, _, tree in year_trees(profiles):
        for step, (left, right, dist, size) in enumerate(tree, start=1):
            rows.append(
                {
                    "year": int(year),
                    "step": step,
                    "left_node": int(left),
                    "right_node": int(right),
                    "distance": float(dist),
                    "size": int(size),
                }
            )
    return pd.DataFrame(rows, columns=LINKAGE_COLUMNS)


def region_cluster_table(profiles: pd.DataFrame, linkage_rows: pd.DataFrame) -> pd.DataFrame:
    """``int_region_clusters_computed``: dendrogram order and cluster id at 2..6 clusters."""
    rows = []
    for year, steps in linkage_rows.groupby("year", sort=True):
        regions = sorted(profiles.loc[profiles["year"] == year, "region_code"].unique())
        tree = steps.sort_values("step")[["left_node", "right_node", "distance", "size"]].to_numpy(dtype=float)
        order = {int(leaf): pos for pos, leaf in enumerate(leaves_list(tree), start=1)}
        cuts = {k: cut(tree, min(k, len(regions))) for k in LEVELS}
        for index, region in enumerate(regions):
            row = {
                "year": int(year),
                "region_code": region,
                "dendrogram_order": order[index],
                "n_regions": len(regions),
            }
            row.update({f"cluster_level_{k - 1}": int(cuts[k][index]) for k in LEVELS})
            rows.append(row)
    return pd.DataFrame(rows, columns=CLUSTER_COLUMNS)


#: working memory of the replicate chunks and region blocks of the stability bootstrap.
STABILITY_BUDGET_BYTES = 128 * 2**20


@dataclass(frozen=True)
class RegionPanel:
    """One year's respondents (wave, respondent order) with a region and answers on the items of
    the year's region profile (rows of ``profile`` = region_codes, columns = item_codes)."""

    year: int
    profile: pd.DataFrame
    tree: np.ndarray
    valence: np.ndarray  # int8 (n x items)
    valid: np.ndarray  # bool (n x items)
    region: np.ndarray  # (n,) row of profile


def region_panels(answers: pd.DataFrame, regions: pd.DataFrame, profiles: pd.DataFrame) -> Iterator[RegionPanel]:
    """RegionPanels from long frames (see region_cluster_stability for the columns)."""
    for year, matrix, tree in year_trees(profiles):
        region_codes, item_codes = list(matrix.index), list(matrix.columns)
        data = answers[(answers["year"] == year) & answers["item_code"].isin(item_codes)]
        data = data.merge(regions, on=["wave_id", "respondent_id"], how="inner")
        data = data[data["region_code"].isin(region_codes)]
        keys = (data["wave_id"].astype(str) + "\x1f" + data["respondent_id"].astype(str)).to_numpy()
        ids, rows = np.unique(keys, return_inverse=True)
        cols = pd.Index(item_codes).get_indexer(data["item_code"])
        value = pd.to_numeric(data["valence"], errors="coerce").to_numpy(dtype=float)
        ok = ~np.isnan(value)
        valence = np.zeros((ids.size, len(item_codes)), dtype=np.int8)
        valid = np.zeros((ids.size, len(item_codes)), dtype=bool)
        valence[rows[ok], cols[ok]] = value[ok].astype(np.int8)
        valid[rows[ok], cols[ok]] = True
        region = np.zeros(ids.size, dtype=np.int64)
        region[rows] = pd.Index(region_codes).get_indexer(data["region_code"])
        yield RegionPanel(int(year), matrix, tree, valence, valid, region)


def _replicate_scores(panel: RegionPanel, multiplicities: np.ndarray) -> np.ndarray:
    """(C, regions, items) item scores of a chunk of replicates (C, n) uint8: per region, one
    product of its respondents' multiplicities with their valences and valid flags (float32: the
    integer sums stay below 2^24, hence exact)."""
    regions, items = panel.profile.shape
    low = np.float32 if panel.region.size < FLOAT32_MAX_N else np.float64
    out = np.full((multiplicities.shape[0], regions, items), np.nan)
    for g in range(regions):
        rows = np.flatnonzero(panel.region == g)
        m = multiplicities[:, rows].astype(low)
        num = (m @ panel.valence[rows].astype(low)).astype(np.float64)
        den = (m @ panel.valid[rows].astype(low)).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[:, g] = np.where(den > 0, num / den, np.nan)
    return out


def stability_of_panels(panels: Iterable[RegionPanel], replicates: int, seed: int) -> pd.DataFrame:
    """region_cluster_stability for years already in matrix form."""
    rows = []
    with one_blas_thread():
        for panel in panels:
            region_codes = list(panel.profile.index)
            n_regions = len(region_codes)
            cophenetic = cophenetic_correlation(panel.tree, correlation_distances(panel.profile.to_numpy()))
            n = panel.region.size
            rng = wave_seed(seed, f"region_clusters_{panel.year}")
            chunk = replicate_chunk(replicates, n, STABILITY_BUDGET_BYTES)
            # all replicates' region x item scores first (matrix products beside the drawing thread),
            # then the trees (small, Python-bound)
            scores = np.concatenate(
                [
                    _replicate_scores(panel, multiplicities)
                    for _, multiplicities in poisson_chunks(rng, replicates, n, chunk)
                ]
            )
            labels = {k: np.empty((replicates, n_regions), dtype=np.int64) for k in LEVELS}
            for b in range(replicates):
                replicate_tree = linkage(correlation_distances(scores[b]), method="average")
                for k in LEVELS:
                    labels[k][b] = cut(replicate_tree, min(k, n_regions))
            stability = {k: cluster_stability(cut(panel.tree, min(k, n_regions)), labels[k]) for k in LEVELS}
            for index, region in enumerate(region_codes):
                row = {
                    "year": panel.year,
                    "region_code": region,
                    "cophenetic_correlation": cophenetic,
                    "n_replicates": replicates,
                }
                row.update({f"stability_level_{k - 1}": float(stability[k][index]) for k in LEVELS})
                rows.append(row)
    return pd.DataFrame(rows, columns=STABILITY_COLUMNS)


def region_cluster_stability(
    answers: pd.DataFrame, regions: pd.DataFrame, profiles: pd.DataFrame, replicates: int, seed: int
) -> pd.DataFrame:
    """``int_region_cluster_stability_computed``: per year and region, the cophenetic correlation
    of the year's tree and the Hennig stability of the region's cluster at 2..6 clusters.

    answers: year, wave_id, respondent_id, item_code, valence (annual waves). regions: wave_id,
    respondent_id, region_code. profiles: int_region_profiles_pivoted (fixes the items and the
    original tree). Each replicate re-weights respondents by Poisson(1) multiplicities, recomputes
    the region x item scores, the distances, the average-linkage tree and its cuts.
    """
    return stability_of_panels(region_panels(answers, regions, profiles), replicates, seed)
