"""`python -m ecdplan`, and the `ecdplan` console script (`ecdplan.__main__:main`): see `ecdplan.cli.entry`."""

from ecdplan.cli.entry import main

if __name__ == "__main__":
    main()
