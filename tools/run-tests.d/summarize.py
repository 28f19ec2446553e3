#!/usr/bin/python3
"""Sums the test cases of every suite tools/run-tests ran and prints "N passed, N failed".

Arguments: one NAME:EXIT_CODE:KIND:REPORT per suite, KIND being
  mesonlog  meson's testlog.json; per test, its cases are read from its output:
            doctest's "[doctest] test cases: T | P passed | F failed | S skipped",
            pytest's "P passed, F failed ... in 1.2s", node's TAP "# pass N";
            any other test counts as one case by its meson result
  junit     a pytest --junitxml file
  tap       node --test TAP output ("# pass N", "# fail N", ...)
  plain     output ending with "[word: ]N passed, N failed" (tools/vm-test), or
            "word: skipped (reason)"
A suite whose process failed while reporting no failed case adds one failure, so a crash
or a broken runner is never summed as a pass. Exit code: 0 only when nothing failed.
"""
import json
import re
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

DOCTEST_SUMMARY = re.compile(
    r"\[doctest\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed(?:\s*\|\s*(\d+) skipped)?")
PYTEST_SUMMARY = re.compile(r"^=*\s*((?:\d+ [a-z]+,? ?)+) in [\d.]+s", re.MULTILINE)
PYTEST_WORDS = {"passed": "passed", "xpassed": "passed", "failed": "failed", "error": "failed",
                "errors": "failed", "skipped": "skipped", "xfailed": "skipped"}
MESON_PASSING = {"OK", "EXPECTEDFAIL"}
PYTEST_NO_TESTS = 5


@dataclass
class Counts:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    notes: list = field(default_factory=list)

    def add(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped


def cases_in_output(output):
    """The test-case counts a runner printed, or None when it printed none we know."""
    doctest = DOCTEST_SUMMARY.findall(output)
    if doctest:
        counts = Counts()
        for _, passed, failed, skipped in doctest:
            counts.passed += int(passed)
            counts.failed += int(failed)
            counts.skipped += int(skipped or 0)
        return counts
    pytest = PYTEST_SUMMARY.findall(output)
    if pytest:
        counts = Counts()
        for number, word in re.findall(r"(\d+) ([a-z]+)", pytest[-1]):
            kind = PYTEST_WORDS.get(word)
            if kind:
                setattr(counts, kind, getattr(counts, kind) + int(number))
        return counts
    if re.search(r"^# pass \d+$", output, re.MULTILINE):
        return tap_counts_of(output)
    return None


def meson_counts(path):
    counts = Counts()
    text = Path(path).read_text(errors="replace") if Path(path).exists() else ""
    for line in text.splitlines():
        if not line.strip():
            continue
        test = json.loads(line)
        result = test.get("result", "")
        output = (test.get("stdout") or "") + (test.get("stderr") or "")
        cases = cases_in_output(output)
        if cases:
            counts.add(cases)
            if result not in MESON_PASSING and cases.failed == 0:
                counts.failed += 1
                counts.notes.append(f"{test.get('name')}: {result} after its cases passed")
        elif result == "SKIP":
            counts.skipped += 1
        elif result in MESON_PASSING:
            counts.passed += 1
        else:
            counts.failed += 1
            counts.notes.append(f"{test.get('name')}: {result}")
    return counts


def junit_counts(path):
    counts = Counts()
    if not Path(path).exists():
        return counts
    root = ElementTree.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    for suite in suites:
        tests = int(suite.get("tests", 0))
        failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped = int(suite.get("skipped", 0))
        counts.passed += tests - failed - skipped
        counts.failed += failed
        counts.skipped += skipped
    return counts


def tap_counts(path):
    return tap_counts_of(Path(path).read_text(errors="replace")) if Path(path).exists() else Counts()


def tap_counts_of(text):
    counts = Counts()
    totals = {}
    for line in text.splitlines():
        match = re.fullmatch(r"# (pass|fail|cancelled|skipped|todo) (\d+)", line.strip())
        if match:
            totals[match.group(1)] = int(match.group(2))
    counts.passed = totals.get("pass", 0)
    counts.failed = totals.get("fail", 0) + totals.get("cancelled", 0)
    counts.skipped = totals.get("skipped", 0) + totals.get("todo", 0)
    return counts


def plain_counts(path):
    counts = Counts()
    if not Path(path).exists():
        return counts
    for line in Path(path).read_text(errors="replace").splitlines():
        summary = re.fullmatch(r"(?:\w[\w-]*: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?", line.strip())
        skipped = re.fullmatch(r"\w[\w-]*: skipped \((.*)\)", line.strip())
        if summary:
            counts.passed = int(summary.group(1))
            counts.failed = int(summary.group(2))
            counts.skipped = int(summary.group(3) or 0)
        elif skipped:
            counts.notes.append(f"skipped: {skipped.group(1)}")
    return counts


READERS = {"mesonlog": meson_counts, "junit": junit_counts, "tap": tap_counts, "plain": plain_counts}


def main(suite_args):
    total = Counts()
    print("\n== test summary ==")
    for arg in suite_args:
        name, exit_code, kind, report = arg.split(":", 3)
        exit_code = int(exit_code)
        counts = READERS[kind](report)
        if exit_code != 0 and counts.failed == 0:
            if kind == "junit" and exit_code == PYTEST_NO_TESTS:
                counts.notes.append("no tests collected")
            else:
                counts.failed += 1
                counts.notes.append(f"exited {exit_code} without reporting a failed case")
        total.add(counts)
        print(f"{name:8} {counts.passed:5} passed {counts.failed:4} failed {counts.skipped:4} skipped")
        for note in counts.notes:
            print(f"         {note}")
    if total.skipped:
        print(f"({total.skipped} skipped)")
    print(f"{total.passed} passed, {total.failed} failed")
    return 0 if total.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
