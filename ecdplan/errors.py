"""The one error type of the library. The command line maps it to an exit status in one place (`cli`)."""

from __future__ import annotations

from typing import Any


class EcdplanError(Exception):
    """Input or usage that ecdplan cannot work with: exit status 2 (or `status`).

    `results` are the checked files (with their findings) that explain it, printed before the message."""

    status = 2

    def __init__(self, message: str, results: list[Any] | None = None, status: int | None = None):
        super().__init__(message)
        self.results = list(results or [])
        if status is not None:
            self.status = status
