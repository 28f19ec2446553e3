// The per-process checks of the watchdog: each returns a sentence describing the violation, or
// nothing when the process is fine. They read /proc/<pid> through a directory fd.
#pragma once

#include "box_identity.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sandbox::linux_watchdog {

// Every namespace of the process is the box's or nested below it (a namespace the box made:
// a child user/pid namespace, or one owned by the box's user namespace or a child of it).
std::optional<std::string> check_namespaces(int proc_dir, const BoxIdentity& box);

// The process's /proc/<pid>/cgroup is the box's.
std::optional<std::string> check_cgroup(int proc_dir, const BoxIdentity& box);

// Its tracer (TracerPid) is 0 or a process for which `in_box` holds.
std::optional<std::string> check_tracer(std::string_view status_text, const std::function<bool(int)>& in_box);

// No effective capability while in the supervisor's (the host's) user namespace.
std::optional<std::string> check_host_capabilities(int proc_dir, std::string_view status_text,
                                                   const BoxIdentity& box);

// Whether /proc/<pid>/stat shows a process on its way out (PF_EXITING, or unreadable): it is
// leaving its cgroups and namespaces, which is no escape.
bool is_exiting(std::string_view stat_text);

// A numeric "Key:\t<value>" field of /proc/<pid>/status (decimal, or hex with `hex`).
std::optional<std::uint64_t> status_field(std::string_view status_text, std::string_view key, bool hex = false);

}  // namespace sandbox::linux_watchdog
