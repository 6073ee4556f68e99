"""The console entry point (`ecdplan`, `python -m ecdplan`): the start-up speed-ups switched on before typer and
pydantic load, the standard streams made fit for the run, the command run, a failure of the environment (a full
or closed output, no memory) in one line with its cause, any ecdplan bug reported in one line. Importing `ecdplan`
as a library never comes here."""


def main() -> None:
    """Run the command line: no traceback reaches the user unless ECDPLAN_DEBUG is set.

    A short-lived process, so its start-up tricks are switched on here and only here, before typer and pydantic
    load (ecdplan.cli.speedups; ECDPLAN_NO_SPEEDUPS=1 switches them off)."""
    import os
    import sys

    try:
        from ecdplan.cli import speedups, streams
    except MemoryError:  # before any message can be translated
        print("ecdplan: not enough memory to start (a memory limit such as `ulimit -v`?)", file=sys.stderr)
        sys.exit(2)
    streams.prepare()
    try:
        speedups.apply()
        from ecdplan.cli.commands import app

        # shell completion needs every command's options; a normal run may build only the one that runs
        (app if "_ECDPLAN_COMPLETE" in os.environ else speedups.lean_app(app, sys.argv[1:]))()
    except SystemExit as exc:
        status = exc.code
    except KeyboardInterrupt:
        status = 130
    except Exception as exc:  # the environment failed (exit 2), or an ecdplan bug: say so plainly, exit 2
        if os.environ.get("ECDPLAN_DEBUG"):
            raise
        line = streams.environment_failure(exc)
        streams.report(line or f"ecdplan: internal error ({type(exc).__name__}: {exc}); please report it with the "
                       "plan file (set ECDPLAN_DEBUG=1 for details)")
        status = 2
    else:
        status = 0
    speedups.exit_now(status)
