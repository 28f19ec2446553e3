"""Finds the sandbox-cli under test: $SANDBOX_CLI, else build/examples/cli/sandbox-cli."""
import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli_path():
    """Path of the sandbox-cli binary under test."""
    configured = os.environ.get("SANDBOX_CLI")
    path = Path(configured) if configured else REPO_ROOT / "build" / "examples" / "cli" / "sandbox-cli"
    if not os.access(path, os.X_OK):
        pytest.fail(f"sandbox-cli not found at {path}: build it or set SANDBOX_CLI", pytrace=False)
    return path


@pytest.fixture(scope="session")
def cli(cli_path):
    """Runs sandbox-cli with the given words; returns the CompletedProcess (text mode)."""
    path = cli_path

    def run(*words, stdin_text=None, env=None, timeout=60):
        return subprocess.run(
            [str(path), *words],
            input=stdin_text if stdin_text is not None else "",
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            cwd=REPO_ROOT,
        )

    return run
