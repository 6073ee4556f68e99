"""Sources: a plan's bytes (file, git blob) become data with a `file:line:col` for every value.

- `loader`  the entry points: `load_file`, `load_text` (bytes -> text -> YAML nodes -> data with positions);
- `reading` a file's bytes within limits, and their text (UTF-8, control characters: L001, L010);
- `tree`    the YAML tree with positions (aliases, duplicate keys, depth, size: L004, L005, L008);
- `scalars` the scalar and number-notation policy (`9.300`, `42.900,5`, YAML 1.1 notations: L006, L007, L009);
- `loaded`  `LoadedFile`, what the loader makes of a file, and the `REFUSED` marker;
- `git`     a plan's bytes and text at a git revision (`diff --rev`);
- `config`  the project's `[tool.ecdplan]` configuration;
- `migrate` a plan's text with its named places moved to the units of after 1 July 2025.
"""
