/* rusty-sandbox C ABI: run untrusted programs in a Linux box and get a verdict you can trust.
 *
 * Usage overview
 * --------------
 *   rsb_policy *policy;    rsb_policy_new(RSB_LEVEL_STANDARD, &policy);
 *   rsb_policy_set_limit(policy, RSB_LIMIT_MEMORY_BYTES, 256u << 20);
 *   rsb_sandbox *box;      rsb_sandbox_new(policy, &box);   // copies the policy
 *   rsb_policy_free(policy);
 *
 *   rsb_command *cmd;      rsb_command_new(&cmd);
 *   rsb_command_add_arg(cmd, "/usr/bin/python3");
 *   rsb_command_add_arg(cmd, "-c");
 *   rsb_command_add_arg(cmd, "print(6*7)");
 *
 *   rsb_result *result;
 *   if (rsb_sandbox_run(box, cmd, NULL, NULL, &result) != RSB_OK)
 *       fprintf(stderr, "%s\n", rsb_last_error());
 *   rsb_run_status status;  rsb_result_status(result, &status);       // RSB_STATUS_OK
 *   const char *out; size_t len;  rsb_result_stdout(result, &out, &len);  // "42\n"
 *   rsb_result_free(result);  rsb_command_free(cmd);  rsb_sandbox_free(box);
 *
 * Asynchronous runs: rsb_sandbox_start() returns an rsb_run once the box is launched,
 * rsb_sandbox_start_async() at once; rsb_run_wait() blocks up to a timeout, rsb_run_poll()
 * never blocks, rsb_run_kill() ends the box.
 *
 * Conventions
 * -----------
 * - Every call returns an rsb_code: RSB_OK (0), a positive "not yet" code (RSB_PENDING), or
 *   a negative error. The exceptions are rsb_abi_version(), rsb_last_error() and rsb_free(),
 *   which cannot fail.
 * - After a negative code, rsb_last_error() tells what was wrong (per thread).
 * - Handles are opaque. Every call checks that a handle is live and of the right kind: a
 *   NULL, freed or foreign pointer yields RSB_ERR_INVALID_HANDLE instead of a crash.
 * - Strings passed in are copied; the caller keeps ownership of its arguments.
 * - "Caller-owned" strings returned through a char ** must be released with rsb_free().
 *   "Borrowed" strings stay valid until the handle they come from is freed.
 * - Output parameters are written only on RSB_OK (and RSB_PENDING sets them to NULL).
 * - Policies and results also travel as versioned JSON (the same as the C++ to_json()).
 *
 * Threads
 * -------
 * rsb_sandbox_run() and rsb_sandbox_run_code() launch and watch their box on the calling
 * thread, and call its event callbacks there, before they return. The library runs ONE
 * background supervisor thread, started by the first rsb_sandbox_start(_async)(), on which
 * every other box is launched and watched. Event and completion callbacks of those runs are
 * called on that thread: they must return quickly (queue and return) and must not call
 * rsb_run_free(), rsb_sandbox_free(), rsb_run_wait() or rsb_sandbox_run() (those return
 * RSB_ERR_WRONG_THREAD there). A policy, command or result handle may be read from several
 * threads at once but not changed while another thread uses it. rsb_sandbox and rsb_run
 * calls are thread-safe, except that no handle may be freed while another call uses it.
 * The supervisor thread does not survive fork(): a forked child must not start runs.
 */
#ifndef RUSTY_SANDBOX_SANDBOX_H
#define RUSTY_SANDBOX_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

#if defined(SANDBOX_BUILDING_LIBRARY)
#define RSB_API __attribute__((visibility("default")))
#else
#define RSB_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped when a call changes incompatibly; calls and enum values are only ever added. */
#define RSB_ABI_VERSION 1

typedef enum rsb_code {
    RSB_OK = 0,
    RSB_PENDING = 1,                 /* the run has not ended yet (wait timed out, poll) */
    RSB_ERR_NULL_ARGUMENT = -1,      /* a required pointer argument was NULL */
    RSB_ERR_INVALID_HANDLE = -2,     /* NULL, freed, or not a handle of the expected kind */
    RSB_ERR_INVALID_ARGUMENT = -3,   /* a value out of range (unknown enum, index, ...) */
    RSB_ERR_POLICY = -4,             /* a policy, command or JSON that cannot be honoured */
    RSB_ERR_SETUP = -5,              /* the host could not provide what was asked */
    RSB_ERR_WRONG_THREAD = -6,       /* a blocking call made from a supervisor callback */
    RSB_ERR_INTERNAL = -7,           /* a bug or resource exhaustion inside the library */
    RSB_ERR_NO_PROCESS = -8          /* the host pid to monitor does not exist */
} rsb_code;

typedef enum rsb_level {
    RSB_LEVEL_BASIC = 0,
    RSB_LEVEL_STANDARD = 1,
    RSB_LEVEL_ENHANCED = 2,
    RSB_LEVEL_MAXIMUM = 3
} rsb_level;

typedef enum rsb_network {
    RSB_NETWORK_HOST = 0,  /* the host's network (basic level only) */
    RSB_NETWORK_NONE = 1   /* own network namespace with loopback only */
} rsb_network;

typedef enum rsb_output_overflow {
    RSB_OVERFLOW_KILL = 0,     /* end the box with status output_limit */
    RSB_OVERFLOW_TRUNCATE = 1  /* keep the first bytes, discard the rest */
} rsb_output_overflow;

/* How system calls are filtered (seccomp). */
typedef enum rsb_seccomp {
    RSB_SECCOMP_NONE = 0,            /* no filter (basic) */
    RSB_SECCOMP_DENYLIST = 1,        /* dangerous calls return EPERM (standard) */
    RSB_SECCOMP_ALLOWLIST = 2,       /* per-runtime allowlist, watched calls reported */
    RSB_SECCOMP_ALLOWLIST_KILL = 3   /* per-runtime allowlist, a violation ends the box */
} rsb_seccomp;

/* What the watchdog does on a breach. */
typedef enum rsb_breach_response {
    RSB_BREACH_REPORT = 0,                 /* events only */
    RSB_BREACH_TERMINATE_ON_CRITICAL = 1,  /* end the box on a critical event */
    RSB_BREACH_TERMINATE = 2               /* end the box on any violation */
} rsb_breach_response;

/* The string lists of a policy (the JSON key in brackets). */
typedef enum rsb_policy_list {
    RSB_LIST_READONLY_PATHS = 0,    /* [readonly_paths] host paths bound read-only */
    RSB_LIST_FILES_READ = 1,        /* [files.read] Landlock: list and read */
    RSB_LIST_FILES_WRITE = 2,       /* [files.write] adds create, change, remove */
    RSB_LIST_FILES_EXEC = 3,        /* [files.exec] adds execute */
    RSB_LIST_ALLOWED_HOSTS = 4,     /* [allowed_hosts] "host[:port]" through the proxy */
    RSB_LIST_KEEP_CAPABILITIES = 5  /* [keep_capabilities] "CAP_NET_BIND_SERVICE" */
} rsb_policy_list;

/* The numeric limits of a policy. Those marked optional may be unset (= no limit). */
typedef enum rsb_limit {
    RSB_LIMIT_MEMORY_BYTES = 0,         /* optional: cgroup memory */
    RSB_LIMIT_CPU_TIME_MS = 1,          /* optional: CPU time of the whole box */
    RSB_LIMIT_WALL_TIMEOUT_MS = 2,      /* 0 = no wall timeout */
    RSB_LIMIT_PIDS = 3,                 /* optional: processes and threads */
    RSB_LIMIT_FILE_SIZE_BYTES = 4,      /* RLIMIT_FSIZE */
    RSB_LIMIT_OPEN_FILES = 5,           /* RLIMIT_NOFILE */
    RSB_LIMIT_ADDRESS_SPACE_BYTES = 6,  /* optional: RLIMIT_AS */
    RSB_LIMIT_STDOUT_MAX_BYTES = 7,
    RSB_LIMIT_STDERR_MAX_BYTES = 8,
    RSB_LIMIT_TMP_SIZE_BYTES = 9,       /* tmpfs /tmp */
    RSB_LIMIT_WORKDIR_SIZE_BYTES = 10   /* tmpfs workdir */
} rsb_limit;

/* The verdict of a run (DESIGN.md vocabulary). */
typedef enum rsb_run_status {
    RSB_STATUS_OK = 0,
    RSB_STATUS_NONZERO_EXIT = 1,
    RSB_STATUS_SIGNALED = 2,
    RSB_STATUS_TIMEOUT = 3,
    RSB_STATUS_CPU_LIMIT = 4,
    RSB_STATUS_MEMORY_LIMIT = 5,
    RSB_STATUS_PIDS_LIMIT = 6,
    RSB_STATUS_OUTPUT_LIMIT = 7,
    RSB_STATUS_SECURITY_VIOLATION = 8,
    RSB_STATUS_KILLED = 9,
    RSB_STATUS_SETUP_ERROR = 10,
    RSB_STATUS_INTERNAL_ERROR = 11
} rsb_run_status;

typedef struct rsb_policy rsb_policy;
typedef struct rsb_command rsb_command;
typedef struct rsb_sandbox rsb_sandbox;
typedef struct rsb_run rsb_run;
typedef struct rsb_result rsb_result;
typedef struct rsb_monitor rsb_monitor;
typedef struct rsb_telemetry rsb_telemetry;

/* Receives one event as a JSON object (the C++ Event::to_json()), on the thread that watches
 * the run (see Threads above). The string is borrowed for the duration of the call. */
typedef void (*rsb_event_fn)(const char *event_json, size_t length, void *user_data);
/* Called once on the supervisor thread when a run has ended and been cleaned up; the result
 * is then available from rsb_run_poll(). May be called before rsb_sandbox_start(_async)()
 * returns. */
typedef void (*rsb_done_fn)(void *user_data);

/* ---- Library -------------------------------------------------------------------------- */

/* RSB_ABI_VERSION of the loaded library; compare with the header's. Cannot fail. */
RSB_API uint32_t rsb_abi_version(void);
/* The library version ("0.1.0"), borrowed static string. */
RSB_API rsb_code rsb_library_version(const char **out);
/* The message of the last failed call on this thread, "" if none. Borrowed until the next
 * failing call on this thread. Cannot fail. */
RSB_API const char *rsb_last_error(void);
/* Frees a caller-owned string returned by this library. NULL is ignored. Cannot fail. */
RSB_API void rsb_free(void *string);

/* Canonical names ("standard", "timeout", ...), borrowed static strings.
 * RSB_ERR_INVALID_ARGUMENT for a value outside the enum. */
RSB_API rsb_code rsb_level_name(rsb_level level, const char **out);
RSB_API rsb_code rsb_run_status_name(rsb_run_status status, const char **out);
/* Name to value; RSB_ERR_POLICY naming the unknown name. */
RSB_API rsb_code rsb_level_from_name(const char *name, rsb_level *out);
RSB_API rsb_code rsb_run_status_from_name(const char *name, rsb_run_status *out);
RSB_API rsb_code rsb_seccomp_name(rsb_seccomp mode, const char **out);
RSB_API rsb_code rsb_seccomp_from_name(const char *name, rsb_seccomp *out);
RSB_API rsb_code rsb_breach_response_name(rsb_breach_response response, const char **out);
RSB_API rsb_code rsb_breach_response_from_name(const char *name, rsb_breach_response *out);

/* "256M", "1G", "4096" -> bytes; "2s", "500ms", "1.5s" -> milliseconds. `what` names the
 * value in the error message (may be NULL). RSB_ERR_POLICY when the text is malformed. */
RSB_API rsb_code rsb_parse_size(const char *text, const char *what, uint64_t *out);
RSB_API rsb_code rsb_parse_duration_ms(const char *text, const char *what, uint64_t *out);

/* What the host kernel offers (HostCapabilities), as caller-owned JSON or readable text. */
RSB_API rsb_code rsb_check_host_json(char **out);
RSB_API rsb_code rsb_check_host_text(char **out);

/* ---- Policy: what a box allows -------------------------------------------------------- */

/* A new policy holding the complete defaults of `level`. Caller owns *out. */
RSB_API rsb_code rsb_policy_new(rsb_level level, rsb_policy **out);
/* Parses versioned policy JSON; omitted keys take the level's defaults. RSB_ERR_POLICY
 * naming the offending key for unknown keys, wrong types or malformed JSON. */
RSB_API rsb_code rsb_policy_from_json(const char *json, rsb_policy **out);
/* An independent copy. Caller owns *out. */
RSB_API rsb_code rsb_policy_clone(const rsb_policy *policy, rsb_policy **out);
/* Caller-owned JSON. */
RSB_API rsb_code rsb_policy_to_json(const rsb_policy *policy, char **out);
/* RSB_ERR_POLICY naming the first impossible field. */
RSB_API rsb_code rsb_policy_validate(const rsb_policy *policy);
/* Frees the handle. A NULL or already freed handle gives RSB_ERR_INVALID_HANDLE. */
RSB_API rsb_code rsb_policy_free(rsb_policy *policy);

/* Changes only the level field; every other field keeps its value (start from
 * rsb_policy_new() for a level's defaults). */
RSB_API rsb_code rsb_policy_set_level(rsb_policy *policy, rsb_level level);
RSB_API rsb_code rsb_policy_get_level(const rsb_policy *policy, rsb_level *out);
/* Sets a limit. Values that do not fit the field (pids, open files: 32 bits) give
 * RSB_ERR_INVALID_ARGUMENT. */
RSB_API rsb_code rsb_policy_set_limit(rsb_policy *policy, rsb_limit limit, uint64_t value);
/* Unsets an optional limit; RSB_ERR_INVALID_ARGUMENT for a limit that is always set. */
RSB_API rsb_code rsb_policy_clear_limit(rsb_policy *policy, rsb_limit limit);
/* *is_set = 0 and *value = 0 for an unset optional limit. */
RSB_API rsb_code rsb_policy_get_limit(const rsb_policy *policy, rsb_limit limit,
                                      uint64_t *value, int *is_set);
RSB_API rsb_code rsb_policy_set_output_overflow(rsb_policy *policy, rsb_output_overflow mode);
RSB_API rsb_code rsb_policy_get_output_overflow(const rsb_policy *policy,
                                                rsb_output_overflow *out);
RSB_API rsb_code rsb_policy_set_network(rsb_policy *policy, rsb_network network);
RSB_API rsb_code rsb_policy_get_network(const rsb_policy *policy, rsb_network *out);
/* Host paths bound read-only into the box; copies `path`. */
RSB_API rsb_code rsb_policy_add_readonly_path(rsb_policy *policy, const char *path);
RSB_API rsb_code rsb_policy_clear_readonly_paths(rsb_policy *policy);
RSB_API rsb_code rsb_policy_readonly_path_count(const rsb_policy *policy, size_t *out);
/* Borrowed until the policy is changed or freed. */
RSB_API rsb_code rsb_policy_readonly_path(const rsb_policy *policy, size_t index,
                                          const char **out);
RSB_API rsb_code rsb_policy_set_hostname(rsb_policy *policy, const char *hostname);
RSB_API rsb_code rsb_policy_set_workdir(rsb_policy *policy, const char *workdir);
/* Unprivileged host ids the box's user maps to when the supervisor is root. */
RSB_API rsb_code rsb_policy_set_host_ids(rsb_policy *policy, uint32_t uid, uint32_t gid);
/* Borrowed until the policy is changed or freed. */
RSB_API rsb_code rsb_policy_get_hostname(const rsb_policy *policy, const char **out);
RSB_API rsb_code rsb_policy_get_workdir(const rsb_policy *policy, const char **out);
RSB_API rsb_code rsb_policy_get_host_ids(const rsb_policy *policy, uint32_t *uid, uint32_t *gid);
RSB_API rsb_code rsb_policy_set_seccomp(rsb_policy *policy, rsb_seccomp mode);
RSB_API rsb_code rsb_policy_get_seccomp(const rsb_policy *policy, rsb_seccomp *out);
RSB_API rsb_code rsb_policy_set_on_breach(rsb_policy *policy, rsb_breach_response response);
RSB_API rsb_code rsb_policy_get_on_breach(const rsb_policy *policy, rsb_breach_response *out);
/* Any string list of the policy (rsb_policy_list). rsb_policy_list_add checks the value as
 * the policy's validation would (an absolute clean path, a "host[:port]", a known
 * capability, no repeats) and gives RSB_ERR_POLICY naming the list entry and the value,
 * e.g. "keep_capabilities[0]: unknown capability 'CAP_FOO'"; the list is then unchanged.
 * Rules that tie several fields together (allowed_hosts only with network none, ...) are
 * checked by rsb_policy_validate() and rsb_sandbox_new(). */
RSB_API rsb_code rsb_policy_list_add(rsb_policy *policy, rsb_policy_list list, const char *value);
RSB_API rsb_code rsb_policy_list_clear(rsb_policy *policy, rsb_policy_list list);
RSB_API rsb_code rsb_policy_list_count(const rsb_policy *policy, rsb_policy_list list,
                                       size_t *out);
/* Pins host `name` (named by an allowed_hosts entry: add those first) to the IP literal
 * `address`: the egress proxy connects there instead of resolving the name (addresses of
 * one name are tried in the order added). RSB_ERR_POLICY naming the entry, e.g.
 * "host_resolution.example.com[0]: 'x' is not an IPv4 or IPv6 address"; unchanged then. */
RSB_API rsb_code rsb_policy_add_host_address(rsb_policy *policy, const char *name,
                                             const char *address);
RSB_API rsb_code rsb_policy_clear_host_resolution(rsb_policy *policy);
/* The pins as caller-owned JSON: {"name": ["address", ...], ...}. */
RSB_API rsb_code rsb_policy_host_resolution_json(const rsb_policy *policy, char **out);
/* Borrowed until the policy is changed or freed. */
RSB_API rsb_code rsb_policy_list_get(const rsb_policy *policy, rsb_policy_list list,
                                     size_t index, const char **out);

/* ---- Command: what to run ------------------------------------------------------------- */

/* An empty command (no argv, empty environment). Caller owns *out. */
RSB_API rsb_code rsb_command_new(rsb_command **out);
/* Appends to argv; copies `arg`. argv[0] is an absolute path or a name searched in PATH. */
RSB_API rsb_code rsb_command_add_arg(rsb_command *command, const char *arg);
/* Sets one environment variable (the box sees nothing of the caller's env unless set). */
RSB_API rsb_code rsb_command_set_env(rsb_command *command, const char *name,
                                     const char *value);
/* Copies the caller's value of `name`, if it has one. */
RSB_API rsb_code rsb_command_pass_env(rsb_command *command, const char *name);
/* Bytes written to the program's stdin, then stdin is closed. Binary-safe; copied. `data`
 * may be NULL only when `length` is 0. */
RSB_API rsb_code rsb_command_set_stdin(rsb_command *command, const void *data, size_t length);
/* A file created in the workdir before the program starts; relative path; copied. */
RSB_API rsb_code rsb_command_add_file(rsb_command *command, const char *path,
                                      const void *data, size_t length);
/* Working directory inside the box; "" means the policy's workdir. */
RSB_API rsb_code rsb_command_set_cwd(rsb_command *command, const char *dir);
/* RSB_ERR_POLICY for an empty argv, a file escaping the workdir, an embedded NUL. */
RSB_API rsb_code rsb_command_validate(const rsb_command *command);
RSB_API rsb_code rsb_command_free(rsb_command *command);

/* ---- Sandbox: a validated policy plus event listeners ---------------------------------- */

/* Copies and validates `policy` (RSB_ERR_POLICY naming the field). Caller owns *out. */
RSB_API rsb_code rsb_sandbox_new(const rsb_policy *policy, rsb_sandbox **out);
/* Every run started after this call also sends its events to `fn`, until the sandbox is
 * freed. `user_data` must stay valid until rsb_sandbox_free() returns. */
RSB_API rsb_code rsb_sandbox_add_event_callback(rsb_sandbox *sandbox, rsb_event_fn fn,
                                                void *user_data);
/* Every run started after this call is sampled every `interval_ms` (at least 10): each
 * sample reaches the event callbacks as a "resource_sample" event (not the result's
 * events). With `history_buckets` > 0 (even, at least 2) the run's result ends with a
 * "resource_history" event whose `detail` holds the per-metric history as JSON; 0 keeps
 * none. RSB_ERR_POLICY naming the bad value. */
RSB_API rsb_code rsb_sandbox_set_monitor(rsb_sandbox *sandbox, uint32_t interval_ms,
                                         size_t history_buckets);
/* Levels for one metric of the monitor (call rsb_sandbox_set_monitor first, else
 * RSB_ERR_INVALID_ARGUMENT; calling it again clears the thresholds), in the metric's own
 * unit: crossing `warn` sends a "threshold_warning" event (also in the result's events);
 * reaching `limit` ends the
 * run with the matching status (memory_bytes: memory_limit, processes: pids_limit,
 * cpu_*: cpu_limit, ...). A negative level leaves that level unset. RSB_ERR_POLICY naming the
 * metric for an unknown one, warn above limit, or a limit on a metric that has none. */
RSB_API rsb_code rsb_sandbox_set_monitor_threshold(rsb_sandbox *sandbox, const char *metric,
                                                   double warn, double limit);
/* Every run started after this call also sends its events to `telemetry`'s exporters. The
 * telemetry may be freed before the sandbox: its later events are then dropped. */
RSB_API rsb_code rsb_sandbox_add_telemetry(rsb_sandbox *sandbox, rsb_telemetry *telemetry);
/* Runs `command` to the end on the calling thread and gives the verdict. `on_event`
 * (nullable) receives this run's events on the calling thread, before this call returns, as
 * do the sandbox's event callbacks. Not from a callback of the supervisor thread
 * (RSB_ERR_WRONG_THREAD). Problems building the box
 * come back as a result with status setup_error; RSB_ERR_POLICY for an invalid command.
 * Caller owns *out. */
RSB_API rsb_code rsb_sandbox_run(const rsb_sandbox *sandbox, const rsb_command *command,
                                 rsb_event_fn on_event, void *user_data, rsb_result **out);
/* Runs `source` (length bytes) with the runtime named `language` ("python", "javascript",
 * "shell", or an alias "py", "js", "sh"); RSB_ERR_POLICY for an unknown language. A missing
 * interpreter comes back as a result with status setup_error, like any setup problem. */
RSB_API rsb_code rsb_sandbox_run_code(const rsb_sandbox *sandbox, const char *language,
                                      const char *source, size_t length, rsb_result **out);
/* Starts `command` and returns once the box is launched (a few milliseconds: the launch
 * runs on the supervisor thread while this call waits; an event loop should call it from a
 * worker thread). `on_event` and `on_done` (both nullable) are called
 * on the supervisor thread with `user_data`, which must stay valid until rsb_run_free()
 * returns; neither is called after that. Caller owns *out. */
RSB_API rsb_code rsb_sandbox_start(const rsb_sandbox *sandbox, const rsb_command *command,
                                   rsb_event_fn on_event, rsb_done_fn on_done,
                                   void *user_data, rsb_run **out);
/* Like rsb_sandbox_start, but returns before the box exists: the launch follows on the
 * supervisor thread, so an event loop can call this directly. Until the box exists,
 * rsb_run_pid() gives 0 and rsb_run_kill() is remembered and applied at once; the "started"
 * lifecycle event (to `on_event`) tells when it does, and rsb_run_pid() answers from then.
 * Freeing the run before then cancels the launch. A launch that fails ends the run with
 * status setup_error, like a failure inside the box. Caller owns *out. */
RSB_API rsb_code rsb_sandbox_start_async(const rsb_sandbox *sandbox, const rsb_command *command,
                                         rsb_event_fn on_event, rsb_done_fn on_done,
                                         void *user_data, rsb_run **out);
/* Frees the handle and stops its callbacks. Runs already started go on with their own
 * copy of the policy. Not from a callback (RSB_ERR_WRONG_THREAD). */
RSB_API rsb_code rsb_sandbox_free(rsb_sandbox *sandbox);

/* ---- Run: an asynchronous run in progress (all calls thread-safe) ---------------------- */

/* Host pid of the box's first process; 0 once it has been reaped. */
RSB_API rsb_code rsb_run_pid(const rsb_run *run, int *out);
/* Ends the whole box; its status is `killed` unless another cause was recorded first.
 * Killing an ended run is a no-op. */
RSB_API rsb_code rsb_run_kill(rsb_run *run);
/* Never blocks: RSB_OK with a new caller-owned result once the run has ended, RSB_PENDING
 * with *out = NULL before. */
RSB_API rsb_code rsb_run_poll(const rsb_run *run, rsb_result **out);
/* Blocks up to `timeout_ms` (negative: no limit; the policy's wall timeout bounds the run)
 * for the end: RSB_OK with a new caller-owned result, or RSB_PENDING with *out = NULL.
 * Not from a callback (RSB_ERR_WRONG_THREAD). */
RSB_API rsb_code rsb_run_wait(rsb_run *run, int64_t timeout_ms, rsb_result **out);
/* Frees the handle. A run still in progress is killed and finishes in the background; no
 * callback of this run is called after this returns. Not from a callback. */
RSB_API rsb_code rsb_run_free(rsb_run *run);

/* ---- Monitor: samples of a host process tree, no box ---------------------------------- */

/* Samples `pid` and its descendants at once, then every `interval_ms` (at least 10), on the
 * supervisor thread; each sample reaches `on_sample` as a "resource_sample" event (JSON,
 * `values` holding cpu_user_s, memory_bytes, processes, ...). Sampling ends when the tree
 * is gone or the monitor is stopped. RSB_ERR_NO_PROCESS naming the pid when it does not
 * exist; RSB_ERR_INVALID_ARGUMENT for a pid <= 0 or an interval below 10 ms. `user_data`
 * must stay valid until rsb_monitor_stop() or rsb_monitor_free() returns. Caller owns *out. */
RSB_API rsb_code rsb_monitor_pid_start(int pid, uint32_t interval_ms, rsb_event_fn on_sample,
                                       void *user_data, rsb_monitor **out);
/* Takes a last sample (if the tree is still there) and stops; no callback after this
 * returns. Stopping twice is a no-op. Not from a callback (RSB_ERR_WRONG_THREAD). */
RSB_API rsb_code rsb_monitor_stop(rsb_monitor *monitor);
/* *out = 1 while sampling, 0 once stopped or the tree is gone. */
RSB_API rsb_code rsb_monitor_running(const rsb_monitor *monitor, int *out);
RSB_API rsb_code rsb_monitor_sample_count(const rsb_monitor *monitor, uint64_t *out);
/* Stops (without a last sample) and frees. Not from a callback. */
RSB_API rsb_code rsb_monitor_free(rsb_monitor *monitor);

/* ---- Telemetry: Prometheus, OTLP/HTTP JSON and a JSON-lines event log ------------------ */

/* Starts the exporters of a TelemetryConfig given as JSON. Keys: prometheus_listen
 * ("127.0.0.1:9464"; port 0 picks one), pushgateway_url, pushgateway_job, otlp_endpoint
 * (base URL; /v1/traces, /v1/metrics, /v1/logs), otlp_headers (object), otlp_timeout_ms,
 * export_interval_ms, event_log_path, event_log_max_bytes, event_log_rotations, queue_size,
 * service_name, traceparent (W3C "00-<32 hex>-<16 hex>-<2 hex>": the runs of every sandbox
 * this telemetry is added to join that trace). RSB_ERR_POLICY naming the key for unknown
 * keys, wrong types, malformed JSON or a bad traceparent; RSB_ERR_SETUP when an exporter
 * cannot start (e.g. the Prometheus address is taken). Caller owns *out. */
RSB_API rsb_code rsb_telemetry_from_json(const char *json, rsb_telemetry **out);
/* Exports everything queued so far (and pushes to the Pushgateway): RSB_OK when all of it
 * was delivered or dropped within `timeout_ms`, RSB_PENDING when time ran out. */
RSB_API rsb_code rsb_telemetry_flush(rsb_telemetry *telemetry, int64_t timeout_ms);
/* The port the Prometheus endpoint listens on, 0 when it is off. */
RSB_API rsb_code rsb_telemetry_prometheus_port(const rsb_telemetry *telemetry, int *out);
/* The pipeline's own counters as caller-owned JSON: events_received, events_dropped,
 * otlp_requests_ok, otlp_requests_failed, otlp_items_dropped, otlp_items_rejected,
 * pushes_failed. */
RSB_API rsb_code rsb_telemetry_stats_json(const rsb_telemetry *telemetry, char **out);
/* Flushes (bounded by twice the OTLP timeout), stops the exporters and frees. Not from a
 * callback (RSB_ERR_WRONG_THREAD). */
RSB_API rsb_code rsb_telemetry_free(rsb_telemetry *telemetry);

/* ---- Result: the verdict of a run ------------------------------------------------------ */

RSB_API rsb_code rsb_result_status(const rsb_result *result, rsb_run_status *out);
/* The program's exit code, or -1 when it did not exit. */
RSB_API rsb_code rsb_result_exit_code(const rsb_result *result, int *out);
/* The signal that ended it, or 0. */
RSB_API rsb_code rsb_result_signal(const rsb_result *result, int *out);
/* Exit code a CLI should return: the child's, 128+signal, 125 for setup errors. */
RSB_API rsb_code rsb_result_cli_exit_code(const rsb_result *result, int *out);
RSB_API rsb_code rsb_result_wall_time_s(const rsb_result *result, double *out);
RSB_API rsb_code rsb_result_cpu_user_s(const rsb_result *result, double *out);
RSB_API rsb_code rsb_result_cpu_sys_s(const rsb_result *result, double *out);
RSB_API rsb_code rsb_result_peak_memory_bytes(const rsb_result *result, uint64_t *out);
/* Captured output: borrowed bytes (not NUL-terminated in general) and their length. */
RSB_API rsb_code rsb_result_stdout(const rsb_result *result, const char **data, size_t *length);
RSB_API rsb_code rsb_result_stderr(const rsb_result *result, const char **data, size_t *length);
RSB_API rsb_code rsb_result_stdout_truncated(const rsb_result *result, int *out);
RSB_API rsb_code rsb_result_stderr_truncated(const rsb_result *result, int *out);
/* One sentence on why the run ended as it did; borrowed NUL-terminated string. */
RSB_API rsb_code rsb_result_message(const rsb_result *result, const char **out);
/* "cgroup" or "rusage"; borrowed. */
RSB_API rsb_code rsb_result_usage_source(const rsb_result *result, const char **out);
/* Limits the host could not apply, each a borrowed sentence. */
RSB_API rsb_code rsb_result_degraded_count(const rsb_result *result, size_t *out);
RSB_API rsb_code rsb_result_degraded(const rsb_result *result, size_t index, const char **out);
/* The run's events in order, each as caller-owned JSON. */
RSB_API rsb_code rsb_result_event_count(const rsb_result *result, size_t *out);
RSB_API rsb_code rsb_result_event_json(const rsb_result *result, size_t index, char **out);
/* The whole result as caller-owned JSON (C++ Result::to_json()), or a readable report. */
RSB_API rsb_code rsb_result_to_json(const rsb_result *result, char **out);
RSB_API rsb_code rsb_result_to_report(const rsb_result *result, char **out);
/* Parses result JSON (for tools that store results). RSB_ERR_POLICY when malformed. */
RSB_API rsb_code rsb_result_from_json(const char *json, rsb_result **out);
RSB_API rsb_code rsb_result_free(rsb_result *result);

#ifdef __cplusplus
}
#endif

#endif /* RUSTY_SANDBOX_SANDBOX_H */
