"""sandbox-cli check: the host report as text and as JSON."""
import json


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
