"""A supervisor killed mid-run leaves no box process, and the next start removes its group."""
import glob
import json
import os
import signal
import subprocess
import time

import pytest

GROUP_ROOTS = glob.glob("/sys/fs/cgroup/*/rusty-sandbox")


def groups_of(owner_pid):
    return [d for root in GROUP_ROOTS for d in glob.glob(f"{root}/run-{owner_pid}-*")]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_until(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


@pytest.mark.skipif(os.geteuid() != 0 or not GROUP_ROOTS, reason="needs root and the project's cgroups")
def test_sigkilled_cli_leaves_no_box_and_its_group_is_cleaned_next_start(cli_path, cli):
    cli_proc = subprocess.Popen([str(cli_path), "run", "--timeout", "60s", "--", "sleep", "100"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: any(os.path.exists(f"{d}/cgroup.procs") for d in groups_of(cli_proc.pid)), 10)
        box_pids = set()
        assert wait_until(lambda: box_pids.update(
            int(p) for d in groups_of(cli_proc.pid) for p in open(f"{d}/cgroup.procs").read().split()) or
            len(box_pids) >= 2, 10), "the box's init and its sleep never showed up"
    finally:
        cli_proc.send_signal(signal.SIGKILL)
        cli_proc.wait()
    # The box dies with its supervisor (PR_SET_PDEATHSIG on the init, then its pid namespace).
    assert wait_until(lambda: not any(alive(pid) for pid in box_pids), 5), f"survivors: {box_pids}"
    assert groups_of(cli_proc.pid), "the killed supervisor's group should still be there to clean"
    # The next supervisor removes groups whose owner is dead.
    assert cli("run", "--", "true").returncode == 0
    assert groups_of(cli_proc.pid) == []


def workdirs_of(owner_pid):
    return glob.glob(f"/tmp/rusty-sandbox-{owner_pid}-*")


def test_sigkilled_cli_at_basic_leaves_no_process_and_its_workdir_is_cleaned_next_start(cli_path, cli):
    # At basic the workdir is a host directory of the supervisor's: a killed one cannot remove it.
    cli_proc = subprocess.Popen([str(cli_path), "run", "--security", "basic", "--timeout", "60s", "--",
                                 "sh", "-c", "echo $$ > pid; exec sleep 100"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: any(os.path.exists(f"{d}/pid") and open(f"{d}/pid").read().strip()
                                      for d in workdirs_of(cli_proc.pid)), 10), "the run never started"
        program = int(open(f"{workdirs_of(cli_proc.pid)[0]}/pid").read())
    finally:
        cli_proc.send_signal(signal.SIGKILL)
        cli_proc.wait()
    assert wait_until(lambda: not alive(program), 5), f"the program {program} survived its supervisor"
    assert workdirs_of(cli_proc.pid), "the killed supervisor's workdir should still be there to clean"
    # The next supervisor removes workdirs whose owner is dead.
    assert cli("run", "--security", "basic", "--", "true").returncode == 0
    assert workdirs_of(cli_proc.pid) == []


@pytest.mark.skipif(os.geteuid() != 0 or not GROUP_ROOTS, reason="needs root and the project's cgroups")
def test_a_supervisor_in_a_nested_pid_namespace_leaves_other_supervisors_alone(cli_path):
    # From inside a pid namespace the host's supervisors are invisible: judged by pid they
    # would look dead, and the stale clean-up would end their boxes and remove their workdirs.
    script = ["sh", "-c", "sleep 1.5; echo done"]
    standard = subprocess.Popen([str(cli_path), "run", "--json", "--timeout", "30s", "--", *script],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)
    basic = subprocess.Popen([str(cli_path), "run", "--json", "--security", "basic", "--timeout", "30s", "--",
                              *script], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: groups_of(standard.pid) and workdirs_of(basic.pid), 10), "the runs never started"
        for level in ("standard", "basic"):
            nested = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", str(cli_path), "run",
                                     "--security", level, "--", "true"], capture_output=True, text=True, timeout=60)
            assert nested.returncode == 0, nested
        assert workdirs_of(basic.pid), "the nested supervisor removed a live supervisor's workdir"
        for proc in (standard, basic):
            out, _ = proc.communicate(timeout=30)
            report = json.loads(out)
            assert (report["status"], report["stdout"]) == ("ok", "done\n"), report
    finally:
        for proc in (standard, basic):
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def nested_groups():
    return [d for root in GROUP_ROOTS for d in glob.glob(f"{root}/nsrun-*")]


@pytest.mark.skipif(os.geteuid() != 0 or not GROUP_ROOTS, reason="needs root and the project's cgroups")
def test_a_host_supervisor_leaves_a_nested_supervisors_box_alone(cli_path, cli):
    # The other way round: a nested supervisor's pid means some other process on the host, so
    # its groups must not look like those of a dead host supervisor.
    nested = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", str(cli_path), "run", "--json",
                               "--timeout", "30s", "--", "sh", "-c", "sleep 1.5; echo done"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: nested_groups(), 10), "the nested run's groups never showed up"
        assert cli("run", "--", "true").returncode == 0  # a fresh host supervisor: stale clean-up
        out, _ = nested.communicate(timeout=30)
        report = json.loads(out)
        assert (report["status"], report["stdout"]) == ("ok", "done\n"), report
        assert nested_groups() == []
    finally:
        if nested.poll() is None:
            nested.kill()
            nested.wait()
