#include "linux/monitor/proc_parse.hpp"

#include <doctest/doctest.h>

using namespace sandbox::linux_monitor;

TEST_CASE("stat line: fields by their proc(5) numbers") {
    const char* line =
        "4242 (python3) S 4241 4242 4242 0 -1 4194560 1200 0 3 0 150 25 7 3 20 0 4 0 98765 123456789 2560 "
        "18446744073709551615 1 1 0 0 0 0 0 16781312 2 0 0 0 17 1 0 0 0 0 0\n";
    auto s = parse_stat(line);
    REQUIRE(s);
    CHECK(s->pid == 4242);
    CHECK(s->comm == "python3");
    CHECK(s->state == 'S');
    CHECK(s->ppid == 4241);
    CHECK(s->utime == 150);
    CHECK(s->stime == 25);
    CHECK(s->cutime == 7);
    CHECK(s->cstime == 3);
    CHECK(s->num_threads == 4);
    CHECK(s->starttime == 98765);
    CHECK(s->rss_pages == 2560);
}

TEST_CASE("attack: a comm holding ') Z 1' does not shift the fields") {
    // What a process gets by prctl(PR_SET_NAME, "x) Z 1 9 9 9 9").
    const char* line = "77 (x) Z 1 9 9 9 9) R 70 77 77 0 -1 0 0 0 0 0 500 6 0 0 20 0 1 0 1000 0 10 0\n";
    auto s = parse_stat(line);
    REQUIRE(s);
    CHECK(s->comm == "x) Z 1 9 9 9 9");
    CHECK(s->state == 'R');
    CHECK(s->ppid == 70);
    CHECK(s->utime == 500);
    CHECK(s->rss_pages == 10);
}

TEST_CASE("a truncated or foreign stat text is refused") {
    CHECK_FALSE(parse_stat(""));
    CHECK_FALSE(parse_stat("12 (sh) S 1 2 3"));
    CHECK_FALSE(parse_stat("12 sh S 1"));
    CHECK_FALSE(parse_stat("x (sh) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 5 0 10 0"));
}

TEST_CASE("status: the kB lines in bytes") {
    const char* status = "Name:\tbash\nVmPeak:\t  10000 kB\nVmHWM:\t    5120 kB\nVmRSS:\t    4096 kB\n";
    CHECK(parse_status_kb(status, "VmHWM") == 5120u * 1024);
    CHECK(parse_status_kb(status, "VmRSS") == 4096u * 1024);
    CHECK_FALSE(parse_status_kb(status, "VmSwap"));
    CHECK_FALSE(parse_status_kb(status, "Vm"));  // a prefix is not a key
}

TEST_CASE("io: read_bytes and write_bytes, not rchar and wchar") {
    auto io = parse_io("rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\nread_bytes: 4096\nwrite_bytes: 8192\n"
                       "cancelled_write_bytes: 0\n");
    REQUIRE(io);
    CHECK(io->read_bytes == 4096);
    CHECK(io->write_bytes == 8192);
    CHECK_FALSE(parse_io("rchar: 1\n"));
}

TEST_CASE("net/dev: the sum over interfaces, headers skipped") {
    const char* dev =
        "Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls "
        "carrier compressed\n"
        "    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0   "
        "    0          0\n"
        "  eth0:  500000     400    0    0    0     0          0         0    20000     300    0    0    0     0   "
        "    0          0\n";
    auto n = parse_net_dev(dev);
    REQUIRE(n);
    CHECK(n->rx_bytes == 501000);
    CHECK(n->rx_packets == 410);
    CHECK(n->tx_bytes == 21000);
    CHECK(n->tx_packets == 310);
    CHECK_FALSE(parse_net_dev("Inter-|   Receive\n face |bytes\n"));
}

TEST_CASE("cmdline: NULs become spaces, the trailing one goes") {
    using namespace std::string_view_literals;
    CHECK(cmdline_to_text("sleep\0" "10\0"sv) == "sleep 10");
    CHECK(cmdline_to_text(""sv) == "");
}
