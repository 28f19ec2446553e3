"""SecurityPolicy, exceptions and library calls that start no box."""

from __future__ import annotations

import json

import pytest

import rusty_sandbox as rs


def test_versions_and_host_check() -> None:
    assert rs.abi_version() == 1
    assert rs.__version__.count(".") == 2
    host = rs.check()
    assert host["cgroup_mode"] in ("v2", "v1", "hybrid", "none")
    assert host["box_init_exec"] is True
    assert "cgroup" in rs.check_text()


def test_exception_hierarchy() -> None:
    assert issubclass(rs.PolicyError, rs.SandboxError)
    assert issubclass(rs.SetupError, rs.SandboxError)
    assert not issubclass(rs.PolicyError, rs.SetupError)


def test_levels_give_their_defaults() -> None:
    for level in rs.LEVELS:
        assert rs.SecurityPolicy(level).level == level
    assert rs.SecurityPolicy().level == "standard"
    with pytest.raises(rs.PolicyError, match="paranoid"):
        rs.SecurityPolicy("paranoid")


def test_limits_take_numbers_sizes_and_durations() -> None:
    p = rs.SecurityPolicy(memory_bytes="256M", wall_timeout_ms="1.5s", pids=32)
    assert p.memory_bytes == 256 << 20
    assert p.wall_timeout_ms == 1500
    assert p.pids == 32
    p.memory_bytes = None
    assert p.memory_bytes is None
    p.cpu_time_ms = 2000
    assert p.cpu_time_ms == 2000
    with pytest.raises(rs.PolicyError, match="wall_timeout_ms"):
        p.wall_timeout_ms = None
    with pytest.raises(rs.PolicyError, match="memory_bytes"):
        p.memory_bytes = "lots"
    with pytest.raises(rs.PolicyError, match="pids"):
        p.pids = -1
    with pytest.raises(rs.PolicyError, match="32 bits"):
        p.pids = 1 << 40
    with pytest.raises(rs.PolicyError, match="memroy_bytes"):
        rs.SecurityPolicy(memroy_bytes=1)


def test_fields_round_trip_through_json_and_dict() -> None:
    p = rs.SecurityPolicy("enhanced", network="none", readonly_paths=["/opt/data"],
                          hostname="judge", workdir="/task", on_output_overflow="truncate")
    p.host_uid = 60000
    p.host_gid = 60001
    assert (p.hostname, p.workdir, p.host_uid, p.host_gid) == ("judge", "/task", 60000, 60001)
    assert p.readonly_paths == ["/opt/data"]
    assert p.on_output_overflow == "truncate"
    again = rs.SecurityPolicy.from_json(p.to_json())
    assert again == p
    assert rs.SecurityPolicy.from_dict(p.to_dict()) == p
    assert json.loads(p.to_json())["level"] == "enhanced"
    copy = p.copy()
    copy.hostname = "other"
    assert p.hostname == "judge"


def test_bad_policies_name_the_key() -> None:
    with pytest.raises(rs.PolicyError, match="memroy_bytes"):
        rs.SecurityPolicy.from_dict({"limits": {"memroy_bytes": 1}})
    with pytest.raises(rs.PolicyError, match="pids"):
        rs.SecurityPolicy.from_json('{"limits": {"pids": "many"}}')
    with pytest.raises(rs.PolicyError):
        rs.SecurityPolicy.from_json('{"level": ')
    with pytest.raises(rs.PolicyError, match="network"):
        rs.SecurityPolicy(network="internet")
    p = rs.SecurityPolicy("standard", network="host")
    with pytest.raises(rs.PolicyError, match="network"):
        p.validate()
    with pytest.raises(rs.PolicyError, match="network"):
        rs.Sandbox(p)


def test_bad_commands_raise_before_running() -> None:
    with pytest.raises(rs.PolicyError, match="argv is empty"):
        rs.run([])
    with pytest.raises(rs.PolicyError, match="list of strings"):
        rs.run("/bin/true")  # type: ignore[arg-type]
    with pytest.raises(rs.PolicyError, match="escape|'..'"):
        rs.run(["/bin/true"], files={"../escape": "x"})
    with pytest.raises(rs.PolicyError, match="language"):
        rs.run_code("cobol", "x")


def test_fields_beyond_limits_round_trip() -> None:
    p = rs.SecurityPolicy("enhanced", seccomp="allowlist", on_breach="terminate_on_critical",
                          files={"read": ["/srv/models"], "exec": ["/opt/tool"]},
                          allowed_hosts=["pypi.org:443"],
                          keep_capabilities=["CAP_NET_BIND_SERVICE"])
    assert p.seccomp == "allowlist" and p.on_breach == "terminate_on_critical"
    assert p.files == {"read": ["/srv/models"], "write": [], "exec": ["/opt/tool"]}
    assert p.allowed_hosts == ["pypi.org:443"]
    assert p.keep_capabilities == ["CAP_NET_BIND_SERVICE"]
    d = p.to_dict()
    assert d["seccomp"] == "allowlist" and d["files"]["exec"] == ["/opt/tool"]
    assert rs.SecurityPolicy.from_dict(d) == p
    p.hostname, p.workdir, p.host_uid = "grader", "/task", 60001
    assert (p.hostname, p.workdir, p.host_uid, p.host_gid) == ("grader", "/task", 60001, 65534)


def test_bad_field_values_are_named() -> None:
    p = rs.SecurityPolicy("enhanced", keep_capabilities=["CAP_NET_RAW"])
    with pytest.raises(rs.PolicyError,
                       match=r"keep_capabilities\[1\]: unknown capability 'CAP_FLY'"):
        p.keep_capabilities = ["CAP_NET_RAW", "CAP_FLY"]
    assert p.keep_capabilities == ["CAP_NET_RAW"], "a refused list must leave the old one"
    with pytest.raises(rs.PolicyError, match=r"files.write\[0\]: 'tmp' must be an absolute path"):
        p.files = {"write": ["tmp"]}
    with pytest.raises(rs.PolicyError, match="unknown key"):
        p.files = {"append": ["/tmp"]}
    with pytest.raises(rs.PolicyError, match=r"allowed_hosts\[1\]"):
        p.allowed_hosts = ["a.example", "a.example"]
    with pytest.raises(rs.PolicyError, match="'blocklist'"):
        p.seccomp = "blocklist"
    with pytest.raises(rs.PolicyError, match="on_breach"):
        p.on_breach = "panic"
    with pytest.raises(rs.PolicyError, match="single string"):
        p.allowed_hosts = "a.example"


def test_host_resolution_pins_allowed_hosts() -> None:
    p = rs.SecurityPolicy("enhanced", allowed_hosts=["pypi.org:443"],
                          host_resolution={"pypi.org": ["151.101.0.223"]})
    assert p.host_resolution == {"pypi.org": ["151.101.0.223"]}
    assert p.to_dict()["host_resolution"] == {"pypi.org": ["151.101.0.223"]}
    with pytest.raises(rs.PolicyError, match="'nope' is not an IPv4 or IPv6 address"):
        p.host_resolution = {"pypi.org": ["nope"]}
    with pytest.raises(rs.PolicyError, match="not named by any allowed_hosts entry"):
        p.host_resolution = {"example.com": ["192.0.2.1"]}
    assert p.host_resolution == {"pypi.org": ["151.101.0.223"]}, "a refused value must keep the old"
