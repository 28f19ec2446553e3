"""sandbox-cli run: verdicts, exit codes and JSON of real runs."""
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


# The verdict mechanics are checked at the level without namespaces and at the default one.
@pytest.fixture(params=["basic", "standard"])
def level(request):
    return request.param


def run_json(cli, *words, **kwargs):
    result = cli("run", "--json", *words, **kwargs)
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result
    return result, json.loads(lines[0])


def test_python_example_prints_report(cli):
    result = cli("run", "examples/python/hello.py")
    assert result.returncode == 0, result
    assert "Hello from inside the sandbox" in result.stdout
    assert "ok" in result.stdout


def test_python_example_json(cli):
    result, verdict = run_json(cli, "examples/python/hello.py")
    assert result.returncode == 0
    assert verdict["status"] == "ok"
    assert verdict["exit_code"] == 0
    assert "Hello from inside the sandbox" in verdict["stdout"]
    for key in ["signal", "wall_time_s", "cpu_user_s", "cpu_sys_s", "peak_memory_bytes", "stderr",
                "stdout_truncated", "stderr_truncated", "message"]:
        assert key in verdict, key


def test_javascript_and_shell_examples(cli):
    for path in ["examples/javascript/hello.js", "examples/shell/hello.sh"]:
        result, verdict = run_json(cli, path)
        assert verdict["status"] == "ok", (path, verdict)
        assert "Hello from inside the sandbox" in verdict["stdout"], path


def test_words_after_file_reach_the_program(cli, level, tmp_path):
    script = tmp_path / "args.py"
    script.write_text("import sys\nprint(sys.argv[1:])\n")
    _, verdict = run_json(cli, "--security", level, str(script), "one", "--two")
    assert verdict["stdout"] == "['one', '--two']\n"


def test_exit_code_3_is_passed_through(cli, level):
    result, verdict = run_json(cli, "--security", level, "--", "/bin/sh", "-c", "exit 3")
    assert result.returncode == 3
    assert verdict["status"] == "nonzero_exit"
    assert verdict["exit_code"] == 3


def test_segfault_gives_139_and_signaled(cli, level):
    result, verdict = run_json(cli, "--security", level, "--", "/bin/sh", "-c", "kill -SEGV $$")
    assert result.returncode == 139
    assert verdict["status"] == "signaled"
    assert verdict["signal"] == 11


def test_wall_timeout_ends_the_run(cli, level):
    result, verdict = run_json(cli, "--security", level, "--timeout", "1s", "--", "sleep", "100", timeout=30)
    assert verdict["status"] == "timeout"
    assert 0.9 <= verdict["wall_time_s"] < 5
    assert result.returncode != 0


def test_cpu_limit(cli, level):
    result, verdict = run_json(cli, "--security", level, "--cpu-time", "1s", "--timeout", "20s", "--",
                               "/bin/sh", "-c", "while :; do :; done", timeout=60)
    assert verdict["status"] == "cpu_limit"
    assert result.returncode != 0


def test_memory_limit_reported_from_the_kernel(cli, level):
    hog = "b = bytearray(512 << 20)\nprint(len(b))\n"
    result, verdict = run_json(cli, "--security", level, "--memory", "64M", "--", "/usr/bin/python3", "-c", hog)
    assert verdict["status"] == "memory_limit"
    assert result.returncode != 0


def test_output_flood_is_capped(cli, level):
    result, verdict = run_json(cli, "--security", level, "--output-limit", "4K", "--timeout", "10s", "--", "yes")
    assert verdict["status"] == "output_limit"
    assert len(verdict["stdout"]) <= 4096
    assert result.returncode != 0


def test_env_is_empty_unless_given(cli, level):
    env = dict(os.environ, CLI_TEST_SECRET="leaked")
    _, verdict = run_json(cli, "--security", level, "--", "/usr/bin/env", env=env)
    assert "CLI_TEST_SECRET" not in verdict["stdout"]
    _, verdict = run_json(cli, "--security", level, "--env", "GREETING=hi there", "--env-pass", "CLI_TEST_SECRET",
                          "--", "/usr/bin/env", env=env)
    assert "GREETING=hi there\n" in verdict["stdout"]
    assert "CLI_TEST_SECRET=leaked\n" in verdict["stdout"]


def test_stdin_from_file_and_from_dash(cli, level, tmp_path):
    data = tmp_path / "input.txt"
    data.write_text("from a file\n")
    _, verdict = run_json(cli, "--security", level, "--stdin", str(data), "--", "cat")
    assert verdict["stdout"] == "from a file\n"
    _, verdict = run_json(cli, "--security", level, "--stdin", "-", "--", "cat", stdin_text="from my stdin\n")
    assert verdict["stdout"] == "from my stdin\n"


@pytest.mark.parametrize("level", ["basic", "standard", "enhanced", "maximum"])
def test_every_level_runs_a_program(cli, level):
    result, verdict = run_json(cli, "--security", level, "--", "/bin/echo", "hi")
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout"] == "hi\n"
    assert result.returncode == 0


def test_missing_program_is_not_a_usage_error(cli, level):
    result, verdict = run_json(cli, "--security", level, "--", "/no/such/program")
    assert result.returncode != 2
    assert verdict["status"] in {"setup_error", "nonzero_exit"}
    assert "/no/such/program" in verdict["message"] + verdict["stderr"]


@pytest.mark.skipif(os.geteuid() != 0, reason="hiding the interpreter needs a private mount namespace (root)")
def test_missing_interpreter_is_a_setup_error_naming_it(cli_path):
    # In a private mount namespace of this test only, /dev/null (not executable) covers the
    # python runtime's interpreter, so the host "lacks" it.
    hide_python = "mount --bind /dev/null /usr/bin/python3 && exec \"$@\""
    completed = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", hide_python, "sh",
         str(cli_path), "run", "--json", "examples/python/hello.py"],
        capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)
    assert completed.returncode == 125, completed
    verdict = json.loads(completed.stdout)
    assert verdict["status"] == "setup_error"
    assert "/usr/bin/python3" in verdict["message"]
    assert "interpreter" in verdict["message"]
