"""A tmux server of its own for driving the dashboard like a user: one pane, fixed size.

The command runs inside a small shell script that records `stty -a` before and after it and its
exit status, so tests can check that the terminal was left as it was found.
"""
import os
import re
import shlex
import subprocess
import time
import uuid
from pathlib import Path


class TmuxPane:
    def __init__(self, workdir: Path, width=80, height=24):
        self.socket = f"rsb-dash-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.workdir = workdir
        self.width, self.height = width, height

    def tmux(self, *words, check=True):
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *words],
                              capture_output=True, text=True, check=check, timeout=10)

    def start(self, argv, env=None):
        """Runs argv in the pane; `self.pid_file` gets its pid, `self.rc_file` its exit status."""
        self.pid_file = self.workdir / "pid"
        self.rc_file = self.workdir / "rc"
        self.stty_before = self.workdir / "stty-before"
        self.stty_after = self.workdir / "stty-after"
        exports = "".join(f"export {k}={shlex.quote(v)}\n" for k, v in (env or {}).items())
        script = self.workdir / "drive.sh"
        # exec in a child shell: the pid written is the command's own.
        script.write_text(
            exports +
            f"stty -a > {self.stty_before}\n"
            f"sh -c 'echo $$ > {self.pid_file}; exec \"$@\"' sh {shlex.join(str(a) for a in argv)}\n"
            f"echo $? > {self.rc_file}\n"
            f"stty -a > {self.stty_after}\n"
            # Keep the pane (and what the command left on it) until the test ends.
            "exec sleep 600\n")
        self.tmux("new-session", "-d", "-s", "dash", "-x", str(self.width), "-y", str(self.height),
                  f"sh {shlex.quote(str(script))}")
        assert self.wait_for(lambda: self.pid_file.exists() and self.pid_file.read_text().strip(), 10)
        return int(self.pid_file.read_text())

    def screen(self, escapes=False):
        words = ["capture-pane", "-p", "-t", "dash"] + (["-e"] if escapes else [])
        return self.tmux(*words).stdout

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "dash", *keys)

    def wait_for(self, predicate, seconds=15):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.1)
        return predicate()

    def wait_for_text(self, pattern, seconds=15):
        """The screen once `pattern` (a regex) shows on it; fails with the last screen."""
        found = self.wait_for(lambda: re.search(pattern, self.screen(), re.M), seconds)
        assert found, f"{pattern!r} never showed; screen:\n{self.screen()}"
        return found

    def exit_status(self, seconds=15):
        assert self.wait_for(lambda: self.rc_file.exists() and self.rc_file.read_text().strip(), seconds), \
            f"the command did not end; screen:\n{self.screen()}"
        return int(self.rc_file.read_text())

    def stty_unchanged(self):
        assert self.wait_for(lambda: self.stty_after.exists() and self.stty_after.read_text(), 10)
        return self.stty_before.read_text() == self.stty_after.read_text()

    def kill(self):
        self.tmux("kill-server", check=False)
