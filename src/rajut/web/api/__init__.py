"""The REST API (``/api/v1``): the same operations and permissions as the pages, token auth."""
