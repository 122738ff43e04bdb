"""The workspace: one folder holding settings, source contracts and data stores."""

from rajut.workspace.settings import WorkspaceSettings
from rajut.workspace.workspace import (
    Workspace,
    init_workspace,
    open_workspace,
    resolve_workspace_dir,
)

__all__ = [
    "Workspace",
    "WorkspaceSettings",
    "init_workspace",
    "open_workspace",
    "resolve_workspace_dir",
]
