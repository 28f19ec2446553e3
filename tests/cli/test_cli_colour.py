"""Colour: the report's status word is coloured only when stdout is a terminal, and never
with NO_COLOR set (no-color.org)."""
import os
import pty
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
GREEN_OK = "\x1b[32mok\x1b[0m"
RED = "\x1b[31m"


def run_on_pty(cli_path, *words, env_extra=None, no_colour=False):
    """Runs sandbox-cli with stdout on a pseudo-terminal; returns (exit code, what it wrote)."""
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    env.update(env_extra or {})
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen([str(cli_path), *words], stdin=subprocess.DEVNULL, stdout=terminal,
                                   stderr=subprocess.PIPE, env=env, cwd=REPO_ROOT)
        os.close(terminal)
        terminal = None
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO: the terminal's last writer is gone
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.stderr.read()
        process.stderr.close()
        return process.wait(timeout=60), b"".join(chunks).decode()
    finally:
        os.close(controller)
        if terminal is not None:
            os.close(terminal)


def test_status_is_coloured_on_a_terminal(cli_path):
    code, output = run_on_pty(cli_path, "run", "--", "/bin/true")
    assert code == 0
    assert GREEN_OK in output, repr(output)


def test_failure_status_is_red_on_a_terminal(cli_path):
    code, output = run_on_pty(cli_path, "run", "--", "/bin/sh", "-c", "kill -KILL $$")
    assert code == 137
    assert RED + "signaled" in output, repr(output)


def test_no_colour_on_a_terminal_with_no_color(cli_path):
    code, output = run_on_pty(cli_path, "run", "--", "/bin/true", env_extra={"NO_COLOR": "1"})
    assert code == 0
    assert "ok" in output
    assert "\x1b[" not in output, repr(output)


def test_no_colour_when_piped(cli):
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    result = cli("run", "--", "/bin/true", env=env)
    assert result.returncode == 0
    assert "status:      ok" in result.stdout
    assert "\x1b[" not in result.stdout


def test_json_is_never_coloured(cli_path):
    code, output = run_on_pty(cli_path, "run", "--json", "--", "/bin/true")
    assert code == 0
    assert "\x1b[" not in output, repr(output)


def test_lint_severity_coloured_on_a_terminal_only(cli_path, tmp_path):
    source = tmp_path / "bad.py"
    source.write_text("import os\nos.system('x')\n")
    code, coloured = run_on_pty(cli_path, "lint", str(source))
    assert code == 1
    assert "\x1b[" in coloured, repr(coloured)
    code, plain = run_on_pty(cli_path, "lint", str(source), env_extra={"NO_COLOR": "yes"})
    assert code == 1
    assert "\x1b[" not in plain, repr(plain)
