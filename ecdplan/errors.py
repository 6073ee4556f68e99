"""The one error type of the library. The command line maps it to an exit status in one place (`cli`)."""

from __future__ import annotations

from typing import Any


class EcdplanError(Exception):
    """Input or usage that ecdplan cannot work with: exit status 2 (or `status`).

    `results` are the checked files (with their findings) that explain it, printed before the message. The
    message is a `findings.Phrase` (an English template marked N_, and its parameters) where people read it in
    their language; `str(error)` is the English text."""

    status = 2

    def __init__(self, message: str, results: list[Any] | None = None, status: int | None = None):
        super().__init__(message)
        self.results = list(results or [])
        if status is not None:
            self.status = status

    def text(self, lang: str = "en") -> str:
        """The message in `lang`."""
        from ecdplan.i18n.messages import in_lang

        return str(in_lang(self.args[0], lang)) if self.args else ""
