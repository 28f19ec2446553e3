"""sandbox-cli check: the host report as text and as JSON."""
import json
import subprocess


def test_check_text(cli):
    result = cli("check")
    assert result.returncode == 0, result
    assert "cgroup" in result.stdout
    assert result.stderr == ""


def test_check_json_is_one_object(cli):
    result = cli("check", "--json")
    assert result.returncode == 0, result
    report = json.loads(result.stdout)
    assert report["cgroup_mode"] in {"v2", "v1", "hybrid", "none"}
    assert isinstance(report["landlock_abi"], int)
    assert isinstance(report["is_root"], bool)
    # This host executes memfds: boxes start from box-init, not from a copy of the CLI.
    assert report["box_init_exec"] is True
    assert "box-init from memfd:       yes" in cli("check").stdout


def test_check_reports_a_host_that_refuses_to_execute_memfds(cli_path):
    """vm.memfd_noexec is per pid namespace: set to 2 in a new one, it refuses executable
    memfds there only, and check says boxes start as a copy of the caller, and why."""
    script = f"echo 2 > /proc/sys/vm/memfd_noexec && exec {cli_path} check --json"
    result = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "sh", "-c", script],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result
    report = json.loads(result.stdout)
    assert report["box_init_exec"] is False
    notes = [note for note in report["notes"] if "box-init" in note]
    assert len(notes) == 1
    assert "Permission denied" in notes[0] and "copy of the caller" in notes[0]
