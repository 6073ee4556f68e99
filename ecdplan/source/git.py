"""A plan's bytes and text at a git revision (`ecdplan diff PLAN --rev REV`), read with the same limits as a
file on disk."""

from __future__ import annotations

import re
from pathlib import Path

from ecdplan.i18n.messages import N_, Phrase
from ecdplan.source.reading import MAX_BYTES


class GitError(Exception):
    """A file cannot be read from git at the revision asked for."""


def read_git_blob(path: str | Path, rev: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of `path` (a file in a git work tree) at revision `rev`; GitError with a clear message otherwise.

    The revision is never taken as an option (`--output=...`), is resolved to a commit first, and the blob's
    size is checked before it is read."""
    import subprocess

    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n\r") or len(rev) > 256:
        raise GitError(Phrase(N_("{rev} is not a revision"), rev=repr(rev)))
    try:
        folder = Path(path).resolve().parent
    except (OSError, RuntimeError, ValueError) as exc:
        raise GitError(Phrase(N_("cannot resolve the path: {reason}"), reason=exc)) from None

    def git(*args: str, limit: bool = False) -> bytes:
        try:
            done = subprocess.run(["git", *args], cwd=top or folder, capture_output=True, timeout=30,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as exc:
            raise GitError(Phrase(N_("git failed: {reason}"), reason=exc)) from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(message[-1] if message else Phrase(N_("git {command} failed"), command=args[0]))
        return done.stdout

    top = ""
    top = git("rev-parse", "--show-toplevel").decode("utf-8", "replace").strip()
    try:
        rel = Path(path).resolve().relative_to(Path(top).resolve()).as_posix()
    except ValueError:
        raise GitError(Phrase(N_("{path} is not inside the git work tree {top}"), path=path, top=top)) from None
    try:
        commit = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(Phrase(N_("{rev} is not a commit in this repository"), rev=repr(rev))) from None
    if not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        raise GitError(Phrase(N_("{rev} is not a commit in this repository"), rev=repr(rev)))
    try:
        size = int(git("cat-file", "-s", f"{commit}:{rel}").decode().strip())
    except GitError:
        raise GitError(Phrase(N_("git has no {path} at {rev}"), path=rel, rev=rev)) from None
    except ValueError:
        raise GitError(Phrase(N_("git gave no size for {path} at {rev}"), path=rel, rev=rev)) from None
    if size > max_bytes:
        raise GitError(Phrase(N_("{path} at {rev} is {size} bytes, more than the {limit} a plan file may have"), path=rel,
                              rev=rev, size=f"{size:,}", limit=f"{max_bytes:,}"))
    return git("cat-file", "blob", f"{commit}:{rel}")


def plan_text_at(path: str | Path, rev: str) -> str:
    """The text of the plan file `path` at revision `rev` (UTF-8 checked as for a file on disk); EcdplanError
    (exit 2) saying why when git cannot give it."""
    from ecdplan.errors import EcdplanError
    from ecdplan.source.reading import decode

    label = f"{path}@{rev}"
    try:
        raw = read_git_blob(path, rev)
    except GitError as exc:
        raise EcdplanError(Phrase(N_("cannot read {path} at {rev} from git: {reason}"), path=path, rev=repr(rev),
                                  reason=exc.args[0] if exc.args else "")) from None
    text, problem = decode(raw, label)
    if problem:
        raise EcdplanError(Phrase(N_("{file}: {reason}"), file=label,
                                  reason=Phrase(problem.template, **problem.params) if problem.template
                                  else problem.message))
    return text
