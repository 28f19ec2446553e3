// Running a BoxPlan to completion in the box tests: collects stdout, stderr and every
// StatusRecord, reaps the init, and fails the test (instead of hanging) after a deadline.
#pragma once

#include "launcher.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace box_test {

using sandbox::linux_box::BoxPlan;
using sandbox::linux_box::StatusRecord;

struct BoxRun {
    std::string out;
    std::string err;
    std::vector<StatusRecord> records;
    int init_status = -1;  // wait status of the box's first process
    pid_t init_pid = -1;

    // The target's wait status from its target_exited record; -1 if none arrived.
    int target_status() const;
    // The first record of `kind`, or nullptr.
    const StatusRecord* find(StatusRecord::Kind kind) const;
};

// A plan with /usr, the merged-/usr links, /etc/ld.so.cache and `extra_binds` read-only,
// running argv.
BoxPlan plan_for(std::vector<std::string> argv, std::vector<std::string> extra_binds = {});
// The same running /bin/sh -c script.
BoxPlan shell_plan(const std::string& script);

// Launches, feeds `input` to stdin, waits for everything. Throws on a launch error.
BoxRun run_box(const BoxPlan& plan, const std::string& input = "",
               std::chrono::milliseconds deadline = std::chrono::seconds(30));

// Counts of what a launch could leak from the test process.
int count_open_fds();
int count_mounts();
int count_children();  // processes whose parent is this test process

bool process_alive(pid_t pid);  // exists and is not a zombie

// What a forked helper process wrote to its pipe, and how it ended.
struct ChildReport {
    std::string text;
    int status = 0;  // as from waitpid
};
// Reads `read_fd` to EOF (then closes it) and reaps `child`.
ChildReport collect_child(int read_fd, pid_t child);

}  // namespace box_test
