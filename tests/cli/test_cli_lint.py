"""sandbox-cli lint FILE: the advisory linter's findings as text or JSON; exit 0 clean,
1 findings, 2 usage errors."""
import json
import re

import pytest

FINDING_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<severity>info|low|medium|high|critical): "
                          r"(?P<message>.+) \[(?P<rule>[\w.]+)\]$")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_clean_python_exits_0_silently(cli, tmp_path):
    source = write(tmp_path, "clean.py", "print(sum(range(10)))\n")
    result = cli("lint", str(source))
    assert result.returncode == 0, result
    assert result.stdout == ""
    assert result.stderr == ""


def test_findings_as_text_exit_1(cli, tmp_path):
    source = write(tmp_path, "bad.py", "import os\n\nos.system('rm -rf /')\n")
    result = cli("lint", str(source))
    assert result.returncode == 1, result
    lines = result.stdout.splitlines()
    assert lines, result
    parsed = [FINDING_LINE.match(line) for line in lines]
    assert all(parsed), lines
    system = [m for m in parsed if m["rule"] == "os.system"]
    assert system, lines
    assert system[0]["file"] == str(source)
    assert (system[0]["line"], system[0]["column"]) == ("3", "1")


def test_findings_as_json(cli, tmp_path):
    source = write(tmp_path, "bad.py", "import subprocess\nsubprocess.run(['ls'])\neval(input())\n")
    result = cli("lint", "--json", str(source))
    assert result.returncode == 1, result
    report = json.loads(result.stdout)
    assert report["file"] == str(source)
    assert report["language"] == "python"
    rules = {finding["rule"] for finding in report["findings"]}
    assert {"subprocess", "eval"} <= rules, report
    for finding in report["findings"]:
        assert set(finding) == {"line", "column", "rule", "severity", "message"}


def test_clean_json_has_an_empty_list(cli, tmp_path):
    source = write(tmp_path, "clean.js", "console.log(1 + 1);\n")
    result = cli("lint", str(source), "--json")
    assert result.returncode == 0, result
    assert json.loads(result.stdout) == {"file": str(source), "language": "javascript", "findings": []}


def test_javascript_by_extension(cli, tmp_path):
    source = write(tmp_path, "bad.js", "const cp = require('child_process');\ncp.exec('ls');\n")
    result = cli("lint", "--json", str(source))
    assert result.returncode == 1, result
    assert any(f["rule"] == "child_process" for f in json.loads(result.stdout)["findings"])


def test_language_flag_overrides_the_extension_and_reads_stdin(cli, tmp_path):
    result = cli("lint", "--language", "python", "-", stdin_text="import os\nos.system('x')\n")
    assert result.returncode == 1, result
    assert result.stdout.startswith("-:2:1: ")
    source = write(tmp_path, "script.txt", "import os\nos.system('x')\n")
    assert cli("lint", "--language", "py", str(source)).returncode == 1


def assert_usage_error(result, *fragments):
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert result.stderr.startswith("sandbox-cli: error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


@pytest.mark.parametrize("words,fragments", [
    ([], ["lint needs a FILE"]),
    (["-"], ["--language"]),
    (["--language", "ruby", "x.py"], ["ruby"]),
    (["--language"], ["--language needs a value"]),
    (["no-such-file.py"], ["no-such-file.py"]),
    (["a.py", "b.py"], ["one FILE"]),
    (["--fix", "a.py"], ["--fix"]),
])
def test_lint_usage_errors(cli, words, fragments):
    assert_usage_error(cli("lint", *words), *fragments)


def test_unknown_extension_asks_for_language(cli, tmp_path):
    source = write(tmp_path, "notes.rb", "puts 1\n")
    assert_usage_error(cli("lint", str(source)), "notes.rb", "--language")
