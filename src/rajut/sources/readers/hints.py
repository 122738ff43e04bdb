"""``FileHints``: how to read one file (the ``file:`` block of a source contract)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FileFormat = Literal["auto", "csv", "xlsx", "xls", "ods", "json", "jsonl"]


class FileHints(BaseModel):
    """Optional hints for reading a file; every field defaults to automatic detection.

    Examples:
        >>> FileHints(format="csv", delimiter=";", header_row=3).header_row
        3
    """

    model_config = ConfigDict(extra="forbid")

    format: FileFormat = "auto"
    sheet: str | int | None = None
    header_row: int | Literal["auto"] = "auto"
    delimiter: str | None = None
    encoding: str | None = None
    records_path: str | None = None
    max_file_mb: int = Field(default=1024, gt=0)
