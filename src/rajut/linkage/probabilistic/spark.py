"""A local Spark session for the Spark backend (offline: Splink's similarity jar)."""

from __future__ import annotations

import tempfile
from typing import Any


def local_spark(master: str = "local[2]", driver_memory: str = "2g") -> Any:
    """Create (or reuse) a local Spark session with Splink's similarity UDF jar.

    For a cluster, build your own session with the same ``spark.jars`` setting
    (see docs/linkage.md) and pass it as ``spark=``.
    """
    from pyspark.sql import SparkSession

    from rajut.linkage.probabilistic.splink_adapter import similarity_jar

    session = (
        SparkSession.builder.master(master)
        .appName("rajut-linkage")
        .config("spark.jars", similarity_jar())
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="rajut-spark-"))
    return session
