"""rajut — merajut data warga lintas dinas kabupaten.

The package is cut by domain; data flows one way through it::

    reference → demo (synthetic kabupaten) → sources → standard → linkage
    → integrate → targeting → web / governance

See ``docs/architecture.md``.
"""

__version__ = "0.1.0"
