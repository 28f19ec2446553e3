"""Result, Usage and Event: what happened in one run."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import _native


@dataclass(frozen=True)
class Event:
    """One record of the supervisor's event stream (lifecycle, resource sample, limit
    violation, security, watchdog). Security fields are None for other kinds."""

    kind: str
    name: str
    time_s: float = 0.0
    run_id: int = 0
    detail: str = ""
    pid: int = 0
    type: str | None = None
    severity: str | None = None
    action: str | None = None
    syscall: str | None = None
    values: dict[str, float] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, text: str) -> Event:
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """An event of the library's JSON shape, already parsed."""
        return cls(
            kind=data["kind"], name=data["name"], time_s=data.get("time", 0.0),
            run_id=data.get("run_id", 0), detail=data.get("detail", ""), pid=data.get("pid", 0),
            type=data.get("type"), severity=data.get("severity"), action=data.get("action"),
            syscall=data.get("syscall"), values=dict(data.get("values", {})),
            labels=dict(data.get("labels", {})))


@dataclass(frozen=True)
class Usage:
    """Resources the whole box used (from the cgroup, else rusage: see Result.usage_source)."""

    wall_time_s: float
    cpu_user_s: float
    cpu_sys_s: float
    peak_memory_bytes: int


class Result:
    """The verdict of one run.

    ``status`` is one of ok, nonzero_exit, signaled, timeout, cpu_limit, memory_limit,
    pids_limit, output_limit, security_violation, killed, setup_error, internal_error.
    ``stdout``/``stderr`` are text (UTF-8, invalid bytes replaced); ``stdout_bytes`` and
    ``stderr_bytes`` hold the exact bytes.
    """

    def __init__(self, native: _native.RunResult) -> None:
        # The verdict now; the rest from the library's JSON on first use (most callers read
        # only status and output, and the JSON costs more than the verdict right after a run).
        self._native = native
        (self.status, self.exit_code, self.signal, self.cli_exit_code,
         self.stdout_bytes, self.stderr_bytes) = native.verdict()

    @cached_property
    def _json(self) -> str:
        return self._native.json()

    def __getstate__(self) -> dict[str, Any]:
        # pickle and copy (multiprocessing hands results between processes) carry the
        # result's JSON instead of the native handle; the lazy fields decode from it.
        state = {name: value for name, value in self.__dict__.items() if name != "_native"}
        state["_json"] = self._json
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @cached_property
    def _data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self._json)
        return data

    @cached_property
    def message(self) -> str:
        return str(self._data["message"])

    @cached_property
    def stdout_truncated(self) -> bool:
        return bool(self._data["stdout_truncated"])

    @cached_property
    def stderr_truncated(self) -> bool:
        return bool(self._data["stderr_truncated"])

    @cached_property
    def usage(self) -> Usage:
        data = self._data
        return Usage(float(data["wall_time_s"]), float(data["cpu_user_s"]),
                     float(data["cpu_sys_s"]), data["peak_memory_bytes"])

    @cached_property
    def usage_source(self) -> str:
        return str(self._data["usage_source"])

    @cached_property
    def degraded(self) -> list[str]:
        return list(self._data["degraded"])

    @cached_property
    def events(self) -> list[Event]:
        return [Event.from_dict(e) for e in self._data["events"]]

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8", errors="replace")

    @property
    def stderr(self) -> str:
        return self.stderr_bytes.decode("utf-8", errors="replace")

    @property
    def wall_time_s(self) -> float:
        return self.usage.wall_time_s

    @property
    def cpu_user_s(self) -> float:
        return self.usage.cpu_user_s

    @property
    def cpu_sys_s(self) -> float:
        return self.usage.cpu_sys_s

    @property
    def peak_memory_bytes(self) -> int:
        return self.usage.peak_memory_bytes

    @property
    def resource_history(self) -> dict[str, list[dict[str, float]]] | None:
        """Per-metric history of a monitored run ({"memory_bytes": [{"t_first", "t_last",
        "min", "max", "mean", "count"}, ...], ...}), None unless the sandbox kept one."""
        for event in self.events:
            if event.name == "resource_history" and event.detail:
                history: dict[str, list[dict[str, float]]] = json.loads(event.detail)
                return history
        return None

    def to_json(self) -> str:
        """The library's result JSON (the same as C++ Result::to_json())."""
        return self._json

    def to_report(self) -> str:
        """The readable report sandbox-cli prints (C++ Result::to_report()): status, message,
        usage, the start of stdout and stderr, what was degraded."""
        return _native.result_report(self._json)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self._json)  # a fresh copy the caller may change
        return data

    def __repr__(self) -> str:
        return (f"Result(status={self.status!r}, exit_code={self.exit_code}, "
                f"signal={self.signal}, wall_time_s={self.wall_time_s:.3f})")
