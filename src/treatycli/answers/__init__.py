"""One module per family of questions, named for what it answers (datasette's ``views/``).

Each command imports only its own module: ``status`` (and the loaders the others share),
``parties``, ``withdrawal`` (obligations and what-if exits), ``events``, ``profile`` (a state, and
states compared), ``panel``, ``batch`` and ``catalog`` (search, info, completion).
"""
