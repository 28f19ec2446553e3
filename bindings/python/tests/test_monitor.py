"""monitor(pid): samples of a host process by iterator and by callback, the end when the
process is gone, errors; and a monitored Sandbox whose result carries the history."""

from __future__ import annotations

import subprocess
import threading
import time

import pytest

import rusty_sandbox as rs


def test_iterator_yields_samples_until_the_process_is_gone() -> None:
    child = subprocess.Popen(["/bin/sleep", "0.5"])
    try:
        with rs.monitor(child.pid, interval=0.02) as mon:
            assert mon.running
            events = list(mon)  # ends by itself once the process is gone
        child.wait()
    finally:
        child.kill()
        child.wait()
    samples = [e for e in events if e.name == "sample"]
    assert len(samples) >= 5, f"only {len(samples)} samples of a 0.5 s process at 20 ms"
    assert all(e.kind == "resource_sample" for e in samples)
    assert all(e.values["memory_bytes"] > 0 for e in samples[:-1])
    assert events[-1].name == "monitor_ended"


def test_callback_and_stop() -> None:
    seen: list[rs.Event] = []
    lock = threading.Lock()

    def on_sample(event: rs.Event) -> None:
        with lock:
            seen.append(event)

    child = subprocess.Popen(["/bin/sleep", "30"])
    try:
        mon = rs.monitor(child.pid, interval=0.02, callback=on_sample)
        time.sleep(0.3)
        mon.stop()
        with lock:
            count = len(seen)
        assert count >= 3
        assert mon.sample_count >= count and not mon.running
        time.sleep(0.1)
        with lock:
            assert len(seen) == count, "a sample came after stop()"
        with pytest.raises(rs.SandboxError):
            iter(mon)
        mon.close()
        with pytest.raises(rs.SandboxError, match="closed"):
            mon.stop()
    finally:
        child.kill()
        child.wait()


def test_missing_pid_and_bad_arguments() -> None:
    with pytest.raises(rs.NoProcessError, match="no process with pid 4194305") as caught:
        rs.monitor(4194305)
    assert isinstance(caught.value, ProcessLookupError)
    with pytest.raises(rs.PolicyError, match="pid 0"):
        rs.monitor(0)
    with pytest.raises(rs.PolicyError, match="interval"):
        rs.monitor(1, interval=0.001)
    with pytest.raises(rs.PolicyError, match="interval"):
        rs.monitor(1, interval=-1)
    with pytest.raises(rs.PolicyError, match="pid"):
        rs.monitor("1")  # type: ignore[arg-type]


def test_monitored_sandbox_streams_samples_and_keeps_history() -> None:
    box = rs.Sandbox(monitor_interval=0.02, monitor_history=8)
    names: list[str] = []
    result = box.run(["/bin/sleep", "0.3"], on_event=lambda e: names.append(e.name))
    assert result.ok, result.message
    assert names.count("sample") >= 3
    assert "sample" not in [e.name for e in result.events]
    history = result.resource_history
    assert history is not None
    assert 1 <= len(history["memory_bytes"]) <= 8
    assert rs.run(["/bin/true"]).resource_history is None
    with pytest.raises(rs.PolicyError, match="history"):
        rs.Sandbox(monitor_history=8)
    with pytest.raises(rs.PolicyError):
        rs.Sandbox(monitor_interval=0.02, monitor_history=3)


def test_thresholds_warn_and_end_the_run() -> None:
    box = rs.Sandbox(monitor_interval=0.02,
                     monitor_thresholds={"processes": {"warn": 2, "limit": 4}})
    result = box.run(["/bin/sh", "-c", "for i in 1 2 3 4 5 6; do sleep 2 & done; wait"])
    assert result.status == "pids_limit", result.message
    assert "threshold_warning" in [e.name for e in result.events]
    with pytest.raises(rs.PolicyError, match="procesess"):
        rs.Sandbox(monitor_interval=0.02, monitor_thresholds={"procesess": {"limit": 4}})
    with pytest.raises(rs.PolicyError, match="unknown key"):
        rs.Sandbox(monitor_interval=0.02, monitor_thresholds={"processes": {"max": 4}})
    with pytest.raises(rs.PolicyError, match="need monitor_interval"):
        rs.Sandbox(monitor_thresholds={"processes": {"limit": 4}})
