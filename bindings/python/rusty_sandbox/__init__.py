"""rusty_sandbox: run untrusted programs in a Linux box and get a verdict you can trust.

    >>> import rusty_sandbox as rs
    >>> r = rs.run(["/bin/echo", "hi"])
    >>> r.status, r.stdout
    ('ok', 'hi\\n')

Everything goes through libsandbox's C ABI (<sandbox/sandbox.h>); boxes run on the
library's supervisor thread, so the GIL is free while they run.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

from . import _native
from ._monitor import Monitor, SampleCallback, monitor
from ._native import NoProcessError, PolicyError, SandboxError, SetupError
from ._policy import LEVELS, SecurityPolicy
from ._result import Event, Result, Usage
from ._sandbox import Data, EventCallback, RunHandle, Sandbox
from ._telemetry import Telemetry

__all__ = [
    "LEVELS", "Event", "Monitor", "NoProcessError", "PolicyError", "Result", "RunHandle",
    "SampleCallback", "Sandbox", "SandboxError", "SecurityPolicy", "SetupError", "Telemetry",
    "Usage", "abi_version", "check", "check_text", "monitor", "run", "run_async", "run_code",
    "start", "__version__",
]

__version__: str = _native.library_version()

if _native.abi_version() != _native.HEADER_ABI_VERSION:
    raise ImportError(f"libsandbox C ABI {_native.abi_version()} does not match the "
                      f"{_native.HEADER_ABI_VERSION} this module was built for")


def abi_version() -> int:
    """The C ABI version of the loaded libsandbox."""
    return _native.abi_version()


def check() -> dict[str, Any]:
    """What the host kernel offers (namespaces, cgroups, seccomp, Landlock), as a dict."""
    data: dict[str, Any] = json.loads(_native.check_host_json())
    return data


def check_text() -> str:
    """The same as check(), as readable text."""
    return _native.check_host_text()


def run(argv: Sequence[str], *, policy: SecurityPolicy | None = None,
        stdin: Data | None = None, env: Mapping[str, str] | None = None,
        files: Mapping[str, Data] | None = None, cwd: str | None = None,
        timeout: float | str | None = None, on_event: EventCallback | None = None,
        telemetry: Telemetry | None = None) -> Result:
    """Runs `argv` in a box made from `policy` (default: standard level); its events also
    go to `telemetry`. See Sandbox.run."""
    return Sandbox(policy, telemetry=telemetry).run(argv, stdin=stdin, env=env, files=files,
                                                    cwd=cwd, timeout=timeout, on_event=on_event)


def run_code(language: str, source: str, *, policy: SecurityPolicy | None = None,
             timeout: float | str | None = None) -> Result:
    """Runs `source` with the runtime named `language`. See Sandbox.run_code."""
    return Sandbox(policy).run_code(language, source, timeout=timeout)


def start(argv: Sequence[str], *, policy: SecurityPolicy | None = None,
          stdin: Data | None = None, env: Mapping[str, str] | None = None,
          files: Mapping[str, Data] | None = None, cwd: str | None = None,
          timeout: float | str | None = None,
          on_event: EventCallback | None = None,
          telemetry: Telemetry | None = None) -> RunHandle:
    """Starts `argv` and returns a RunHandle at once. See Sandbox.start."""
    return Sandbox(policy, telemetry=telemetry).start(argv, stdin=stdin, env=env, files=files,
                                                      cwd=cwd, timeout=timeout, on_event=on_event)


async def run_async(argv: Sequence[str], *, policy: SecurityPolicy | None = None,
                    stdin: Data | None = None, env: Mapping[str, str] | None = None,
                    files: Mapping[str, Data] | None = None, cwd: str | None = None,
                    timeout: float | str | None = None,
                    telemetry: Telemetry | None = None) -> Result:
    """Awaitable run(). See Sandbox.run_async."""
    box = Sandbox(policy, telemetry=telemetry)
    return await box.run_async(argv, stdin=stdin, env=env, files=files, cwd=cwd, timeout=timeout)
