"""Sandbox and RunHandle: synchronous, threaded and asyncio runs over the C ABI."""

from __future__ import annotations

import asyncio
import threading
from typing import Callable, Iterator, Mapping, Sequence, Union

from . import _native
from ._policy import SecurityPolicy
from ._result import Event, Result
from ._telemetry import Telemetry

Data = Union[str, bytes]
EventCallback = Callable[[Event], None]

# How long an events() iterator sleeps between checks for the end of the run.
_EVENT_POLL_S = 0.05


def _as_bytes(data: Data | None, what: str) -> bytes:
    if data is None:
        return b""
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, bytes):
        return data
    raise _native.PolicyError(f"{what}: expected str or bytes, got {type(data).__name__}")


def _command(argv: Sequence[str], stdin: Data | None, env: Mapping[str, str] | None,
             files: Mapping[str, Data] | None, cwd: str | None) -> _native.Command:
    if isinstance(argv, (str, bytes)):
        raise _native.PolicyError("command: argv must be a list of strings, not a single string")
    return _native.Command(
        list(argv), dict(env or {}), _as_bytes(stdin, "stdin"),
        {path: _as_bytes(data, f"files[{path!r}]") for path, data in (files or {}).items()},
        cwd or "")


def _levels(metric: str, levels: Mapping[str, float]) -> tuple[float | None, float | None]:
    unknown = sorted(set(levels) - {"warn", "limit"})
    if unknown:
        raise _native.PolicyError(f"monitor_thresholds.{metric}: unknown key(s) "
                                  f"{', '.join(unknown)} (known: warn, limit)")
    return levels.get("warn"), levels.get("limit")


class RunHandle:
    """A run in progress (from Sandbox.start). Thread-safe. Closing it (or leaving a
    ``with`` block) kills a run that has not ended."""

    def __init__(self, run: _native.Run, on_event: EventCallback | None) -> None:
        self._run = run
        self._pump: threading.Thread | None = None
        if on_event is not None:
            self._pump = threading.Thread(target=self._deliver, args=(on_event,),
                                          name="rusty-sandbox-events", daemon=True)
            self._pump.start()

    @property
    def pid(self) -> int:
        """Host pid of the box's first process; 0 once it has been reaped."""
        return self._run.pid

    def kill(self) -> None:
        """Ends the whole box; its status is "killed" unless another cause came first."""
        self._run.kill()

    def poll(self) -> Result | None:
        """The result if the run has ended, else None. Never blocks."""
        native = self._run.poll()
        return Result(native) if native is not None else None

    def wait(self, timeout: float | None = None) -> Result:
        """Blocks (without the GIL) until the run ends; TimeoutError if it goes on past
        `timeout` seconds (the run is not stopped). Event callbacks have all been called
        when this returns."""
        native = self._run.wait(timeout)
        if native is None:
            raise TimeoutError(f"the run is still going after {timeout} s")
        if self._pump is not None:
            self._pump.join()
        return Result(native)

    async def wait_async(self) -> Result:
        """Awaits the end without blocking the event loop or holding a thread."""
        loop = asyncio.get_running_loop()
        ended = loop.create_future()

        def on_ready() -> None:
            if not ended.done():
                ended.set_result(None)

        loop.add_reader(self._run.done_fd, on_ready)
        try:
            result = self.poll()
            if result is None:
                await ended
                result = self.poll()
        finally:
            loop.remove_reader(self._run.done_fd)
        assert result is not None, "the done signal came before the result"
        if self._pump is not None:
            await loop.run_in_executor(None, self._pump.join)
        return result

    def events(self) -> Iterator[Event]:
        """Yields the run's events as they happen, until the run has ended. Not available
        when an on_event callback receives them."""
        if self._pump is not None:
            raise _native.SandboxError("this run's events go to its on_event callback")
        return self._drain()

    def _drain(self) -> Iterator[Event]:
        while True:
            text = self._run.next_event(_EVENT_POLL_S)
            if text is not None:
                yield Event.from_json(text)
            elif self._run.events_exhausted():
                return

    def _deliver(self, on_event: EventCallback) -> None:
        for event in self._drain():
            on_event(event)

    def close(self) -> None:
        """Frees the run, killing it if it has not ended."""
        self._run.close()

    def __enter__(self) -> RunHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Sandbox:
    """A validated policy to run commands under. Runs are thread-safe and independent.

    `telemetry` (one Telemetry or several) receives the events of every run. With
    `monitor_interval` (seconds, at least 0.01) every run is sampled: the samples reach
    on_event callbacks and events() iterators (not Result.events); with `monitor_history`
    buckets (even, at least 2) the result also carries the per-metric history
    (Result.resource_history). `monitor_thresholds` ({"memory_bytes": {"warn": 2e8,
    "limit": 3e8}, ...}, in each metric's unit): crossing warn sends a "threshold_warning"
    event, reaching limit ends the run with the matching status (memory_limit, pids_limit,
    cpu_limit, output_limit).
    """

    def __init__(self, policy: SecurityPolicy | None = None, *,
                 telemetry: Telemetry | Sequence[Telemetry] | None = None,
                 monitor_interval: float | None = None, monitor_history: int = 0,
                 monitor_thresholds: Mapping[str, Mapping[str, float]] | None = None) -> None:
        self._policy = (policy or SecurityPolicy()).copy()
        if telemetry is None:
            self._telemetry: list[Telemetry] = []
        elif isinstance(telemetry, Telemetry):
            self._telemetry = [telemetry]
        else:
            self._telemetry = list(telemetry)
        self._monitor: tuple[float, int] | None = None
        self._thresholds = {metric: _levels(metric, levels)
                            for metric, levels in (monitor_thresholds or {}).items()}
        if monitor_interval is not None:
            self._monitor = (float(monitor_interval), int(monitor_history))
        elif monitor_history or self._thresholds:
            raise _native.PolicyError(
                "monitor_history and monitor_thresholds: need monitor_interval")
        self._native = self._native_for(self._policy)

    def _native_for(self, policy: SecurityPolicy) -> _native.Sandbox:
        box = _native.Sandbox(policy._native)
        if self._monitor is not None:
            box.set_monitor(*self._monitor)
        for metric, (warn, limit) in self._thresholds.items():
            box.set_monitor_threshold(metric, warn, limit)
        for telemetry in self._telemetry:
            box.add_telemetry(telemetry._native)
        return box

    def add_telemetry(self, telemetry: Telemetry) -> None:
        """Runs started after this call also send their events to `telemetry`."""
        self._native.add_telemetry(telemetry._native)
        self._telemetry.append(telemetry)

    @property
    def policy(self) -> SecurityPolicy:
        return self._policy.copy()

    def _for_timeout(self, timeout: float | str | None) -> _native.Sandbox:
        if timeout is None:
            return self._native
        policy = self._policy.copy()
        policy.wall_timeout_ms = (timeout if isinstance(timeout, str)
                                  else max(1, round(float(timeout) * 1000)))
        return self._native_for(policy)

    def run(self, argv: Sequence[str], *, stdin: Data | None = None,
            env: Mapping[str, str] | None = None, files: Mapping[str, Data] | None = None,
            cwd: str | None = None, timeout: float | str | None = None,
            on_event: EventCallback | None = None) -> Result:
        """Runs `argv` to the end and returns the verdict; the GIL is released meanwhile.

        `timeout` (seconds, or "2s") overrides the policy's wall timeout for this run.
        `on_event` is called with each event on this thread while the box runs. Problems
        building the box come back as status "setup_error"; a bad command raises
        PolicyError.
        """
        command = _command(argv, stdin, env, files, cwd)
        box = self._for_timeout(timeout)
        if on_event is None:
            return Result(box.run(command))
        with RunHandle(box.start(command), None) as handle:
            for event in handle.events():
                on_event(event)
            return handle.wait()

    def run_code(self, language: str, source: str, *,
                 timeout: float | str | None = None) -> Result:
        """Runs `source` with the runtime named `language` ("python", "javascript",
        "shell"; aliases "py", "js", "sh")."""
        return Result(self._for_timeout(timeout).run_code(language, source))

    def start(self, argv: Sequence[str], *, stdin: Data | None = None,
              env: Mapping[str, str] | None = None, files: Mapping[str, Data] | None = None,
              cwd: str | None = None, timeout: float | str | None = None,
              on_event: EventCallback | None = None) -> RunHandle:
        """Starts `argv` and returns at once. `on_event`, if given, is called with each
        event on a background Python thread."""
        command = _command(argv, stdin, env, files, cwd)
        return RunHandle(self._for_timeout(timeout).start(command), on_event)

    async def run_async(self, argv: Sequence[str], *, stdin: Data | None = None,
                        env: Mapping[str, str] | None = None,
                        files: Mapping[str, Data] | None = None, cwd: str | None = None,
                        timeout: float | str | None = None) -> Result:
        """Like run(), awaitable: many runs proceed at once on one event loop. Cancelling
        the await kills the box."""
        command = _command(argv, stdin, env, files, cwd)
        # Returns before the launch, which follows on the library's supervisor thread.
        handle = RunHandle(self._for_timeout(timeout).start(command, False), None)
        with handle:
            return await handle.wait_async()
