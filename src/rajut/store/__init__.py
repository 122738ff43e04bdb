"""Storage: the DuckDB analytics store of a workspace."""

from rajut.store.analytics import AnalyticsStore, open_store, table_exists

__all__ = ["AnalyticsStore", "open_store", "table_exists"]
