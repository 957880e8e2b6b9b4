"""Build the bundled database: importers (snapshots -> text sources) and the compiler (text -> SQLite).

Never imported by the CLI at start-up; only ``treaty``'s maintainers and tests use it.
"""
