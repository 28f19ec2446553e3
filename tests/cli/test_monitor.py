"""`sandbox-cli monitor` and `run --monitor` without a terminal, and their usage errors."""
import re
import subprocess
import time

import pytest

LINE = re.compile(r"^pid=(\d+)( run=\d+)? cpu=[\d.]+% mem=[\d.]+(B|KiB|MiB|GiB) peak=[\d.]+(B|KiB|MiB|GiB) "
                  r"procs=\d+ threads=\d+ fds=\d+ net_rx=\S+ net_tx=\S+$")


def test_piped_monitor_prints_a_line_per_sample_until_the_tree_exits(cli_path):
    tree = subprocess.Popen(["sh", "-c", "sleep 1.5 & sleep 1.5; wait"])
    try:
        started = time.monotonic()
        result = subprocess.run([str(cli_path), "monitor", "--pid", str(tree.pid), "--interval", "100ms"],
                                capture_output=True, text=True, timeout=20)
        elapsed = time.monotonic() - started
    finally:
        tree.kill()
        tree.wait()
    assert result.returncode == 0, result
    assert "stdout is not a terminal" in result.stderr and "one line per sample" in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) >= 5, result.stdout
    for line in lines:
        match = LINE.match(line)
        assert match, line
        assert int(match.group(1)) == tree.pid
    # The tree had three processes while it ran.
    assert any("procs=3" in line for line in lines), result.stdout
    assert elapsed < 10


def test_piped_monitor_ends_on_sigterm(cli_path):
    tree = subprocess.Popen(["sleep", "60"])
    monitor = subprocess.Popen([str(cli_path), "monitor", "--pid", str(tree.pid), "--interval", "100ms"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = monitor.stdout.readline()
        assert first.startswith(f"pid={tree.pid} "), first
        monitor.terminate()
        monitor.wait(timeout=10)
        assert monitor.returncode == 128 + 15
    finally:
        monitor.kill()
        monitor.wait()
        monitor.stdout.close()
        monitor.stderr.close()
        tree.kill()
        tree.wait()


def test_piped_run_monitor_prints_lines_then_the_report(cli):
    result = cli("run", "--monitor", "--", "/bin/sh", "-c", "sleep 1; echo done")
    assert result.returncode == 0, result
    assert "stdout is not a terminal" in result.stderr
    lines = result.stdout.splitlines()
    samples = [line for line in lines if line.startswith("pid=")]
    assert len(samples) >= 2, result.stdout
    assert all(LINE.match(line) and " run=" in line for line in samples), result.stdout
    # The report comes after the last sample.
    last_sample = max(i for i, line in enumerate(lines) if line.startswith("pid="))
    report = "\n".join(lines[last_sample + 1:])
    assert "ok" in report and "done" in report, result.stdout


def test_piped_run_monitor_json(cli):
    result = cli("run", "--monitor", "--json", "--", "/bin/true")
    assert result.returncode == 0, result
    assert result.stdout.splitlines()[-1].startswith("{"), result.stdout


def pid_beyond_pid_max():
    with open("/proc/sys/kernel/pid_max") as f:
        return int(f.read()) + 1


@pytest.mark.parametrize("words, message", [
    (["--pid", str(pid_beyond_pid_max())], "no process with pid"),
    (["--pid", "abc"], "is not a process id"),
    (["--pid", "0"], "is not a process id"),
    (["--pid"], "--pid needs a value"),
    (["--interval", "1ms", "--pid", "1"], "shorter than the 10ms"),
    (["--interval", "soon", "--pid", "1"], "--interval"),
    (["--frobnicate"], "unknown option '--frobnicate' for monitor"),
])
def test_monitor_usage_errors_exit_2(cli, words, message):
    result = cli("monitor", *words)
    assert result.returncode == 2, result
    assert result.stderr.startswith("sandbox-cli: error: "), result.stderr
    assert message in result.stderr, result.stderr
    assert result.stdout == ""


def test_monitor_help(cli):
    result = cli("monitor", "--help")
    assert result.returncode == 0
    assert "Usage: sandbox-cli monitor" in result.stdout and "--interval" in result.stdout


def test_run_monitor_and_serve_together_is_a_usage_error(cli):
    result = cli("run", "--monitor", "--serve", "0", "--", "/bin/true")
    assert result.returncode == 2, result
    assert result.stderr.startswith("sandbox-cli: error: --monitor and --serve cannot be combined"), result.stderr


def test_monitor_version(cli):
    result = cli("monitor", "--version")
    assert result.returncode == 0
    assert result.stdout == cli("--version").stdout
