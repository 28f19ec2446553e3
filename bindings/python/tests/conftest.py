"""Shared fixtures: the package is imported from the build tree (PYTHONPATH set by meson)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]


def load_vectors() -> list[dict[str, Any]]:
    path = Path(os.environ.get("RSB_VECTORS_JSON", REPO / "tests" / "vectors" / "runs.json"))
    vectors: list[dict[str, Any]] = json.loads(path.read_text())["vectors"]
    return vectors


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    return tmp_path
