"""Person search: a fuzzy name / NIK / desa index over the newest integrated build.

``build_search_index`` writes schema ``search`` (call it after a build, or let the first
search do it); ``search_persons`` answers a :class:`PersonQuery`. See ``index`` for the
storage and ``query`` for matching and ranking.
"""

from rajut.search.errors import SearchError
from rajut.search.index import (
    IndexSummary,
    build_search_index,
    current_index,
    forget_cached_indexes,
    indexed_build,
)
from rajut.search.query import PersonQuery, SearchHit, SearchResult, digits_of, search_persons

__all__ = [
    "IndexSummary",
    "PersonQuery",
    "SearchError",
    "SearchHit",
    "SearchResult",
    "build_search_index",
    "current_index",
    "digits_of",
    "forget_cached_indexes",
    "indexed_build",
    "search_persons",
]
