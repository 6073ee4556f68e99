"""The command line's entry points: `python -m ecdplan` and the `ecdplan` console script (`main` here).

Cyclic garbage collection is switched off before typer, pydantic and ecdplan load (their imports alone
trigger ~40 collections); see `ecdplan.cli.main`. Importing `ecdplan` as a library never comes here.
"""

import gc

gc.disable()

from .cli import main  # noqa: E402

if __name__ == "__main__":
    main()
