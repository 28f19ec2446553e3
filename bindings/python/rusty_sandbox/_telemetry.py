"""Telemetry: Prometheus, OTLP/HTTP JSON and a JSON-lines event log for runs."""

from __future__ import annotations

import json
from typing import Any, Mapping

from . import _native

# The keys of the library's TelemetryConfig JSON, each a keyword of Telemetry().
CONFIG_KEYS = frozenset({
    "prometheus_listen", "pushgateway_url", "pushgateway_job", "otlp_endpoint", "otlp_headers",
    "otlp_timeout_ms", "export_interval_ms", "event_log_path", "event_log_max_bytes",
    "event_log_rotations", "queue_size", "service_name", "traceparent",
})


class Telemetry:
    """Exporters for the events of runs; attach with Sandbox(telemetry=...) or
    Sandbox.add_telemetry(). Keywords are the library's TelemetryConfig keys:

    - ``prometheus_listen``: "127.0.0.1:9464" serves /metrics while this object lives
      (port 0 picks one: see prometheus_port);
    - ``pushgateway_url`` (+ ``pushgateway_job``): metrics pushed on flush();
    - ``otlp_endpoint``: OTLP/HTTP JSON base URL (/v1/traces, /v1/metrics, /v1/logs),
      with ``otlp_headers``, ``otlp_timeout_ms``, ``export_interval_ms``;
    - ``event_log_path``: one JSON object per event and line (``event_log_max_bytes``,
      ``event_log_rotations``);
    - ``queue_size``: events waiting for the exporters; beyond it they are dropped;
    - ``traceparent``: a W3C trace context ("00-<32 hex>-<16 hex>-<2 hex>"); the spans and
      logs of every run exported through this object join that trace.

    Unknown keys and bad values raise PolicyError naming the key; an exporter that cannot
    start (the Prometheus address taken) raises SetupError.
    """

    def __init__(self, **config: Any) -> None:
        unknown = sorted(set(config) - CONFIG_KEYS)
        if unknown:
            raise _native.PolicyError(f"unknown telemetry option(s) {', '.join(unknown)} "
                                      f"(known: {', '.join(sorted(CONFIG_KEYS))})")
        self._config: dict[str, Any] = dict(config)
        self._native = _native.Telemetry(json.dumps(self._config))

    @classmethod
    def from_dict(cls, config: Mapping[str, Any]) -> Telemetry:
        return cls(**dict(config))

    @property
    def config(self) -> dict[str, Any]:
        """The options it was made with."""
        return dict(self._config)

    @property
    def prometheus_port(self) -> int:
        """The port /metrics is served on, 0 when Prometheus is off."""
        return self._native.prometheus_port

    def flush(self, timeout: float = 2.0) -> bool:
        """Exports everything queued so far; True when it was all delivered (or dropped)
        within `timeout` seconds. The GIL is released meanwhile."""
        return self._native.flush(timeout)

    def stats(self) -> dict[str, int]:
        """The pipeline's counters: events_received, events_dropped, otlp_requests_ok,
        otlp_requests_failed, otlp_items_dropped, otlp_items_rejected, pushes_failed."""
        stats: dict[str, int] = json.loads(self._native.stats_json())
        return stats

    def close(self) -> None:
        """Flushes (bounded by twice the OTLP timeout) and stops the exporters."""
        self._native.close()

    def __enter__(self) -> Telemetry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
