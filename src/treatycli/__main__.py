"""``python -m treatycli`` runs the ``treaty`` command."""

from .cli import run

run()
