"""A plan file saved with changes: refused when the file changed on disk since it was loaded (its hash travels
with the form), written atomically (a temporary file in the same folder, then os.replace), keeping the file's
encoding (UTF-8, with or without a BOM) and line ends."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from ecdplan.i18n.marks import N_
from ecdplan.source.editing.apply import Change, Edited, apply_changes
from ecdplan.source.editing.refusal import EditRefused

BOM = b"\xef\xbb\xbf"


def file_hash(data: bytes) -> str:
    """The sha256 (hex) of a file's bytes as they are on disk."""
    return hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes:
    from ecdplan.source.reading import UnreadableFile, read_limited

    try:
        return read_limited(path)
    except UnreadableFile as exc:
        raise EditRefused("E002", N_("the file cannot be read: {problem}"), "", problem=str(exc)) from None


def _stale(path: Path) -> EditRefused:
    return EditRefused("E001", N_("the file changed on disk since it was loaded; nothing was written"),
                       N_("load the file again, then make the change"), file=str(path))


def save(path: Path, changes: list[Change], expected_hash: str) -> Edited:
    """The changes made to the file at `path`, which must still be the bytes whose hash is `expected_hash`
    (EditRefused E001 otherwise, nothing written). A symbolic link is followed: its target is rewritten."""
    path = Path(os.path.realpath(path))
    raw = _read(path)
    if file_hash(raw) != expected_hash:
        raise _stale(path)
    bom = raw.startswith(BOM)
    try:
        text = raw[len(BOM) if bom else 0:].decode("utf-8")
    except UnicodeDecodeError:
        raise EditRefused("E002", N_("the file is not UTF-8 text"), N_("save it as UTF-8 in an editor")) from None
    edited = apply_changes(text, changes, name=path.name)
    if edited.text == text:
        return edited
    data = (BOM if bom else b"") + edited.text.encode("utf-8")
    mode = stat.S_IMODE(os.stat(path).st_mode)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        if file_hash(_read(path)) != expected_hash:  # changed while the new text was made
            raise _stale(path)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    return edited
