"""sandbox-cli run --serve (the status endpoint) read by clients while runs happen, and
sandbox-cli monitor --attach reading it."""
import http.client
import glob
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ANNOUNCE = re.compile(r"serving status on http://127\.0\.0\.1:(\d+) ")


class ServingRun:
    """A `sandbox-cli run --serve 127.0.0.1:0 ...` in the background, with the port it announced."""

    def __init__(self, cli_path, *words):
        self.proc = subprocess.Popen([str(cli_path), "run", "--serve", "127.0.0.1:0", *words], cwd=REPO_ROOT,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self.stderr_lines = []
        announced = threading.Event()

        def drain():
            for line in self.proc.stderr:
                self.stderr_lines.append(line)
                if ANNOUNCE.search(line):
                    announced.set()
            announced.set()

        threading.Thread(target=drain, daemon=True).start()
        assert announced.wait(20), "no announcement"
        found = [m for m in map(ANNOUNCE.search, self.stderr_lines) if m]
        assert found, f"sandbox-cli did not announce its address: {self.stderr_lines}"
        self.port = int(found[0].group(1))

    def request(self, method, path, timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        conn.request(method, path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response, body

    def snapshot(self):
        response, body = self.request("GET", "/api/v1/snapshot")
        assert response.status == 200, body
        assert response.getheader("content-type") == "application/json"
        return json.loads(body)

    def finish(self, timeout=30):
        out, _ = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out

    def kill(self):
        """Ends the CLI the way an operator would (SIGTERM: it ends its box and removes its
        cgroups); SIGKILL only if it does not go."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def serving(cli_path):
    started = []

    def start(*words):
        run = ServingRun(cli_path, *words)
        started.append(run)
        return run

    yield start
    for run in started:
        run.kill()


def wait_for(predicate, timeout=10, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out")


def read_event_stream(port, timeout=30):
    """Reads GET /api/v1/events to its end; returns [(event field, data JSON)]."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("GET", "/api/v1/events")
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("content-type") == "text/event-stream"
    messages, fields = [], {}
    for raw in response:
        line = raw.decode().rstrip("\n")
        if line == "":
            messages.append((fields["event"], json.loads(fields["data"])))
            fields = {}
        else:
            name, _, value = line.partition(": ")
            fields[name] = value
    conn.close()
    return messages


def dead_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_snapshot_names_the_running_box_and_its_latest_sample(serving):
    run = serving("--", "/bin/sh", "-c", "sleep 2")
    snapshot = wait_for(lambda: (s := run.snapshot())["runs"] and s["runs"][0]["sample"]
                        and s["runs"][0]["sample"]["values"]["memory_bytes"] > 0 and s)
    assert snapshot["finished"] is False
    [entry] = snapshot["runs"]
    assert entry["argv"] == ["/bin/sh", "-c", "sleep 2"]
    assert entry["level"] == "standard"
    assert entry["status"] == "running"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["started_at"])
    # The pid is the box's first process, a child of this sandbox-cli.
    with open(f"/proc/{entry['pid']}/stat") as stat:
        assert int(stat.read().rsplit(")", 1)[1].split()[1]) == run.proc.pid
    sample = entry["sample"]
    assert sample["kind"] == "resource_sample" and sample["pid"] == entry["pid"]
    assert sample["values"]["memory_bytes"] > 0
    assert [e["name"] for e in snapshot["events"] if e["kind"] == "lifecycle"][:1] == ["started"]
    assert all(e["kind"] != "resource_sample" for e in snapshot["events"])  # samples live in runs[]
    code, out = run.finish()
    assert code == 0 and "ok" in out


def test_event_stream_delivers_samples_then_the_exit_and_ends_with_the_run(serving):
    run = serving("--", "/bin/sh", "-c", "sleep 1.5")
    messages = read_event_stream(run.port)
    kinds = [kind for kind, _ in messages]
    assert "resource_sample" in kinds
    for kind, data in messages:
        assert data["kind"] == kind
    samples = [data for kind, data in messages if kind == "resource_sample"]
    assert samples[-1]["values"]["memory_bytes"] > 0
    exits = [data for kind, data in messages if kind == "lifecycle" and data["name"] == "exited"]
    assert len(exits) == 1 and exits[0]["labels"]["status"] == "ok"
    code, _ = run.finish()
    assert code == 0


def test_unknown_paths_are_404_and_other_methods_405(serving):
    run = serving("--", "/bin/sh", "-c", "sleep 2")
    response, body = run.request("GET", "/api/v1/nothing")
    assert response.status == 404
    assert "no such resource" in json.loads(body)["error"]
    for method, path in [("POST", "/api/v1/snapshot"), ("DELETE", "/api/v1/events"), ("HEAD", "/api/v1/snapshot")]:
        response, body = run.request(method, path)
        assert response.status == 405, (method, path)
        assert response.getheader("allow") == "GET"
    assert run.snapshot()["runs"]  # still serving
    run.finish()


def test_connections_are_bounded(serving):
    run = serving("--", "/bin/sh", "-c", "sleep 4")
    idle = [socket.create_connection(("127.0.0.1", run.port)) for _ in range(16)]
    try:
        time.sleep(0.3)  # all accepted
        response, body = run.request("GET", "/api/v1/snapshot")
        assert response.status == 503
        assert "too many" in json.loads(body)["error"]
    finally:
        for s in idle:
            s.close()
    wait_for(lambda: run.request("GET", "/api/v1/snapshot")[0].status == 200)
    run.finish()


def test_linger_serves_the_final_snapshot_and_sigint_ends_it(serving):
    run = serving("--serve-linger", "30s", "--", "/bin/sh", "-c", "exit 3")
    snapshot = wait_for(lambda: (s := run.snapshot())["finished"] and s)
    assert snapshot["runs"][0]["status"] == "nonzero_exit"
    assert any(e["name"] == "exited" for e in snapshot["events"])
    assert read_event_stream(run.port, timeout=5) == []  # nothing more will come: the stream ends at once
    assert run.proc.poll() is None  # lingering
    started = time.monotonic()
    run.proc.send_signal(signal.SIGINT)
    code, out = run.finish(timeout=5)
    assert time.monotonic() - started < 3
    assert code == 3 and "nonzero_exit" in out


def test_every_interface_needs_serve_any(cli):
    for address in ["0.0.0.0:0", "[::]:0"]:
        result = cli("run", "--serve", address, "--", "/bin/true")
        assert result.returncode == 2, result
        assert result.stderr.startswith("sandbox-cli: error: --serve: ")
        assert "every network" in result.stderr and "--serve-any" in result.stderr
    result = cli("run", "--serve", "0.0.0.0:0", "--serve-any", "--", "/bin/true")
    assert result.returncode == 0, result
    assert "serving status on http://0.0.0.0:" in result.stderr


@pytest.mark.parametrize("words,message", [
    (["--serve", "80x"], "--serve: '80x': the port must be a number from 0 to 65535"),
    (["--serve", "example.org:80"], "is not an IP address"),
    (["--serve", "::1:80"], "must be in brackets"),
    (["--serve-any"], "--serve-any needs --serve ADDR"),
    (["--serve-linger", "5s"], "--serve-linger needs --serve ADDR"),
    (["--serve", "0", "--serve-linger", "soon"], "--serve-linger"),
])
def test_bad_serve_flags_are_usage_errors(cli, words, message):
    result = cli("run", *words, "--", "/bin/true")
    assert result.returncode == 2, result
    assert result.stderr.startswith("sandbox-cli: error: ") and message in result.stderr, result.stderr
    assert result.stdout == ""


def test_a_taken_port_is_a_usage_error(cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("run", "--serve", str(port), "--", "/bin/true")
    assert result.returncode == 2, result
    assert f"sandbox-cli: error: --serve: cannot listen on 127.0.0.1 port {port}" in result.stderr


def test_monitor_attach_prints_a_line_per_sample_of_the_serving_run(serving, cli):
    run = serving("--", "/bin/sh", "-c", "sleep 2")
    pid = wait_for(lambda: (s := run.snapshot())["runs"] and s["runs"][0]["pid"])
    attached = cli("monitor", "--attach", f"127.0.0.1:{run.port}", timeout=30)
    assert attached.returncode == 0, attached
    lines = attached.stdout.splitlines()
    assert len(lines) >= 2, attached
    for line in lines:
        assert re.match(rf"pid={pid} run=\d+ cpu=", line), line
        assert " mem=" in line
    assert "not a terminal" in attached.stderr or "printing one line per sample" in attached.stderr
    assert run.finish()[0] == 0


def test_monitor_attach_to_a_dead_address_is_an_error(cli):
    port = dead_port()
    result = cli("monitor", "--attach", f"127.0.0.1:{port}")
    assert result.returncode == 2, result
    assert f"sandbox-cli: error: --attach: cannot connect to 127.0.0.1:{port}: Connection refused" in result.stderr


def test_monitor_attach_and_pid_exclude_each_other(cli):
    result = cli("monitor", "--attach", "9", "--pid", str(os.getpid()))
    assert result.returncode == 2
    assert "sandbox-cli: error: --attach and --pid cannot be combined" in result.stderr


def test_monitor_attach_fails_when_the_server_dies_mid_run(serving, cli_path, cli):
    run = serving("--", "/bin/sh", "-c", "sleep 20")
    wait_for(lambda: run.snapshot()["runs"])
    attached = subprocess.Popen([str(cli_path), "monitor", "--attach", str(run.port)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    time.sleep(1)  # attached and reading the stream
    run.proc.kill()
    out, err = attached.communicate(timeout=10)
    assert attached.returncode == 2, (out, err)
    assert "sandbox-cli: error: --attach: the stream from 127.0.0.1:" in err
    assert "ended while run 1 was still going" in err
    # The killed server's cgroups go at the next start, as any killed supervisor's.
    assert cli("run", "--", "true").returncode == 0
    assert glob.glob(f"/sys/fs/cgroup/*/rusty-sandbox/run-{run.proc.pid}-*") == []
