"""Every policy flag of sandbox-cli run reaches the box: the program sees its effect."""
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="the box's host ids and the egress proxy need root")


def run_json(cli, *words, **kwargs):
    result = cli("run", "--json", *words, **kwargs)
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result
    return result, json.loads(lines[0])


def python(cli, code, *flags, **kwargs):
    return run_json(cli, *flags, "--", "/usr/bin/python3", "-I", "-c", code, **kwargs)


@pytest.fixture
def host_dir():
    """A directory outside the box that its unprivileged user may read and write."""
    path = Path(tempfile.mkdtemp(prefix="sandbox-cli-flags-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path)


def test_allow_read_makes_a_host_file_readable_at_enhanced(cli, host_dir):
    secret = host_dir / "data.txt"
    secret.write_text("host data\n")
    secret.chmod(0o644)
    read = f"print(open('{secret}').read(), end='')"
    _, without = python(cli, read, "--security", "enhanced")
    assert without["status"] == "nonzero_exit", without
    assert "host data" not in without["stdout"]
    _, with_flag = python(cli, read, "--security", "enhanced", "--allow-read", str(host_dir))
    assert with_flag["status"] == "ok", with_flag
    assert with_flag["stdout"] == "host data\n"


def test_allow_read_does_not_allow_writing(cli, host_dir):
    write = f"open('{host_dir}/new.txt', 'w').write('x')"
    _, verdict = python(cli, write, "--security", "enhanced", "--allow-read", str(host_dir))
    assert verdict["status"] == "nonzero_exit", verdict
    assert not (host_dir / "new.txt").exists()


def test_allow_write_lets_the_program_create_a_host_file(cli, host_dir):
    write = f"open('{host_dir}/new.txt', 'w').write('from the box')"
    _, verdict = python(cli, write, "--security", "enhanced", "--allow-write", str(host_dir))
    assert verdict["status"] == "ok", verdict
    assert (host_dir / "new.txt").read_text() == "from the box"


def test_allow_exec_lets_the_program_run_a_host_binary(cli, host_dir):
    tool = host_dir / "tool.sh"
    tool.write_text("#!/bin/sh\necho tool ran\n")
    tool.chmod(0o755)
    run_tool = f"import subprocess; print(subprocess.run(['{tool}']).returncode)"
    _, read_only = python(cli, run_tool, "--security", "enhanced", "--allow-read", str(host_dir))
    assert "tool ran" not in read_only["stdout"], read_only
    _, verdict = python(cli, run_tool, "--security", "enhanced", "--allow-exec", str(host_dir))
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout"] == "tool ran\n0\n"


def test_readonly_binds_a_host_dir_it_cannot_write(cli, host_dir):
    (host_dir / "ro.txt").write_text("bound\n")
    (host_dir / "ro.txt").chmod(0o666)
    code = (f"print(open('{host_dir}/ro.txt').read(), end='')\n"
            f"try:\n    open('{host_dir}/ro.txt', 'w')\nexcept OSError as e:\n    print(type(e).__name__)\n")
    _, verdict = python(cli, code, "--readonly", str(host_dir))
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout"] in {"bound\nOSError\n", "bound\nPermissionError\n"}
    assert (host_dir / "ro.txt").read_text() == "bound\n"


def test_keep_cap_shows_in_cap_eff(cli):
    show = ["--", "/bin/grep", "^CapEff:", "/proc/self/status"]
    _, kept = run_json(cli, "--keep-cap", "CAP_NET_BIND_SERVICE", *show)
    assert kept["stdout"] == "CapEff:\t0000000000000400\n", kept
    _, short_name = run_json(cli, "--keep-cap", "net_bind_service", *show)
    assert short_name["stdout"] == "CapEff:\t0000000000000400\n", short_name
    _, none = run_json(cli, *show)
    assert none["stdout"] == "CapEff:\t0000000000000000\n", none


def test_hostname(cli):
    _, verdict = run_json(cli, "--hostname", "judge-7", "--", "/bin/cat", "/proc/sys/kernel/hostname")
    assert verdict["stdout"] == "judge-7\n", verdict


@pytest.mark.parametrize("flag,value,resource,expected", [
    ("--nofile", "32", "RLIMIT_NOFILE", 32),
    ("--fsize", "1M", "RLIMIT_FSIZE", 1 << 20),
    ("--address-space", "768M", "RLIMIT_AS", 768 << 20),
])
def test_rlimit_flags(cli, flag, value, resource, expected):
    code = f"import resource; print(resource.getrlimit(resource.{resource})[0])"
    _, verdict = python(cli, code, flag, value)
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout"] == f"{expected}\n"


def test_fsize_stops_a_large_write(cli):
    code = "open('/tmp/big', 'wb').write(b'x' * (2 << 20))"
    _, verdict = python(cli, code, "--fsize", "1M")
    assert verdict["status"] in {"nonzero_exit", "signaled"}, verdict


@pytest.mark.parametrize("flag,path", [("--tmp-size", "/tmp"), ("--workdir-size", "/work")])
def test_tmpfs_sizes(cli, flag, path):
    code = f"import os; s = os.statvfs('{path}'); print(s.f_blocks * s.f_frsize)"
    _, verdict = python(cli, code, flag, "8M")
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout"] == f"{8 << 20}\n"


def test_workdir_and_chdir(cli):
    _, verdict = run_json(cli, "--workdir", "/judge", "--", "/bin/pwd")
    assert verdict["stdout"] == "/judge\n", verdict
    _, verdict = run_json(cli, "--chdir", "/tmp", "--", "/bin/pwd")
    assert verdict["stdout"] == "/tmp\n", verdict


def test_file_copies_host_files_into_the_workdir(cli, tmp_path):
    source = tmp_path / "input.txt"
    source.write_text("copied in\n")
    _, verdict = run_json(cli, "--file", str(source), "--file", f"{source}:data/renamed.txt", "--",
                          "/bin/sh", "-c", "cat input.txt data/renamed.txt")
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout"] == "copied in\ncopied in\n"


def test_output_overflow_truncate_keeps_running(cli):
    _, verdict = run_json(cli, "--output-limit", "4K", "--output-overflow", "truncate", "--",
                          "/bin/sh", "-c", "head -c 100000 /dev/zero; echo done >&2")
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout_truncated"] is True
    assert len(verdict["stdout"]) == 4096
    assert verdict["stderr"] == "done\n"


@needs_root
def test_host_uid_and_gid_own_the_files_the_box_writes(cli, host_dir):
    _, verdict = run_json(cli, "--security", "enhanced", "--allow-write", str(host_dir), "--host-uid", "4321",
                          "--host-gid", "4322", "--", "/bin/sh", "-c", f"echo x > {host_dir}/owned")
    assert verdict["status"] == "ok", verdict
    info = (host_dir / "owned").stat()
    assert (info.st_uid, info.st_gid) == (4321, 4322)


def test_pids_limit(cli):
    fork_many = "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 5 & done; wait"
    result, verdict = run_json(cli, "--pids", "4", "--timeout", "20s", "--", "/bin/sh", "-c", fork_many, timeout=60)
    assert verdict["status"] == "pids_limit", verdict
