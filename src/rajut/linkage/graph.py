"""Connected components of a record graph (plain union-find)."""

from __future__ import annotations

from collections.abc import Iterable


def connected_components(uids: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """uid → smallest uid of its component; uids seen only in ``edges`` are included too."""
    parent = {u: u for u in uids}

    def find(u: str) -> str:
        parent.setdefault(u, u)
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {u: find(u) for u in list(parent)}
