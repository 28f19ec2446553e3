// The addon's Monitor class: rsb_monitor_pid_start over a host pid.
#pragma once

#include <napi.h>

namespace rsb_node {

// new Monitor(pid, intervalMs, onMessage): onMessage('event', json) for each sample and for
// the final "monitor_ended" event; the addon stops calling it after that or after stop().
Napi::Function define_monitor(Napi::Env env);

}  // namespace rsb_node
