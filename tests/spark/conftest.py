"""Spark tests need pyspark, dbt-spark (`make setup-spark`) and Java 17; they skip with the fix otherwise."""

from __future__ import annotations

import pytest

from cpi.errors import BuildError


@pytest.fixture(scope="session")
def spark_stack() -> None:
    from cpi.engines.spark.settings import require_spark_stack

    try:
        require_spark_stack()
    except BuildError as exc:
        pytest.skip(f"Spark stack unavailable: {exc}")
