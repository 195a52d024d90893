"""Where the files shipped with zongjie live (installed wheel or source checkout)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def templates_dir() -> Path:
    """The built-in templates: ``zongjie/templates`` in a wheel, ``templates/`` in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    if installed.is_dir():
        return installed
    return here.parent.parent / "templates"
