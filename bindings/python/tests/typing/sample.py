"""A typical user of rusty_sandbox; `mypy --strict` must accept it (test_typing.py)."""

from __future__ import annotations

import asyncio

import rusty_sandbox as rs


def grade(source: str) -> tuple[str, float, int]:
    policy = rs.SecurityPolicy("standard", memory_bytes="256M", wall_timeout_ms="2s")
    policy.pids = 16
    limit: int | None = policy.memory_bytes
    assert limit is not None
    result: rs.Result = rs.run_code("python", source, policy=policy)
    events: list[rs.Event] = result.events
    return result.status, result.usage.wall_time_s, len(events) + result.exit_code


def stream() -> list[str]:
    box = rs.Sandbox(rs.SecurityPolicy("enhanced"))
    names: list[str] = []
    with box.start(["/bin/echo", "hi"], stdin=b"", env={"A": "1"}) as handle:
        pid: int = handle.pid
        names.extend(e.name for e in handle.events())
        final: rs.Result = handle.wait(timeout=5.0)
        names.append(f"{pid}:{final.status}:{final.stdout}")
    return names


async def many() -> list[rs.Result]:
    return await asyncio.gather(*(rs.run_async(["/bin/true"]) for _ in range(3)))


def checked() -> bool:
    try:
        rs.SecurityPolicy.from_dict({"limits": {"pids": "x"}})
    except rs.PolicyError as error:
        return "pids" in str(error)
    host: dict[str, object] = rs.check()
    return bool(host)


def observe(pid: int) -> list[float]:
    memory: list[float] = []
    try:
        with rs.monitor(pid, interval=0.05) as mon:
            for event in mon:
                memory.append(event.values.get("memory_bytes", 0.0))
    except rs.NoProcessError:
        return []
    return memory


def exported(path: str) -> dict[str, int]:
    policy = rs.SecurityPolicy("enhanced", seccomp="allowlist", allowed_hosts=["pypi.org:443"])
    policy.files = {"read": ["/srv/data"]}
    caps: list[str] = policy.keep_capabilities
    with rs.Telemetry(event_log_path=path,
                      traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") as tel:
        box = rs.Sandbox(policy, telemetry=tel, monitor_interval=0.1, monitor_history=16,
                         monitor_thresholds={"memory_bytes": {"warn": 1e8, "limit": 2e8}})
        result = box.run(["/bin/true"])
        history = result.resource_history
        flushed: bool = tel.flush(timeout=1.0)
        stats = tel.stats()
    stats["caps"] = len(caps) + (len(history) if history else 0) + int(flushed)
    return stats
