"""Telemetry: an event-log sink writes JSON lines; a traceparent's trace reaches an OTLP/HTTP
receiver (a loopback server here); Prometheus on port 0; errors name the option."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

import rusty_sandbox as rs

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_SPAN = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{PARENT_SPAN}-01"


class _Receiver(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.bodies: dict[str, list[dict[str, Any]]] = {}
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: _Receiver

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.server.lock:
            self.server.bodies.setdefault(self.path, []).append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[_Receiver]:
    server = _Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_event_log_gets_one_json_object_per_line(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    with rs.Telemetry(event_log_path=str(log), queue_size=64) as telemetry:
        result = rs.run(["/bin/echo", "x"], telemetry=telemetry)
        assert result.ok, result.message
        assert telemetry.flush(5.0)
        stats = telemetry.stats()
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    names = [line["name"] for line in lines]
    assert "started" in names and "exited" in names
    assert stats["events_received"] >= len(lines) and stats["events_dropped"] == 0


def test_traceparent_joins_the_callers_trace(receiver: _Receiver) -> None:
    endpoint = f"http://127.0.0.1:{receiver.server_address[1]}"
    telemetry = rs.Telemetry(otlp_endpoint=endpoint, traceparent=TRACEPARENT,
                             export_interval_ms=100)
    box = rs.Sandbox(telemetry=telemetry)
    assert box.run(["/bin/true"]).ok
    assert telemetry.flush(5.0)
    telemetry.close()
    with receiver.lock:
        traces = receiver.bodies.get("/v1/traces", [])
        logs = receiver.bodies.get("/v1/logs", [])
    spans = [span for body in traces for rs_ in body["resourceSpans"]
             for scope in rs_["scopeSpans"] for span in scope["spans"]]
    assert spans, f"no span reached the receiver: {sorted(receiver.bodies)}"
    assert {span["traceId"] for span in spans} == {TRACE_ID}
    root = [span for span in spans if span["name"] == "sandbox.run"]
    assert [span["parentSpanId"] for span in root] == [PARENT_SPAN]
    records = [record for body in logs for rl in body["resourceLogs"]
               for scope in rl["scopeLogs"] for record in scope["logRecords"]]
    assert records and {record["traceId"] for record in records} == {TRACE_ID}


def test_prometheus_port_and_errors() -> None:
    with rs.Telemetry(prometheus_listen="127.0.0.1:0") as telemetry:
        port = telemetry.prometheus_port
        assert port > 0
        with pytest.raises(rs.SetupError, match="cannot listen"):
            rs.Telemetry(prometheus_listen=f"127.0.0.1:{port}")
    with pytest.raises(rs.PolicyError, match="otlp_endpont"):
        rs.Telemetry(otlp_endpont="http://127.0.0.1:1")
    with pytest.raises(rs.PolicyError, match="traceparent"):
        rs.Telemetry(traceparent="00-xyz-01")
    with pytest.raises(rs.PolicyError, match="queue_size"):
        rs.Telemetry(queue_size="big")
    closed = rs.Telemetry()
    closed.close()
    with pytest.raises(rs.SandboxError, match="closed"):
        closed.flush()
