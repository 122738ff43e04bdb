"""The one way rajut renders HTML: Jinja2 templates shipped in a package, autoescaped.

Every page and report escapes what comes from data (a name like ``<script>`` is shown, not
run) and fails loudly on a missing variable instead of printing an empty hole.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined


def html_environment(package: str) -> Environment:
    """A Jinja2 environment over ``<package>/templates``, autoescaped and strict."""
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
