"""Runs through the C ABI: verdicts, output, handles, events, GIL release, asyncio."""

from __future__ import annotations

import asyncio
import copy
import gc
import os
import pickle
import subprocess
import sys
import threading
import time

import pytest

import rusty_sandbox as rs


def test_echo_is_ok_with_usage() -> None:
    r = rs.run(["/bin/echo", "hello"])
    assert r.ok, r.message
    assert (r.status, r.exit_code, r.signal) == ("ok", 0, 0)
    assert r.stdout == "hello\n" and r.stdout_bytes == b"hello\n"
    assert r.stderr == ""
    assert 0 < r.wall_time_s < 10
    assert r.cpu_user_s >= 0 and r.cpu_sys_s >= 0
    assert r.peak_memory_bytes > 0
    assert r.usage.peak_memory_bytes == r.peak_memory_bytes
    assert r.usage_source in ("cgroup", "rusage")
    assert [e.name for e in r.events][:1] == ["started"]
    d = r.to_dict()
    assert d["status"] == "ok" and d["stdout"] == "hello\n"


def test_result_attributes_match_the_library_json() -> None:
    r = rs.run(["/bin/sh", "-c", "printf out; printf err >&2; exit 5"])
    d = r.to_dict()
    assert (r.status, r.exit_code, r.signal, r.message) == (
        d["status"], d["exit_code"], d["signal"], d["message"])
    assert (r.stdout, r.stderr) == (d["stdout"], d["stderr"]) == ("out", "err")
    assert (r.stdout_truncated, r.stderr_truncated) == (False, False)
    assert r.cli_exit_code == 5 and r.degraded == d["degraded"]
    assert all(isinstance(value, float)
               for value in (r.wall_time_s, r.cpu_user_s, r.cpu_sys_s))
    assert [(e.kind, e.name, e.pid, e.values) for e in r.events] == [
        (e["kind"], e["name"], e.get("pid", 0), e.get("values", {})) for e in d["events"]]
    assert r.events[-1].values["exit_code"] == 5
    report = r.to_report()
    assert report.startswith("status:      nonzero_exit (exit code 5)\n"), report
    assert "stdout (3 bytes):\nout\n" in report and "stderr (3 bytes):\nerr\n" in report


def test_a_result_outlives_its_handle_and_sandbox() -> None:
    # Result reads its non-verdict fields from the library's result on first use: that result
    # must be the Result's own, not the run's or the sandbox's.
    box = rs.Sandbox()
    handle = box.start(["/bin/sh", "-c", "echo gone; exit 4"])
    r = handle.wait()
    handle.close()
    del box, handle
    gc.collect()
    assert (r.status, r.exit_code, r.stdout) == ("nonzero_exit", 4, "gone\n")
    assert r.message == "the program exited with code 4"
    assert [e.name for e in r.events] == ["started", "exited"]
    assert r.usage.wall_time_s > 0 and r.to_dict()["exit_code"] == 4


def test_a_result_pickles_and_copies_with_every_field() -> None:
    r = rs.run(["/bin/sh", "-c", "printf 'out\\377'; exit 3"])
    for clone in (pickle.loads(pickle.dumps(r)), copy.deepcopy(r), copy.copy(r)):
        assert (clone.status, clone.exit_code, clone.stdout_bytes) == ("nonzero_exit", 3, b"out\xff")
        assert (clone.message, clone.usage, clone.to_dict()) == (r.message, r.usage, r.to_dict())
        assert [e.name for e in clone.events] == ["started", "exited"]
        assert clone.to_report() == r.to_report()


def test_exit_code_stdin_env_files_and_bytes() -> None:
    assert rs.run(["/bin/sh", "-c", "exit 3"]).exit_code == 3
    assert rs.run(["/bin/cat"], stdin="from stdin").stdout == "from stdin"
    raw = bytes(range(256))
    r = rs.run(["/bin/cat"], stdin=raw)
    assert r.stdout_bytes == raw
    r = rs.run(["/bin/sh", "-c", 'echo "$A" >&2; cat data.bin'], env={"A": "x y"},
               files={"data.bin": b"\x00\x01"})
    assert r.stderr == "x y\n" and r.stdout_bytes == b"\x00\x01"


def test_timeout_and_signal_verdicts() -> None:
    r = rs.run(["/bin/sleep", "5"], timeout=0.3)
    assert r.status == "timeout"
    assert r.wall_time_s < 3
    r = rs.run(["/bin/sh", "-c", "kill -SEGV $$"])
    assert (r.status, r.signal, r.cli_exit_code) == ("signaled", 11, 139)


def test_run_code_with_runtimes() -> None:
    r = rs.run_code("python", "print(6 * 7)")
    assert (r.status, r.stdout) == ("ok", "42\n"), r.message
    assert rs.run_code("sh", "echo $((1+2))").stdout == "3\n"


def test_start_wait_poll_kill() -> None:
    with rs.start(["/bin/sleep", "5"]) as handle:
        assert handle.pid > 0
        assert handle.poll() is None
        with pytest.raises(TimeoutError):
            handle.wait(timeout=0.1)
        started = time.monotonic()
        handle.kill()
        r = handle.wait()
        assert r.status == "killed"
        assert time.monotonic() - started < 3
        assert handle.poll() is not None
    with pytest.raises(rs.SandboxError, match="closed"):
        handle.kill()


def test_closing_a_running_handle_kills_it() -> None:
    handle = rs.start(["/bin/sleep", "30"])
    pid = handle.pid
    handle.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(") ")[1][0] == "Z":
                    break
        except FileNotFoundError:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"box init {pid} still alive 5 s after close()")


def test_events_by_iterator_and_callback() -> None:
    with rs.start(["/bin/echo", "x"]) as handle:
        names = [e.name for e in handle.events()]
        assert names[0] == "started" and names[-1] == "exited"
    with rs.start(["/bin/true"], on_event=lambda e: None) as pumped:
        with pytest.raises(rs.SandboxError, match="on_event"):
            pumped.events()
        pumped.wait()

    seen: list[rs.Event] = []
    threads: set[int] = set()

    def on_event(event: rs.Event) -> None:
        seen.append(event)
        threads.add(threading.get_ident())

    r = rs.run(["/bin/echo", "x"], on_event=on_event)
    assert [e.name for e in seen] == [e.name for e in r.events]
    assert threads == {threading.get_ident()}  # run(): callbacks on the calling thread

    seen.clear()
    handle = rs.start(["/bin/echo", "x"], on_event=on_event)
    r = handle.wait()
    handle.close()
    assert [e.name for e in seen] == [e.name for e in r.events]


def test_the_gil_is_free_while_a_box_runs() -> None:
    ticks = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.01)

    counter = threading.Thread(target=count)
    counter.start()
    try:
        r = rs.run(["/bin/sleep", "1"])
    finally:
        stop.set()
        counter.join()
    assert r.status == "ok", r.message
    assert ticks >= 40, f"the counter thread ran only {ticks} times during a 1 s run"


def test_run_async_many_at_once() -> None:
    async def main() -> list[rs.Result]:
        return await asyncio.gather(*(rs.run_async(["/bin/sh", "-c", f"echo {i}"])
                                      for i in range(20)))

    results = asyncio.run(main())
    assert [r.stdout for r in results] == [f"{i}\n" for i in range(20)]


def _child_pids() -> list[int]:
    pids: list[int] = []
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children") as f:
            pids += [int(p) for p in f.read().split()]
    return pids


def test_run_async_cancelled_at_once_leaves_no_box() -> None:
    # run_async returns to the loop before the supervisor thread launches the box: a
    # cancellation then must cancel the launch or kill the box on arrival.
    async def main() -> None:
        task = asyncio.create_task(rs.run_async(["/bin/sleep", "30"]))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # The cancelled launch may still be under way on the supervisor thread (its box
        # then appears after this point and is killed on arrival); a run queued behind it
        # there ends only once that box was killed or its launch dropped.
        assert (await rs.run_async(["/bin/true"])).ok

    before = set(_child_pids())
    asyncio.run(main())
    deadline = time.monotonic() + 5
    while set(_child_pids()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert set(_child_pids()) - before == set()


# Runs a box as root (which makes the next box's network namespace ahead), drops to uid
# 65534, then runs two more: their thread may no longer join that namespace, and each box
# clones its own instead of failing.
AFTER_DROPPING_ROOT = """
import os, rusty_sandbox as rs
box = rs.Sandbox(rs.SecurityPolicy("standard"))
print(box.run(["/bin/true"]).status)
os.setgroups([]); os.setgid(65534); os.setuid(65534)
for _ in range(2):
    r = box.run(["/bin/sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"])
    print(r.status, r.stdout.strip(), r.message)
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="dropping root needs root")
def test_runs_after_dropping_root_clone_their_own_network() -> None:
    done = subprocess.run([sys.executable, "-c", AFTER_DROPPING_ROOT], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "ok"
    assert [line.split()[:2] for line in lines[1:]] == [["ok", "lo"], ["ok", "lo"]], done.stdout


def test_run_async_keeps_the_loop_free_and_cancel_kills() -> None:
    async def main() -> tuple[int, rs.Result]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        ticker = asyncio.create_task(tick())
        result = await rs.run_async(["/bin/sleep", "1"])
        ticker.cancel()
        slow = asyncio.create_task(rs.run_async(["/bin/sleep", "30"]))
        await asyncio.sleep(0.3)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        return ticks, result

    started = time.monotonic()
    ticks, result = asyncio.run(main())
    assert result.status == "ok", result.message
    assert ticks >= 40
    assert time.monotonic() - started < 10
