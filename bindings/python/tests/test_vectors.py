"""The shared vectors of tests/vectors/runs.json, as the C and C++ suites run them."""

from __future__ import annotations

import re
from typing import Any

import pytest

import rusty_sandbox as rs
from conftest import load_vectors


@pytest.mark.parametrize("vector", load_vectors(), ids=lambda v: str(v["name"]))
def test_vector(vector: dict[str, Any]) -> None:
    expect = vector["expect"]
    command = vector["command"]

    def run() -> rs.Result:
        policy = (rs.SecurityPolicy.from_dict(vector["policy"]) if "policy" in vector
                  else rs.SecurityPolicy())
        return rs.run(command["argv"], policy=policy, stdin=command.get("stdin"),
                      env=command.get("env"), files=command.get("files"),
                      cwd=command.get("cwd"))

    if "error" in expect:
        assert expect["error"] == "policy"
        # error_contains is a plain substring, not a pattern.
        with pytest.raises(rs.PolicyError, match=re.escape(expect["error_contains"])):
            run()
        return
    r = run()
    for key in ("status", "exit_code", "signal", "stdout", "stderr"):
        if key in expect:
            assert getattr(r, key) == expect[key], f"{key}: {r.message}"
