"""``python -m zongjie`` — same as the ``zongjie`` command."""

from .cli import run

run()
