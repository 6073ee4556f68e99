"""The process's standard streams and environment failures, for the console entry point only.

- a closed standard output (`>&-`): its file descriptor is held by /dev/null (so no file opened later becomes
  "standard output"), and writing to it is an error that says so;
- a standard output that cannot carry Vietnamese: cp1258 gets the letters with its combining tone marks (the same
  text), latin-1 or ASCII gets the letters without their marks, with one note on standard error;
- a failure of the environment (a full disk, a closed output, no memory) is one line with its cause and exit
  status 2, never "internal error … please report it".
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
import unicodedata

from ecdplan.i18n.messages import N_, Phrase

HANDLER = "ecdplan-fit"
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook above, dot below
_noted: list[str] = []


class _ClosedRaw(io.RawIOBase):
    """Standard output that was closed when the process started."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _fit_char(char: str, codec: str) -> str:
    """One character the codec cannot encode: its letters and marks as the codec can carry them (cp1258: the
    base letter with its non-tone marks composed, then the tone mark combining), else without marks, else '?'."""
    decomposed = unicodedata.normalize("NFD", char)
    base = "".join(c for c in decomposed if c not in TONE_MARKS)
    tones = "".join(c for c in decomposed if c in TONE_MARKS)
    candidate = unicodedata.normalize("NFC", base) + tones
    try:
        candidate.encode(codec)
        return candidate
    except UnicodeEncodeError:
        pass
    stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    try:
        stripped.encode(codec)
    except UnicodeEncodeError:
        stripped = "?" * len(char)
    if stripped != decomposed:
        _note(codec)
    return stripped


def _note(codec: str) -> None:
    if _noted:
        return
    _noted.append(codec)
    try:
        lang = _lang()
        from ecdplan.i18n.messages import in_lang

        sys.stderr.write("ecdplan: " + str(in_lang(Phrase(N_(
            "note: the output's encoding ({encoding}) cannot carry every Vietnamese letter; their marks are left "
            "out (set PYTHONIOENCODING=utf-8 or a UTF-8 locale to keep them)"), encoding=codec), lang)) + "\n")
    except (OSError, ValueError):
        pass


def _fitter(codec: str):
    """The error handler for a stream in `codec` (a charmap codec's error names only "charmap", not its table)."""
    def fit(exc: UnicodeError):
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        return "".join(_fit_char(c, codec) for c in exc.object[exc.start:exc.end]), exc.end

    return fit


def _ascii_search(name: str):
    """ASCII under a name of its own: click re-encodes a stream it sees as ASCII in UTF-8; this one it leaves."""
    if name != "ecdplan_ascii":
        return None
    ascii_codec = codecs.lookup("ascii")
    return codecs.CodecInfo(ascii_codec.encode, ascii_codec.decode, ascii_codec.streamreader,
                            ascii_codec.streamwriter, ascii_codec.incrementalencoder, ascii_codec.incrementaldecoder,
                            name="ecdplan-ascii")


def _fit_stream(stream) -> None:
    encoding = getattr(stream, "encoding", None)
    if not encoding or not hasattr(stream, "reconfigure"):
        return
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return
    if name.startswith("utf") or name == "ecdplan-ascii":
        return
    handler = f"{HANDLER}-{name}"
    codecs.register_error(handler, _fitter(name))
    if name == "ascii":
        stream.reconfigure(encoding="ecdplan_ascii", errors=handler)
    else:
        stream.reconfigure(errors=handler)


def prepare() -> None:
    """Standard streams fit for the run: a closed one replaced, a narrow encoding given the fitting handler."""
    codecs.register(_ascii_search)
    if sys.stdout is None:
        _hold(1)
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedRaw()), encoding="utf-8", write_through=True)
    if sys.stderr is None:
        _hold(2)
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (the process's stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            _fit_stream(stream)
        except (OSError, ValueError):
            pass


def _hold(fd: int) -> None:
    """Keep a closed standard descriptor taken, so that no file opened later becomes it."""
    try:
        os.fstat(fd)
    except OSError:
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)


def _lang() -> str:
    try:
        from ecdplan.cli.language import current_lang

        return current_lang()
    except Exception:  # noqa: BLE001 (a message must still be shown)
        return "en"


def environment_failure(exc: BaseException) -> str | None:
    """The one line for a failure of the environment (not of ecdplan), in the run's language; None otherwise."""
    from ecdplan.i18n.messages import in_lang

    # a compiled module that cannot be mapped under a memory limit is an ImportError ('failed to map segment from
    # shared object'): memory, not an ecdplan bug
    if isinstance(exc, MemoryError) or (isinstance(exc, ImportError) and "failed to map segment" in str(exc)):
        message = Phrase(N_("not enough memory for this run (a memory limit such as `ulimit -v`?); allow more "
                            "memory or check a smaller plan"))
    elif isinstance(exc, UnicodeEncodeError):
        message = Phrase(N_("the output's encoding ({encoding}) cannot carry this text; use a UTF-8 locale or "
                            "PYTHONIOENCODING=utf-8"), encoding=exc.encoding)
    elif isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        if exc.filename is not None:
            message = Phrase(N_("{file}: {reason}"), file=exc.filename, reason=reason)
        elif exc.errno == errno.EBADF:
            message = Phrase(N_("cannot write the output: it is closed"))
        else:
            message = Phrase(N_("cannot write the output: {reason}"), reason=reason)
    else:
        return None
    return "ecdplan: " + str(in_lang(message, _lang()))


def report(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
