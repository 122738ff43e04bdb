"""Storage: the DuckDB analytics store of a workspace."""

from rajut.store.analytics import AnalyticsStore, open_store

__all__ = ["AnalyticsStore", "open_store"]
