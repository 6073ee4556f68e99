"""The `ecdplan` command line: `app` with every command registered (in the order `ecdplan --help` lists them).
The console entry point is `ecdplan.cli.entry.main`.

The commands live by family (`check`, `reports`, `documents`, `places`, `office`, `serve`), over `app` (`cli.app`), the shared
options (`cli.options`), the run's language (`cli.language`) and what is written (`cli.output`). Heavy modules
(pydantic, yaml, tabulate) are imported inside the commands, so `ecdplan --help` and `ecdplan rules` start fast.
"""

from __future__ import annotations

# each module registers its commands on `app`, in this order (the order of `ecdplan --help`)
from ecdplan.cli import check  # noqa: F401, I001
from ecdplan.cli import reports  # noqa: F401, I001
from ecdplan.cli import documents  # noqa: F401, I001
from ecdplan.cli import places  # noqa: F401, I001
from ecdplan.cli import office  # noqa: F401, I001
from ecdplan.cli import serve  # noqa: F401, I001
from ecdplan.cli.app import app
