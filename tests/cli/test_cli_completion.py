"""The bash completion script, sourced in a real bash with the sandbox-cli under test first
on PATH: COMPREPLY for commands, options (read from the binary's --help) and their values."""
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "cli" / "completion" / "sandbox-cli.bash"


@pytest.fixture(autouse=True)
def cli_on_path(cli_path, tmp_path, monkeypatch):
    """`sandbox-cli` on PATH is the binary under test, as an installed one would be."""
    (tmp_path / "sandbox-cli").symlink_to(cli_path)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")


def complete(line):
    """COMPREPLY after typing `line` (the cursor at its end) and pressing Tab."""
    words = line.split(" ")
    program = (f"source {shlex.quote(str(SCRIPT))}\n"
               f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
               f"COMP_CWORD={len(words) - 1}\n"
               f"COMP_LINE={shlex.quote(line)}\n"
               f"COMP_POINT={len(line)}\n"
               "_sandbox_cli sandbox-cli\n"
               "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    completed = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True,
                               timeout=30)
    assert completed.returncode == 0, completed
    assert completed.stderr == ""
    return [word for word in completed.stdout.splitlines() if word]


def test_script_registers_for_sandbox_cli():
    completed = subprocess.run(["bash", "--norc", "-c", f"source {shlex.quote(str(SCRIPT))}; complete -p sandbox-cli"],
                               capture_output=True, text=True, timeout=30)
    assert completed.stdout.strip() == "complete -F _sandbox_cli sandbox-cli"


def test_command_completion():
    assert complete("sandbox-cli ru") == ["run"]
    assert set(complete("sandbox-cli ")) >= {"run", "check", "lint", "policy"}


def test_run_option_completion():
    assert sorted(complete("sandbox-cli run --sec")) == ["--seccomp", "--security"]
    assert complete("sandbox-cli run --allow-w") == ["--allow-write"]


def test_level_names_after_security():
    assert sorted(complete("sandbox-cli run --security ")) == ["basic", "enhanced", "maximum", "standard"]
    assert complete("sandbox-cli run --security en") == ["enhanced"]
    assert complete("sandbox-cli run --security = m") == ["maximum"]  # "--security=m" as bash splits it
    assert sorted(complete("sandbox-cli policy show ")) == ["basic", "enhanced", "maximum", "standard"]


def test_values_of_other_options():
    assert complete("sandbox-cli run --keep-cap CAP_NET_B") == ["CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST"]
    assert complete("sandbox-cli run --seccomp allowlist_") == ["allowlist_kill"]
    assert complete("sandbox-cli run --on-breach terminate_") == ["terminate_on_critical"]
    assert complete("sandbox-cli lint --language j") == ["javascript"]
    assert complete("sandbox-cli run --memory ") == []


def test_after_double_dash_no_options():
    assert complete("sandbox-cli run --json -- --sec") == []


def options_in_help(cli, *command):
    text = cli(*command, "--help").stdout
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", text))


@pytest.mark.parametrize("command", ["run", "lint", "check"])
def test_completion_offers_exactly_the_options_of_help(cli, command):
    offered = set(complete(f"sandbox-cli {command} --")) - {"--"}
    assert offered == options_in_help(cli, command)
    assert {"--help", "--version"} <= offered


def test_every_offered_run_option_is_accepted_by_run(cli):
    for option in set(complete("sandbox-cli run --")) - {"--", "--help", "--version"}:
        result = cli("run", option)
        assert "unknown option" not in result.stderr, (option, result.stderr)


def test_policy_completion_offers_the_policy_flags_of_run(cli):
    offered = set(complete("sandbox-cli policy show --"))
    assert {"--security", "--config", "--memory", "--allow-read", "--allow-net", "--keep-cap", "--seccomp",
            "--on-breach", "--help", "--version"} <= offered
    for run_only in ["--env", "--stdin", "--json", "--meta", "--file", "--chdir", "--events"]:
        assert run_only not in offered
    for option in offered - {"--help", "--version"}:
        result = cli("policy", "show", "standard", option, "x")
        assert "unknown option" not in result.stderr, (option, result.stderr)
