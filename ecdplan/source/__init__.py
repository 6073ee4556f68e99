"""Sources: a plan's bytes (file, git blob) become data with a `file:line:col` for every value.

- `loader`  bytes -> YAML nodes -> data with positions; the scalar (number-notation) policy and the L rules;
- `config`  the project's `[tool.ecdplan]` configuration;
- `migrate` a plan's text with its named places moved to the units of after 1 July 2025.
"""
