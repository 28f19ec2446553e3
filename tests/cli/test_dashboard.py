"""The terminal dashboard driven for real in tmux: views, keys, graphs, terminal restored."""
import os
import re
import signal
import subprocess
import time

import pytest

from dashboard_tmux import TmuxPane

pytestmark = pytest.mark.skipif(subprocess.run(["which", "tmux"], capture_output=True).returncode != 0,
                                reason="tmux is not installed (tools/install-deps)")

# A box program that grows by 4 MiB every 0.1 s to 120 MiB, then waits to be ended.
ALLOCATING_PROGRAM = """
import time
chunks = []
for _ in range(30):
    chunks.append(b"x" * (4 << 20))
    time.sleep(0.1)
time.sleep(120)
"""


@pytest.fixture
def pane(tmp_path):
    pane = TmuxPane(tmp_path)
    yield pane
    pane.kill()


@pytest.fixture
def tree():
    """A host process tree: a shell with two sleeping children."""
    root = subprocess.Popen(["sh", "-c", "sleep 300 & sleep 300 & wait"])
    children = []
    deadline = time.monotonic() + 5
    while len(children) < 2 and time.monotonic() < deadline:
        children = [int(p) for p in open(f"/proc/{root.pid}/task/{root.pid}/children").read().split()]
        time.sleep(0.02)
    yield root.pid, children
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    root.kill()
    root.wait()


def details_pid(screen):
    match = re.search(r"Process (\d+)", screen)
    return int(match.group(1)) if match else None


def memory_now_mib(screen):
    """The value in the memory graph's title ("Memory  now 12.0MiB"), in MiB."""
    match = re.search(r"Memory  now ([\d.]+)(B|KiB|MiB|GiB)", screen)
    if not match:
        return None
    scale = {"B": 1 / 2**20, "KiB": 1 / 1024, "MiB": 1, "GiB": 1024}[match.group(2)]
    return float(match.group(1)) * scale


def memory_bar_heights(screen):
    """Rows filled in each column of the memory graph (the right half of the graph rows)."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if "Memory  now" in line)
    plot = []
    for line in lines[top + 1:]:
        if "+---" in line[40:]:
            break
        plot.append(line[40:].ljust(40)[9:])  # past the y-axis labels and '|'
    heights = [sum(1 for row in plot if col < len(row) and row[col] == "#") for col in range(len(plot[0]))]
    return [h for h in heights if h > 0]


def test_run_monitor_shows_the_box_pid_and_its_memory_rising(pane, cli_path, tmp_path):
    program = tmp_path / "grow.py"
    program.write_text(ALLOCATING_PROGRAM)
    pane.start([cli_path, "run", "--monitor", "--memory", "160M", "--timeout", "60s", program])
    pane.wait_for_text(r"\[Resources\]")
    # The runs table names the box's root process, a live host pid, also in the process list.
    row = pane.wait_for_text(r"^1\s+(\d+)\s+\d")
    box_pid = int(row.group(1))
    assert box_pid > 0 and os.path.exists(f"/proc/{box_pid}"), pane.screen()
    pane.wait_for_text(rf"^{box_pid}\s+[A-Z] ")

    early = pane.wait_for(lambda: memory_now_mib(pane.screen()))
    assert pane.wait_for(lambda: (memory_now_mib(pane.screen()) or 0) >= 100, 20), pane.screen()
    screen = pane.screen()
    assert memory_now_mib(screen) > early
    # The graph rises: left to right the bars never shrink by more than a row, and the last
    # ones stand well above the first.
    heights = memory_bar_heights(screen)
    assert len(heights) >= 5, screen
    assert heights[-1] >= heights[0] + 2, (heights, screen)
    # The limit is drawn as a line with its unit on the axis.
    assert "limit" in screen and "MiB" in screen

    pane.keys("q")
    # q ends the run: the report follows once the terminal is restored.
    assert pane.exit_status() != 0
    assert "killed" in pane.screen()
    assert pane.stty_unchanged()


def test_tab_switches_views(pane, cli_path, tree):
    root, _ = tree
    pane.start([cli_path, "monitor", "--pid", str(root), "--interval", "200ms"])
    pane.wait_for_text(r"\[Resources\]")
    assert "CPU % of one core" in pane.screen()
    pane.keys("Tab")
    pane.wait_for_text(r"\[Security\]")
    pane.wait_for_text(r"Breaches by type")
    pane.keys("Tab")
    pane.wait_for_text(r"\[Events\]")
    pane.wait_for_text(r"Filter: ")
    pane.keys("Tab")
    pane.wait_for_text(r"\[Resources\]")
    pane.keys("q")
    assert pane.exit_status() == 0


def test_arrows_move_the_selection_and_the_details_follow(pane, cli_path, tree):
    root, children = tree
    pane.start([cli_path, "monitor", "--pid", str(root), "--interval", "200ms"])
    pane.wait_for_text(rf"Process {root}\b")
    screen = pane.screen()
    assert "namespaces:" in screen and re.search(r"pid:\d+", screen), screen
    assert "sleep 300" in screen
    pane.keys("Down")
    assert pane.wait_for(lambda: details_pid(pane.screen()) in children), pane.screen()
    first_child = details_pid(pane.screen())
    pane.keys("Down")
    assert pane.wait_for(lambda: details_pid(pane.screen()) not in (root, first_child)), pane.screen()
    pane.keys("Up", "Up")
    assert pane.wait_for(lambda: details_pid(pane.screen()) == root), pane.screen()
    pane.keys("q")
    assert pane.exit_status() == 0


# At enhanced the box reports what it tries: a read of /etc/shadow (file_access, high), a mount
# (privilege, high), an unshare (escape, high).
PROBING_PROGRAM = "cat /etc/shadow; mount -t tmpfs x /tmp; unshare -U true; sleep 60"


def start_probing_run(pane, cli_path):
    pane.start([cli_path, "run", "--monitor", "--security", "enhanced", "--timeout", "60s", "--",
                "/bin/sh", "-c", PROBING_PROGRAM])
    pane.wait_for_text(r"\[Resources\]")


def event_lines(screen):
    return [line for line in screen.splitlines() if re.match(r"\s+\d+\.\d+s ", line)]


def test_security_view_counts_the_box_breaches(pane, cli_path):
    start_probing_run(pane, cli_path)
    pane.keys("Tab")
    pane.wait_for_text(r"\[Security\]")
    pane.wait_for_text(r"file_access\s+[1-9]")
    pane.wait_for_text(r"escape\s+[1-9]")
    screen = pane.wait_for_text(r"high\s+[3-9]").string
    assert re.search(r"total \d+ events, decision alert", screen), screen
    assert "/etc/shadow" in screen  # among the recent security events
    pane.keys("q")
    assert pane.exit_status() != 0  # q killed the run


def test_slash_filters_the_events(pane, cli_path):
    start_probing_run(pane, cli_path)
    pane.keys("Tab", "Tab")
    pane.wait_for_text(r"\[Events\]")
    pane.wait_for_text(r"unshare")
    total = int(pane.wait_for_text(r"(\d+) of \1 events").group(1))
    assert total >= 5

    pane.keys("/", "shadow")
    pane.wait_for_text(r"Filter: shadow_")
    pane.keys("Enter")
    pane.wait_for_text(r"Filter: shadow\s")
    pane.wait_for_text(r"1 of \d+ events")  # more may still be arriving
    shown = event_lines(pane.screen())
    assert len(shown) == 1 and "/etc/shadow" in shown[0] and "file_access high" in shown[0], pane.screen()

    pane.keys("/", "no-such-event", "Enter")
    pane.wait_for_text(r"no event matches the filter")
    pane.wait_for_text(rf"0 of \d+ events")
    pane.keys("/", "Escape")
    pane.wait_for_text(r"Filter: none")
    pane.keys("q")
    pane.exit_status()
    assert pane.stty_unchanged()


def test_a_freezes_the_screen_and_r_refreshes_it(pane, cli_path):
    # A host process that grows by 1 MiB every 50 ms: its memory changes at every sample.
    grower = subprocess.Popen(["python3", "-c", "import time\nb = []\nfor _ in range(600):\n"
                               "    b.append(b'x' * (1 << 20)); time.sleep(0.05)\n"])
    try:
        pane.start([cli_path, "monitor", "--pid", str(grower.pid), "--interval", "100ms"])
        pane.wait_for_text(r"auto-refresh on")
        pane.keys("a")
        pane.wait_for_text(r"auto-refresh OFF")
        frozen = memory_now_mib(pane.screen())
        time.sleep(1)
        assert memory_now_mib(pane.screen()) == frozen, pane.screen()
        pane.keys("r")
        assert pane.wait_for(lambda: memory_now_mib(pane.screen()) > frozen, 5), pane.screen()
        pane.keys("a")
        pane.wait_for_text(r"auto-refresh on")
        pane.keys("q")
        assert pane.exit_status() == 0
    finally:
        grower.kill()
        grower.wait()


def test_q_quits_and_leaves_the_terminal_as_it_was(pane, cli_path, tree):
    root, _ = tree
    pane.start([cli_path, "monitor", "--pid", str(root)])
    pane.wait_for_text(r"\[Resources\]")
    pane.keys("?")
    pane.wait_for_text(r"this help \(any key closes it\)")
    pane.keys("x")
    assert pane.wait_for(lambda: "any key closes it" not in pane.screen())
    pane.keys("q")
    assert pane.exit_status() == 0
    assert pane.stty_unchanged()
    assert "[Resources]" not in pane.screen()  # the dashboard's screen is gone


@pytest.mark.parametrize("signo", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_restores_the_terminal(pane, cli_path, tree, signo):
    root, _ = tree
    cli_pid = pane.start([cli_path, "monitor", "--pid", str(root)])
    pane.wait_for_text(r"\[Resources\]")
    os.kill(cli_pid, signo)
    assert pane.exit_status() == 128 + signo
    assert pane.stty_unchanged()
    assert "[Resources]" not in pane.screen()


def test_80x24_renders_every_view_and_a_resize_is_followed(pane, cli_path, tree):
    root, _ = tree
    pane.start([cli_path, "monitor", "--pid", str(root), "--interval", "200ms"])
    for title in ["Resources", "Security", "Events"]:
        screen = pane.wait_for_text(rf"\[{title}\]").string
        lines = screen.splitlines()
        assert "sandbox-cli dashboard: pid" in lines[0]
        assert "q quit" in lines[-1] or "q quit" in screen.rstrip().splitlines()[-1]
        assert "Too small" not in screen
        pane.keys("Tab")
    pane.tmux("resize-window", "-t", "dash", "-x", "60", "-y", "20")
    pane.wait_for_text(r"Too small: need 80x24, have 60x20")
    pane.tmux("resize-window", "-t", "dash", "-x", "100", "-y", "30")
    pane.wait_for_text(r"\[Resources\]")
    assert "Too small" not in pane.screen()
    pane.keys("q")
    assert pane.exit_status() == 0


def test_colour_on_a_terminal_and_none_with_no_color(tmp_path, cli_path, tree):
    root, _ = tree
    colour_sgr = re.compile(r"\x1b\[[0-9;]*(3[0-7]|4[0-7])[0-9;]*m")
    for env, want_colour in [({}, True), ({"NO_COLOR": "1"}, False)]:
        pane = TmuxPane(tmp_path / ("colour" if want_colour else "plain"))
        pane.workdir.mkdir()
        try:
            pane.start([cli_path, "monitor", "--pid", str(root)], env=env)
            pane.wait_for_text(r"\[Resources\]")
            assert bool(colour_sgr.search(pane.screen(escapes=True))) == want_colour, env
            pane.keys("q")
            pane.exit_status()
        finally:
            pane.kill()
