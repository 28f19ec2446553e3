"""Usage errors of sandbox-cli: exit code 2, "sandbox-cli: error: ..." naming the problem,
and nothing started."""
import shutil
import tempfile
from pathlib import Path

import pytest


def assert_usage_error(result, *fragments):
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert result.stderr.startswith("sandbox-cli: error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


BAD_RUN_ARGUMENTS = [
    ([], "FILE"),
    (["--"], "no command after"),
    (["--json"], "FILE"),
    (["no-such-file.py"], "no-such-file.py"),
    (["--memory", "-5", "--", "true"], "--memory"),
    (["--memory", "99999T", "--", "true"], "--memory"),
    (["--memory", "lots", "--", "true"], "--memory"),
    (["--memory"], "--memory needs a value"),
    (["--cpu-time", "-2s", "--", "true"], "--cpu-time"),
    (["--timeout", "forever", "--", "true"], "--timeout"),
    (["--pids", "0", "--", "true"], "--pids"),
    (["--pids", "-1", "--", "true"], "--pids"),
    (["--pids", "12abc", "--", "true"], "--pids"),
    (["--output-limit", "-1", "--", "true"], "--output-limit"),
    (["--security", "ultra", "--", "true"], "ultra"),
    (["--env", "FOO", "--", "true"], "NAME=VALUE"),
    (["--env", "=value", "--", "true"], "empty variable name"),
    (["--stdin", "/no/such/input", "--", "true"], "/no/such/input"),
    (["--frobnicate", "--", "true"], "--frobnicate"),
    (["--fsize", "big", "--", "true"], "--fsize"),
    (["--nofile", "0", "--", "true"], "--nofile"),
    (["--nofile", "2", "--", "true"], "--nofile"),
    (["--network", "wifi", "--", "true"], "--network: 'wifi' is not one of none, host"),
    (["--network", "host", "--", "true"], "--network"),
    (["--seccomp", "strict", "--", "true"], "--seccomp: 'strict'"),
    (["--seccomp", "none", "--", "true"], "--seccomp"),
    (["--on-breach", "panic", "--", "true"], "--on-breach: 'panic'"),
    (["--output-overflow", "wrap", "--", "true"], "--output-overflow"),
    (["--keep-cap", "CAP_TIME_TRAVEL", "--", "true"], "--keep-cap: unknown capability 'CAP_TIME_TRAVEL'"),
    (["--allow-read", "/no/such/dir", "--", "true"], "--allow-read: '/no/such/dir' does not exist"),
    (["--allow-write", "", "--", "true"], "--allow-write"),
    (["--allow-exec", "/no/such/bin", "--", "true"], "--allow-exec"),
    (["--readonly", "/no/such/dir", "--", "true"], "--readonly"),
    (["--allow-net", "bad host!", "--", "true"], "--allow-net"),
    (["--allow-net", "example.com:99999", "--", "true"], "--allow-net"),
    (["--security", "maximum", "--allow-net", "example.com", "--", "true"], "--allow-net"),
    (["--hostname", "no spaces", "--", "true"], "--hostname"),
    (["--workdir", "relative", "--", "true"], "--workdir"),
    (["--workdir", "/proc", "--", "true"], "--workdir"),
    (["--host-uid", "0", "--", "true"], "--host-uid"),
    (["--tmp-size", "1", "--", "true"], "--tmp-size"),
    (["--address-space", "1K", "--", "true"], "--address-space"),
    (["--file", ":dest", "--", "true"], "--file"),
    (["--file", "/no/such/source", "--", "true"], "/no/such/source"),
    (["--file", "/etc/hostname:../escape", "--", "true"], "../escape"),
    (["--resolve", "a.test", "--", "true"], "--resolve: 'a.test' is not of the form HOST=ADDRESS"),
    (["--resolve", "a.test=1.2.3.4,", "--", "true"], "--resolve: 'a.test=1.2.3.4,' has an empty address"),
    (["--resolve", "a.test=127.0.0.1", "--", "true"], "--resolve: host_resolution: only with allowed_hosts"),
    (["--security", "enhanced", "--allow-net", "a.test", "--resolve", "a.test=not-an-ip", "--", "true"],
     "--resolve"),
    (["--meta"], "--meta needs a value"),
    (["--config"], "--config needs a value"),
]


@pytest.mark.parametrize("words,fragment", BAD_RUN_ARGUMENTS, ids=lambda v: repr(v))
def test_bad_run_arguments_exit_2(cli, words, fragment):
    assert_usage_error(cli("run", *words), fragment)


def test_file_of_unknown_type_names_it_and_the_alternative(cli, tmp_path):
    source = tmp_path / "notes.xyz"
    source.write_text("hello\n")
    assert_usage_error(cli("run", str(source)), "notes.xyz", ".py", "-- COMMAND")


def test_directory_as_file_is_refused(cli, tmp_path):
    assert_usage_error(cli("run", str(tmp_path)), str(tmp_path))


@pytest.mark.parametrize("words,fragment", [
    ([], "no command"),
    (["frobnicate"], "frobnicate"),
    (["check", "--verbose"], "--verbose"),
])
def test_bad_top_level_arguments_exit_2(cli, words, fragment):
    assert_usage_error(cli(*words), fragment)


@pytest.fixture
def world_writable_dir():
    """A directory the box's unprivileged user (it is never host root) can write to."""
    path = Path(tempfile.mkdtemp(prefix="sandbox-cli-test-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path)


def test_bad_argument_starts_nothing(cli, world_writable_dir):
    # The basic level shares the host's filesystem, so a started program would leave the
    # marker; the control run proves it does.
    marker = world_writable_dir / "started"
    program = ["--", "/bin/sh", "-c", f"touch {marker}"]
    assert_usage_error(cli("run", "--security", "basic", "--memory", "-5", *program), "--memory")
    assert_usage_error(cli("run", "--security", "basic", "--pids", "0", *program), "--pids")
    assert not marker.exists()
    control = cli("run", "--security", "basic", *program)
    assert control.returncode == 0, control
    assert marker.exists()


HELP_WORDS = [["--help"], ["-h"], ["help"], ["run", "--help"], ["check", "--help"], ["lint", "--help"],
              ["policy", "--help"], ["policy", "show", "--help"], ["run", "-h"], ["lint", "-h"],
              ["run", "--json", "--help"]]


@pytest.mark.parametrize("words", HELP_WORDS)
def test_help_exits_0_with_usage(cli, words):
    result = cli(*words)
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: sandbox-cli")
    assert result.stderr == ""


def test_run_help_lists_every_option(cli):
    text = cli("run", "--help").stdout
    for option in ["--security", "--memory", "--cpu-time", "--timeout", "--pids", "--output-limit",
                   "--env ", "--env-pass", "--stdin", "--json", "--config", "--fsize", "--nofile", "--network",
                   "--allow-read", "--allow-write", "--allow-exec", "--allow-net", "--keep-cap", "--hostname",
                   "--workdir", "--file", "--seccomp", "--on-breach", "--meta", "--version"]:
        assert option in text


def test_main_help_lists_every_command(cli):
    text = cli("--help").stdout
    for command in ["run", "check", "lint", "policy"]:
        assert f"\n  {command} " in text, command


@pytest.mark.parametrize("words", [["--version"], ["run", "--version"], ["check", "--version"],
                                   ["lint", "--version"], ["policy", "--version"], ["policy", "show", "--version"]])
def test_version(cli, words):
    result = cli(*words)
    assert result.returncode == 0
    assert result.stdout.startswith("sandbox-cli ")
    assert result.stdout.split()[1][0].isdigit()
    assert result.stdout == cli("--version").stdout


def test_usage_error_suggests_the_commands_help(cli):
    assert_usage_error(cli("run", "--frobnicate", "--", "true"), "sandbox-cli run --help")
    assert_usage_error(cli("lint", "--frobnicate", "x.py"), "sandbox-cli lint --help")
