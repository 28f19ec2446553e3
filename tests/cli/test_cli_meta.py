"""sandbox-cli run --meta FILE: isolate's meta-file, with only the keys isolate writes for
each outcome (isolate(1), META-FILES)."""
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
MEMORY_KEYS = {"cg-mem", "max-rss"}


def read_meta(path):
    meta = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition(":")
        assert sep == ":", line
        assert key not in meta, f"{key} written twice"
        meta[key] = value
    return meta


def run_with_meta(cli, tmp_path, *words, **kwargs):
    meta_path = tmp_path / "meta.txt"
    result = cli("run", "--json", "--meta", str(meta_path), *words, **kwargs)
    verdict = json.loads(result.stdout)
    return result, verdict, read_meta(meta_path)


def assert_usage_keys(meta, verdict):
    """time and time-wall in seconds, and one memory key in KiB, agreeing with the JSON verdict."""
    assert float(meta["time"]) == pytest.approx(verdict["cpu_user_s"] + verdict["cpu_sys_s"], abs=0.002)
    assert float(meta["time-wall"]) == pytest.approx(verdict["wall_time_s"], abs=0.002)
    memory_keys = MEMORY_KEYS & meta.keys()
    assert len(memory_keys) == 1, meta
    expected_key = "cg-mem" if verdict["usage_source"] == "cgroup" else "max-rss"
    assert memory_keys == {expected_key}
    assert int(meta[expected_key]) == verdict["peak_memory_bytes"] // 1024


def test_clean_exit_has_exitcode_0_and_no_status(cli, tmp_path):
    _, verdict, meta = run_with_meta(cli, tmp_path, "--", "/bin/true")
    assert verdict["status"] == "ok"
    assert_usage_keys(meta, verdict)
    assert meta["exitcode"] == "0"
    assert set(meta) - MEMORY_KEYS == {"time", "time-wall", "exitcode"}


def test_nonzero_exit_is_re(cli, tmp_path):
    result, verdict, meta = run_with_meta(cli, tmp_path, "--", "/bin/sh", "-c", "exit 3")
    assert result.returncode == 3
    assert_usage_keys(meta, verdict)
    assert meta["status"] == "RE"
    assert meta["exitcode"] == "3"
    assert meta["message"] == "Exited with error status 3"
    assert set(meta) - MEMORY_KEYS == {"time", "time-wall", "exitcode", "status", "message"}


def test_signal_is_sg(cli, tmp_path):
    _, verdict, meta = run_with_meta(cli, tmp_path, "--", "/bin/sh", "-c", "kill -SEGV $$")
    assert_usage_keys(meta, verdict)
    assert meta["status"] == "SG"
    assert meta["exitsig"] == "11"
    assert meta["message"] == "Caught fatal signal 11"
    assert set(meta) - MEMORY_KEYS == {"time", "time-wall", "exitsig", "status", "message"}


def test_wall_timeout_is_to_and_killed(cli, tmp_path):
    _, verdict, meta = run_with_meta(cli, tmp_path, "--timeout", "1s", "--", "sleep", "100", timeout=30)
    assert verdict["status"] == "timeout"
    assert_usage_keys(meta, verdict)
    assert meta["status"] == "TO"
    assert meta["killed"] == "1"
    assert meta["message"] == "Time limit exceeded (wall clock)"
    assert float(meta["time-wall"]) >= 0.9
    assert set(meta) - MEMORY_KEYS == {"time", "time-wall", "killed", "status", "message"}


def test_cpu_limit_is_to_and_killed(cli, tmp_path):
    _, verdict, meta = run_with_meta(cli, tmp_path, "--cpu-time", "1s", "--timeout", "20s", "--",
                                     "/bin/sh", "-c", "while :; do :; done", timeout=60)
    assert verdict["status"] == "cpu_limit"
    assert_usage_keys(meta, verdict)
    assert meta["status"] == "TO"
    assert meta["killed"] == "1"
    assert meta["message"] == "Time limit exceeded"
    assert set(meta) - MEMORY_KEYS == {"time", "time-wall", "killed", "status", "message"}


def test_oom_sets_cg_oom_killed(cli, tmp_path):
    hog = "b = bytearray(512 << 20)\nprint(len(b))\n"
    _, verdict, meta = run_with_meta(cli, tmp_path, "--memory", "64M", "--", "/usr/bin/python3", "-c", hog)
    assert verdict["status"] == "memory_limit"
    assert meta["cg-oom-killed"] == "1"
    assert meta["status"] == "SG"
    assert meta["exitsig"] == "9"
    assert "killed" not in meta  # the kernel's OOM killer, not the sandbox
    assert int(meta["cg-mem"]) <= 64 * 1024 + 1024


def test_output_cap_is_a_kill_by_the_sandbox(cli, tmp_path):
    _, verdict, meta = run_with_meta(cli, tmp_path, "--output-limit", "4K", "--", "yes")
    assert verdict["status"] == "output_limit"
    assert meta["killed"] == "1"
    assert meta["status"] == "SG"
    assert meta["message"] == verdict["message"]


@pytest.mark.skipif(os.geteuid() != 0, reason="hiding the interpreter needs a private mount namespace (root)")
def test_setup_error_is_xx_with_only_status_and_message(cli_path, tmp_path):
    meta_path = tmp_path / "meta.txt"
    hide_python = "mount --bind /dev/null /usr/bin/python3 && exec \"$@\""
    completed = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", hide_python, "sh",
         str(cli_path), "run", "--meta", str(meta_path), "examples/python/hello.py"],
        capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)
    assert completed.returncode == 125, completed
    meta = read_meta(meta_path)
    assert set(meta) == {"status", "message"}
    assert meta["status"] == "XX"
    assert "/usr/bin/python3" in meta["message"]


def test_unwritable_meta_path_is_a_usage_error_and_nothing_runs(cli, tmp_path):
    result = cli("run", "--meta", "/no/such/dir/meta.txt", "--", "/bin/true")
    assert result.returncode == 2
    assert result.stderr.startswith("sandbox-cli: error: --meta: cannot open '/no/such/dir/meta.txt'")
    assert result.stdout == ""
