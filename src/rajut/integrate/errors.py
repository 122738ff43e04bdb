"""Errors of the integration step (build, survivorship rules, concept catalog)."""

from __future__ import annotations

from rajut.errors import ConfigError, RajutError


class IntegrateError(RajutError):
    """A build the user can fix (missing data, missing linkage, unknown build)."""

    code = "integrate-error"


class IntegrateConfigError(ConfigError):
    """An invalid ``survivorship.yaml`` or ``concepts.yaml``."""

    code = "integrate-config-error"
