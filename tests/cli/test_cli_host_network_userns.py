"""A supervisor that is root in a user namespace of its own but shares the host's network
namespace, as in a container with host networking. It may create network namespaces but
not come back to the host's, so it must not make the next box's namespace ahead
(lib/linux/box/netns_pool.hpp): the box clones its own, and the run is ok."""
import os
import subprocess
import sys

import pytest

# Forks a child into a new user namespace that maps uids and gids 0-65535 onto the host's,
# then executes argv there as its root. Exits with the child's status (128+signal).
IN_USER_NAMESPACE = r"""
import ctypes, os, sys
CLONE_NEWUSER = 0x10000000
go_r, go_w = os.pipe()
ready_r, ready_w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(go_w); os.close(ready_r)
    if ctypes.CDLL(None, use_errno=True).unshare(CLONE_NEWUSER) != 0:
        os._exit(90)
    os.write(ready_w, b"u")
    os.read(go_r, 1)
    os.setgid(0); os.setuid(0)
    os.execv(sys.argv[1], sys.argv[1:])
os.close(go_r); os.close(ready_w)
if os.read(ready_r, 1) != b"u":
    sys.exit(91)
for name in ("uid_map", "gid_map"):
    with open(f"/proc/{pid}/{name}", "w") as f:
        f.write("0 0 65536\n")
os.write(go_w, b"g")
_, status = os.waitpid(pid, 0)
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="mapping 65536 ids into a user namespace needs root")
def test_root_in_a_user_namespace_on_the_host_network_runs_a_box(cli_path):
    completed = subprocess.run(
        [sys.executable, "-c", IN_USER_NAMESPACE, str(cli_path), "run", "--", "/bin/echo", "hi"],
        capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed
    assert "status:      ok" in completed.stdout
    assert "cannot return" not in completed.stderr
