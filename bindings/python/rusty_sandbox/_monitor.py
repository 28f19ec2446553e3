"""Monitor: resource samples of a host process tree (no box), by iterator or callback."""

from __future__ import annotations

import threading
from typing import Callable, Iterator

from . import _native
from ._result import Event

SampleCallback = Callable[[Event], None]

# How long an iterator waits for a sample before it checks again whether the monitor ended.
_SAMPLE_POLL_S = 0.05


class Monitor:
    """Samples `pid` and its descendants every `interval` seconds until the tree is gone or
    stop() is called. Iterate over it for the samples (``Event`` with kind
    "resource_sample", name "sample" and ``values`` such as cpu_user_s, memory_bytes,
    processes); the iteration ends after the tree is gone (the last event is the lifecycle
    event "monitor_ended") or after stop(). With `callback`, a background thread calls it
    with each event instead. Closing it (or leaving a ``with`` block) stops it."""

    def __init__(self, pid: int, interval: float = 0.1,
                 callback: SampleCallback | None = None) -> None:
        if isinstance(pid, bool) or not isinstance(pid, int):
            raise _native.PolicyError(f"pid: expected an int, got {pid!r}")
        self._native = _native.Monitor(pid, float(interval))
        self._pump: threading.Thread | None = None
        if callback is not None:
            self._pump = threading.Thread(target=self._deliver, args=(callback,),
                                          name="rusty-sandbox-monitor", daemon=True)
            self._pump.start()

    @property
    def running(self) -> bool:
        """True while sampling (False once stopped or the tree is gone)."""
        return self._native.running

    @property
    def sample_count(self) -> int:
        return self._native.sample_count

    def __iter__(self) -> Iterator[Event]:
        if self._pump is not None:
            raise _native.SandboxError("this monitor's samples go to its callback")
        return self._drain()

    def _drain(self) -> Iterator[Event]:
        while True:
            text = self._native.next_event(_SAMPLE_POLL_S)
            if text is not None:
                yield Event.from_json(text)
            elif self._native.exhausted():
                return

    def _deliver(self, callback: SampleCallback) -> None:
        for event in self._drain():
            callback(event)

    def stop(self) -> None:
        """Takes a last sample and stops; the callback has been called for every sample
        when this returns."""
        self._native.stop()
        if self._pump is not None and self._pump is not threading.current_thread():
            self._pump.join()

    def close(self) -> None:
        """Stops without a last sample and frees the monitor."""
        self._native.close()
        if self._pump is not None and self._pump is not threading.current_thread():
            self._pump.join()

    def __enter__(self) -> Monitor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def monitor(pid: int, *, interval: float = 0.1,
            callback: SampleCallback | None = None) -> Monitor:
    """Starts sampling host process `pid` and its descendants every `interval` seconds
    (at least 0.01). Raises NoProcessError when there is no such process."""
    return Monitor(pid, interval, callback)
