"""--config FILE (a SecurityPolicy as JSON, overridden by flags) and `policy show`."""
import json

import pytest


def run_json(cli, *words, **kwargs):
    result = cli("run", "--json", *words, **kwargs)
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result
    return result, json.loads(lines[0])


def show(cli, *words):
    result = cli("policy", "show", *words)
    assert result.returncode == 0, result
    assert result.stderr == ""
    assert result.stdout.endswith("\n") and result.stdout.count("\n") == 1
    return json.loads(result.stdout)


def write_config(tmp_path, document):
    path = tmp_path / "policy.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def assert_usage_error(result, *fragments):
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert result.stderr.startswith("sandbox-cli: error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


@pytest.mark.parametrize("level,seccomp,on_breach,memory", [
    ("basic", "none", "report", None),
    ("standard", "denylist", "report", 512 << 20),
    ("enhanced", "allowlist", "terminate_on_critical", 512 << 20),
    ("maximum", "allowlist_kill", "terminate", 256 << 20),
])
def test_policy_show_prints_the_levels_defaults(cli, level, seccomp, on_breach, memory):
    policy = show(cli, level)
    assert policy["version"] == 1
    assert policy["level"] == level
    assert policy["seccomp"] == seccomp
    assert policy["on_breach"] == on_breach
    assert policy["limits"]["memory_bytes"] == memory


@pytest.mark.parametrize("level", ["basic", "standard", "enhanced", "maximum"])
def test_policy_show_output_is_accepted_back_by_config(cli, tmp_path, level):
    shown = show(cli, level)
    config = write_config(tmp_path, shown)
    assert show(cli, "--config", str(config)) == shown
    result, verdict = run_json(cli, "--config", str(config), "--", "/bin/echo", "from the config")
    assert verdict["status"] == "ok", verdict
    assert verdict["stdout"] == "from the config\n"


def test_policy_show_applies_the_run_flags(cli, tmp_path):
    policy = show(cli, "enhanced", "--memory", "100M", "--allow-read", str(tmp_path), "--keep-cap", "net_raw",
                  "--allow-net", "example.com:443", "--seccomp", "allowlist_kill", "--hostname", "box1")
    assert policy["limits"]["memory_bytes"] == 100 << 20
    assert policy["files"]["read"] == [str(tmp_path)]
    assert policy["keep_capabilities"] == ["CAP_NET_RAW"]
    assert policy["allowed_hosts"] == ["example.com:443"]
    assert policy["seccomp"] == "allowlist_kill"
    assert policy["hostname"] == "box1"


def test_config_limits_reach_the_run_and_flags_override_them(cli, tmp_path):
    config = write_config(tmp_path, {"limits": {"wall_timeout_ms": 1000}})
    _, verdict = run_json(cli, "--config", str(config), "--", "sleep", "3", timeout=30)
    assert verdict["status"] == "timeout", verdict
    _, verdict = run_json(cli, "--config", str(config), "--timeout", "10s", "--", "sleep", "2", timeout=30)
    assert verdict["status"] == "ok", verdict


def test_config_hostname_and_flag_override(cli, tmp_path):
    config = write_config(tmp_path, {"hostname": "from-file"})
    _, verdict = run_json(cli, "--config", str(config), "--", "/bin/cat", "/proc/sys/kernel/hostname")
    assert verdict["stdout"] == "from-file\n"
    _, verdict = run_json(cli, "--config", str(config), "--hostname", "from-flag", "--",
                          "/bin/cat", "/proc/sys/kernel/hostname")
    assert verdict["stdout"] == "from-flag\n"


def test_security_flag_replaces_the_files_level_and_keeps_its_keys(cli, tmp_path):
    config = write_config(tmp_path, {"level": "standard", "hostname": "kept"})
    policy = show(cli, "--config", str(config), "--security", "maximum")
    assert policy["level"] == "maximum"
    assert policy["seccomp"] == "allowlist_kill"  # the omitted keys take maximum's defaults
    assert policy["hostname"] == "kept"
    # LEVEL given to policy show plays the same part.
    assert show(cli, "maximum", "--config", str(config)) == policy


def test_repeatable_flags_add_to_the_files_lists(cli, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    config = write_config(tmp_path, {"level": "enhanced", "files": {"read": [str(first)]}})
    policy = show(cli, "--config", str(config), "--allow-read", str(second))
    assert policy["files"]["read"] == [str(first), str(second)]


@pytest.mark.parametrize("document,fragments", [
    ({"limits": {"memory_byte": 5}}, ["$.limits.memory_byte", "unknown key"]),
    ({"limits": {"pids": "many"}}, ["$.limits.pids"]),
    ({"level": "ultra"}, ["$.level", "ultra"]),
    ({"files": {"read": ["relative/path"]}}, ["files.read[0]", "absolute"]),
    ({"seccomp": "sometimes"}, ["$.seccomp", "sometimes"]),
    ({"version": 99}, ["$.version", "99"]),
    ("{not json", ["policy"]),
    ("[1, 2]", ["$", "object"]),
])
def test_bad_config_is_a_usage_error_naming_the_key_path(cli, tmp_path, document, fragments):
    config = write_config(tmp_path, document)
    assert_usage_error(cli("run", "--config", str(config), "--", "/bin/true"), f"--config {config}", *fragments)
    assert_usage_error(cli("policy", "show", "--config", str(config)), f"--config {config}", *fragments)


def test_missing_config_file(cli, tmp_path):
    assert_usage_error(cli("run", "--config", str(tmp_path / "none.json"), "--", "/bin/true"), "none.json")
    assert_usage_error(cli("run", "--config", str(tmp_path), "--", "/bin/true"), str(tmp_path))


@pytest.mark.parametrize("words,fragments", [
    ([], ["policy needs a subcommand"]),
    (["frobnicate"], ["frobnicate"]),
    (["show"], ["LEVEL"]),
    (["show", "ultra"], ["ultra", "basic, standard, enhanced, maximum"]),
    (["show", "basic", "standard"], ["one too many"]),
    (["show", "basic", "--memory", "lots"], ["--memory"]),
    (["show", "standard", "--network", "host"], ["--network", "basic"]),
    (["show", "--verbose"], ["--verbose"]),
])
def test_bad_policy_arguments(cli, words, fragments):
    assert_usage_error(cli("policy", *words), *fragments)
