"""Integration: golden records with provenance, as-of builds, discrepancies, concepts.

build          :func:`build_integrated` — one immutable build of the ``integ`` schema
asof           which rows of each source are in scope for a reference date
survivorship   which source's value wins per attribute (``survivorship.yaml``)
person         golden persons; ``household`` golden households; ``facts`` programs,
               growth, schooling; ``provenance`` why each value won; ``discrepancies``
concepts       the concept catalog (``concepts.yaml``): shared definitions as SQL predicates
"""

from rajut.integrate.build import BuildResult, build_in_store, build_integrated
from rajut.integrate.schema import latest_build_id

__all__ = ["BuildResult", "build_in_store", "build_integrated", "latest_build_id"]
