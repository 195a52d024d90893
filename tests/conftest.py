from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "data_examples").glob("*.yaml"))
SHARED = ROOT.parent / "shared" / "examples"


@pytest.fixture
def examples() -> list[Path]:
    return EXAMPLES
