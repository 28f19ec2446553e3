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


@pytest.mark.parametrize("words", [["--help"], ["-h"], ["help"], ["run", "--help"], ["check", "--help"]])
def test_help_exits_0_with_usage(cli, words):
    result = cli(*words)
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: sandbox-cli")
    assert result.stderr == ""


def test_run_help_lists_every_option(cli):
    text = cli("run", "--help").stdout
    for option in ["--security", "--memory", "--cpu-time", "--timeout", "--pids", "--output-limit",
                   "--env ", "--env-pass", "--stdin", "--json"]:
        assert option in text


def test_version(cli):
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("sandbox-cli ")
    assert result.stdout.split()[1][0].isdigit()
