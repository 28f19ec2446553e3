"""The package's annotations and _native.pyi stub satisfy `mypy --strict` on a sample."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import rusty_sandbox


def test_mypy_strict_accepts_the_sample_and_the_package() -> None:
    package = Path(rusty_sandbox.__file__).parent
    sample = Path(__file__).parent / "typing" / "sample.py"
    env = dict(os.environ, MYPYPATH=str(package.parent))
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
         str(sample), str(package)],
        capture_output=True, text=True, env=env, cwd=package.parent)
    assert done.returncode == 0, done.stdout + done.stderr
