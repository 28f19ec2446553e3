"""Network flags and the security part of --json: --allow-net through the proxy to a
loopback server on the host, --resolve, and --on-breach; a hostile program's attempt to
reach a host not on the list fails and is reported (network, medium, denied)."""
import http.server
import json
import os
import threading

import pytest

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="the egress proxy needs root")
EVENT_KEYS = {"type", "severity", "action", "pid", "syscall", "detail", "time"}
SUMMARY_KEYS = {"total_events", "by_type", "by_severity", "entries", "patterns", "decision", "reason"}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"hello from the host"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    """Port of an HTTP server on the host's loopback."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join()


def run_json(cli, *words, **kwargs):
    result = cli("run", "--json", *words, **kwargs)
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result
    return result, json.loads(lines[0])


def python(cli, code, *flags):
    # python -I ignores PYTHON* variables, not the proxy ones the box sets.
    return run_json(cli, *flags, "--", "/usr/bin/python3", "-I", "-c", code, timeout=60)


def fetch_allowed_then_denied(port):
    """The program: fetch from the allowed server, then try a host not on the list."""
    return ("import urllib.request\n"
            f"print(urllib.request.urlopen('http://127.0.0.1:{port}/', timeout=10).read().decode(), flush=True)\n"
            "try:\n"
            "    urllib.request.urlopen('http://exfiltrate.test/', timeout=10)\n"
            "    print('reached', flush=True)\n"
            "except OSError:\n"
            "    print('denied', flush=True)\n"
            "import time; time.sleep(1)\n"
            "print('survived', flush=True)\n")


def connect_directly(port):
    return ("import socket\n"
            "try:\n"
            f"    socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
            "    print('connected')\n"
            "except OSError:\n"
            "    print('unreachable')\n")


def test_quiet_run_has_empty_security_events_and_a_summary(cli):
    _, verdict = run_json(cli, "--", "/bin/true")
    assert verdict["security_events"] == []
    assert SUMMARY_KEYS <= set(verdict["breach_summary"])
    assert verdict["breach_summary"]["total_events"] == 0


@needs_root
def test_allow_net_reaches_the_loopback_server_and_reports_the_denied_host(cli, loopback_server):
    _, verdict = python(cli, fetch_allowed_then_denied(loopback_server), "--security", "enhanced",
                        "--allow-net", f"127.0.0.1:{loopback_server}")
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout"] == "hello from the host\ndenied\nsurvived\n"
    denied = [e for e in verdict["security_events"] if e["action"] == "denied"]
    assert len(denied) == 1, verdict["security_events"]
    assert EVENT_KEYS <= set(denied[0])
    assert (denied[0]["type"], denied[0]["severity"]) == ("network", "medium")
    assert "exfiltrate.test" in denied[0]["detail"]
    summary = verdict["breach_summary"]
    assert summary["by_type"] == {"network": 2}  # the allowed fetch and the denied one
    assert summary["by_severity"]["medium"] == 1
    assert summary["decision"] == "none"


@needs_root
def test_on_breach_terminate_ends_the_run_at_the_denied_attempt(cli, loopback_server):
    _, verdict = python(cli, fetch_allowed_then_denied(loopback_server), "--security", "enhanced",
                        "--allow-net", f"127.0.0.1:{loopback_server}", "--on-breach", "terminate")
    assert verdict["status"] == "security_violation", verdict
    assert "survived" not in verdict["stdout"]
    assert "exfiltrate.test" in verdict["message"]
    assert verdict["breach_summary"]["decision"] == "terminate"


@needs_root
def test_resolve_pins_an_allowed_name_to_the_loopback_server(cli, loopback_server):
    fetch = ("import urllib.request\n"
             f"print(urllib.request.urlopen('http://judge-data.test:{loopback_server}/', timeout=10).read().decode())\n")
    _, verdict = python(cli, fetch, "--security", "enhanced", "--allow-net", f"judge-data.test:{loopback_server}",
                        "--resolve", "judge-data.test=127.0.0.1")
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout"] == "hello from the host\n"


def test_without_allow_net_the_loopback_server_is_out_of_reach(cli, loopback_server):
    _, verdict = python(cli, connect_directly(loopback_server), "--security", "enhanced")
    assert verdict["stdout"] == "unreachable\n", verdict
