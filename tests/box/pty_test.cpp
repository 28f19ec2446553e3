// A pty inside the box: a devpts instance of its own, reached through /dev/ptmx.
#include "box_harness.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace box_test;

TEST_CASE("a program in the box opens a pty from the box's own devpts") {
    // What goes into the slave comes out of the master (with the tty's \r\n); the slave lives
    // in a fresh devpts instance, so it is the first one there and the host's are not listed.
    BoxRun run = run_box(plan_for({"/usr/bin/python3", "-c",
                                   "import os\n"
                                   "master, slave = os.openpty()\n"
                                   "os.write(slave, b'ping\\n')\n"
                                   "print(os.read(master, 64), os.ttyname(slave), sorted(os.listdir('/dev/pts')))\n"
                                   "print(os.readlink('/dev/ptmx'))\n"}));
    CHECK(run.err == "");
    CHECK(run.out == "b'ping\\r\\n' /dev/pts/0 ['0', 'ptmx']\npts/ptmx\n");
    CHECK(run.target_status() == 0);
}
