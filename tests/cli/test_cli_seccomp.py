"""--seccomp and --on-breach reach the box's syscall filter: a hostile program that tries
mount(2) is denied and reported (privilege, high) under an allowlist, killed at maximum with
the syscall named, and the flags move a level's defaults either way."""
import json

EVENT_KEYS = {"type", "severity", "action", "pid", "syscall", "detail", "time"}
# Tries a watched call, then says whether it is still alive.
MOUNT_ATTEMPT = ("import ctypes, os\n"
                 "libc = ctypes.CDLL(None, use_errno=True)\n"
                 "rc = libc.mount(b'none', b'/tmp', b'tmpfs', 0, None)\n"
                 "print('mount', rc, flush=True)\n"
                 "print('survived', flush=True)\n")


def mount_attempt(cli, *flags):
    result = cli("run", "--json", *flags, "--", "/usr/bin/python3", "-I", "-c", MOUNT_ATTEMPT, timeout=60)
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result
    return result, json.loads(lines[0])


def mount_events(verdict):
    return [e for e in verdict["security_events"] if e["syscall"] == "mount"]


def test_enhanced_denies_and_reports_the_attempt(cli):
    _, verdict = mount_attempt(cli, "--security", "enhanced")
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout"] == "mount -1\nsurvived\n"
    events = mount_events(verdict)
    assert events, verdict["security_events"]
    assert EVENT_KEYS <= set(events[0])
    assert (events[0]["type"], events[0]["severity"], events[0]["action"]) == ("privilege", "high", "denied")
    assert events[0]["pid"] > 0
    assert verdict["breach_summary"]["by_type"].get("privilege", 0) >= 1


def test_maximum_ends_the_run_and_names_the_syscall(cli):
    result, verdict = mount_attempt(cli, "--security", "maximum")
    assert verdict["status"] == "security_violation", verdict
    assert "survived" not in verdict["stdout"]
    assert "mount" in verdict["message"], verdict["message"]
    assert result.returncode != 0


def test_seccomp_allowlist_at_standard_reports_what_the_denylist_did_not(cli):
    _, denylist = mount_attempt(cli, "--security", "standard")
    assert denylist["status"] == "ok", denylist
    assert mount_events(denylist) == []
    _, allowlist = mount_attempt(cli, "--security", "standard", "--seccomp", "allowlist")
    assert allowlist["status"] == "ok", allowlist
    assert mount_events(allowlist), allowlist["security_events"]


def test_seccomp_and_on_breach_soften_maximum(cli):
    _, verdict = mount_attempt(cli, "--security", "maximum", "--seccomp", "allowlist", "--on-breach", "report")
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout"] == "mount -1\nsurvived\n"
    assert mount_events(verdict)


def test_on_breach_terminate_at_enhanced_ends_the_run(cli):
    _, verdict = mount_attempt(cli, "--security", "enhanced", "--on-breach", "terminate")
    assert verdict["status"] == "security_violation", verdict
    assert "survived" not in verdict["stdout"]
