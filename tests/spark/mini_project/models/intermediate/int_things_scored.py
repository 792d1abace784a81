"""Python model between SQL models: score = amount x the score_factor var (via config)."""

import pandas as pd


def model(dbt, session):
    dbt.config(materialized="table")
    factor = float(dbt.config.get("score_factor"))
    things = dbt.ref("stg_raw__things").df().sort_values("thing_id")
    labels = dbt.ref("ref_labels").df()
    merged = things.merge(labels[["label_code", "sort_order"]], on="label_code", how="left")
    return pd.DataFrame(
        {
            "thing_id": merged["thing_id"].astype("int64"),
            "label_code": merged["label_code"].astype(object),
            "score": merged["amount"].astype(float) * factor,
            "rank_in_label": merged.groupby("label_code")["amount"].rank(method="first").astype("int64"),
        }
    )
