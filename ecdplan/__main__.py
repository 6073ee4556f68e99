"""The command line's entry points: `python -m ecdplan` and the `ecdplan` console script (`main` here).

Cyclic garbage collection is switched off before typer, pydantic and ecdplan load (their imports alone
trigger ~40 collections), and the code of their dataclasses' methods is taken from a cache (ecdplan.cli.speedups);
see `ecdplan.cli.commands.main`. Importing `ecdplan` as a library never comes here.
"""

import gc

gc.disable()

from ecdplan.cli.speedups import cache_dataclass_code, defer_secrets  # noqa: E402

cache_dataclass_code()  # before typer and pydantic make their dataclasses (see ecdplan.cli.speedups)
defer_secrets()

from ecdplan.cli.commands import main  # noqa: E402

if __name__ == "__main__":
    main()
