"""One pure parser per source format: the source's own text in, typed records out.

Each module is loud on anything it does not expect (a new column, a missing footnote block) and
keeps the live URL of its source, where one exists, beside its parser. Nothing here writes a
database: ``treatycli.dataset`` compiles the records.
"""
