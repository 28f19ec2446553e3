/* Exercises the calls of <sandbox/sandbox.h> from C99, including each error path: NULL
 * pointers, invalid and freed handles, out-of-range enums, malformed JSON. Then runs the
 * shared vectors of tests/vectors/runs.json. Prints one line per failed check; exit 1 if any.
 * The policy fields beyond limits, monitors and telemetry have their own programs beside it
 * (policy_fields_test.c, monitor_test.c, telemetry_test.c).
 */
#define _POSIX_C_SOURCE 200809L

#include <sandbox/sandbox.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "vectors.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static rsb_sandbox *standard_sandbox(void) {
    rsb_policy *policy = NULL;
    rsb_sandbox *box = NULL;
    CHECK_OK(rsb_policy_new(RSB_LEVEL_STANDARD, &policy));
    CHECK_OK(rsb_sandbox_new(policy, &box));
    CHECK_OK(rsb_policy_free(policy));
    return box;
}

static rsb_command *command_of(const char *const *argv) {
    rsb_command *command = NULL;
    CHECK_OK(rsb_command_new(&command));
    for (; *argv != NULL; ++argv) CHECK_OK(rsb_command_add_arg(command, *argv));
    return command;
}

static void test_library(void) {
    const char *text = NULL;
    char *owned = NULL;
    uint64_t number = 0;
    rsb_level level;
    rsb_run_status status;

    CHECK(rsb_abi_version() == RSB_ABI_VERSION);
    CHECK_OK(rsb_library_version(&text));
    CHECK(text != NULL && strlen(text) > 0);
    CHECK_ERR(rsb_library_version(NULL), RSB_ERR_NULL_ARGUMENT, "out is NULL");
    CHECK(contains(rsb_last_error(), "rsb_library_version"));

    CHECK_OK(rsb_level_name(RSB_LEVEL_ENHANCED, &text));
    CHECK(strcmp(text, "enhanced") == 0);
    CHECK_ERR(rsb_level_name((rsb_level)7, &text), RSB_ERR_INVALID_ARGUMENT, "rsb_level");
    CHECK_ERR(rsb_level_name(RSB_LEVEL_BASIC, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_OK(rsb_run_status_name(RSB_STATUS_MEMORY_LIMIT, &text));
    CHECK(strcmp(text, "memory_limit") == 0);
    CHECK_ERR(rsb_run_status_name((rsb_run_status)-1, &text), RSB_ERR_INVALID_ARGUMENT,
              "rsb_run_status");
    CHECK_ERR(rsb_run_status_name(RSB_STATUS_OK, NULL), RSB_ERR_NULL_ARGUMENT, "out");

    CHECK_OK(rsb_level_from_name("maximum", &level));
    CHECK(level == RSB_LEVEL_MAXIMUM);
    CHECK_ERR(rsb_level_from_name("paranoid", &level), RSB_ERR_POLICY, "paranoid");
    CHECK_ERR(rsb_level_from_name(NULL, &level), RSB_ERR_NULL_ARGUMENT, "name");
    CHECK_ERR(rsb_level_from_name("basic", NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_OK(rsb_run_status_from_name("pids_limit", &status));
    CHECK(status == RSB_STATUS_PIDS_LIMIT);
    CHECK_ERR(rsb_run_status_from_name("exploded", &status), RSB_ERR_POLICY, "exploded");
    CHECK_ERR(rsb_run_status_from_name(NULL, &status), RSB_ERR_NULL_ARGUMENT, "name");
    CHECK_ERR(rsb_run_status_from_name("ok", NULL), RSB_ERR_NULL_ARGUMENT, "out");

    CHECK_OK(rsb_parse_size("256M", "memory", &number));
    CHECK(number == 256u << 20);
    CHECK_OK(rsb_parse_size("4096", NULL, &number));
    CHECK(number == 4096);
    CHECK_ERR(rsb_parse_size("lots", "memory", &number), RSB_ERR_POLICY, "memory");
    CHECK_ERR(rsb_parse_size(NULL, "memory", &number), RSB_ERR_NULL_ARGUMENT, "text");
    CHECK_ERR(rsb_parse_size("1K", "memory", NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_OK(rsb_parse_duration_ms("1.5s", "timeout", &number));
    CHECK(number == 1500);
    CHECK_ERR(rsb_parse_duration_ms("soon", "timeout", &number), RSB_ERR_POLICY, "timeout");
    CHECK_ERR(rsb_parse_duration_ms(NULL, NULL, &number), RSB_ERR_NULL_ARGUMENT, "text");
    CHECK_ERR(rsb_parse_duration_ms("1s", NULL, NULL), RSB_ERR_NULL_ARGUMENT, "out");

    CHECK_OK(rsb_check_host_json(&owned));
    CHECK(contains(owned, "cgroup_mode"));
    CHECK(contains(owned, "\"box_init_exec\":true"));
    rsb_free(owned);
    CHECK_OK(rsb_check_host_text(&owned));
    CHECK(owned != NULL && strlen(owned) > 0);
    rsb_free(owned);
    CHECK_ERR(rsb_check_host_json(NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_check_host_text(NULL), RSB_ERR_NULL_ARGUMENT, "out");
    rsb_free(NULL);
}

static void test_policy_limits(rsb_policy *policy) {
    uint64_t value = 0;
    int is_set = -1;

    CHECK_OK(rsb_policy_set_limit(policy, RSB_LIMIT_MEMORY_BYTES, 128u << 20));
    CHECK_OK(rsb_policy_get_limit(policy, RSB_LIMIT_MEMORY_BYTES, &value, &is_set));
    CHECK(value == 128u << 20 && is_set == 1);
    CHECK_OK(rsb_policy_clear_limit(policy, RSB_LIMIT_MEMORY_BYTES));
    CHECK_OK(rsb_policy_get_limit(policy, RSB_LIMIT_MEMORY_BYTES, &value, &is_set));
    CHECK(value == 0 && is_set == 0);
    CHECK_OK(rsb_policy_set_limit(policy, RSB_LIMIT_CPU_TIME_MS, 2000));
    CHECK_OK(rsb_policy_set_limit(policy, RSB_LIMIT_ADDRESS_SPACE_BYTES, 1u << 30));
    CHECK_OK(rsb_policy_clear_limit(policy, RSB_LIMIT_ADDRESS_SPACE_BYTES));
    CHECK_OK(rsb_policy_set_limit(policy, RSB_LIMIT_WALL_TIMEOUT_MS, 5000));
    CHECK_OK(rsb_policy_get_limit(policy, RSB_LIMIT_WALL_TIMEOUT_MS, &value, &is_set));
    CHECK(value == 5000 && is_set == 1);
    CHECK_OK(rsb_policy_set_limit(policy, RSB_LIMIT_PIDS, 32));
    CHECK_OK(rsb_policy_get_limit(policy, RSB_LIMIT_PIDS, &value, &is_set));
    CHECK(value == 32 && is_set == 1);
    CHECK_OK(rsb_policy_clear_limit(policy, RSB_LIMIT_PIDS));
    CHECK_OK(rsb_policy_get_limit(policy, RSB_LIMIT_PIDS, &value, &is_set));
    CHECK(is_set == 0);
    CHECK_OK(rsb_policy_set_limit(policy, RSB_LIMIT_OPEN_FILES, 64));
    CHECK_OK(rsb_policy_get_limit(policy, RSB_LIMIT_OPEN_FILES, &value, &is_set));
    CHECK(value == 64);
    CHECK_OK(rsb_policy_set_limit(policy, RSB_LIMIT_FILE_SIZE_BYTES, 1u << 20));
    CHECK_OK(rsb_policy_set_limit(policy, RSB_LIMIT_STDOUT_MAX_BYTES, 1000));
    CHECK_OK(rsb_policy_set_limit(policy, RSB_LIMIT_STDERR_MAX_BYTES, 1000));
    CHECK_OK(rsb_policy_set_limit(policy, RSB_LIMIT_TMP_SIZE_BYTES, 8u << 20));
    CHECK_OK(rsb_policy_set_limit(policy, RSB_LIMIT_WORKDIR_SIZE_BYTES, 8u << 20));
    CHECK_OK(rsb_policy_get_limit(policy, RSB_LIMIT_WORKDIR_SIZE_BYTES, &value, &is_set));
    CHECK(value == 8u << 20);

    CHECK_ERR(rsb_policy_set_limit(policy, RSB_LIMIT_PIDS, 1ull << 40), RSB_ERR_INVALID_ARGUMENT,
              "32 bits");
    CHECK_ERR(rsb_policy_set_limit(policy, (rsb_limit)99, 1), RSB_ERR_INVALID_ARGUMENT,
              "rsb_limit");
    CHECK_ERR(rsb_policy_clear_limit(policy, RSB_LIMIT_WALL_TIMEOUT_MS),
              RSB_ERR_INVALID_ARGUMENT, "always set");
    CHECK_ERR(rsb_policy_clear_limit(policy, RSB_LIMIT_OPEN_FILES), RSB_ERR_INVALID_ARGUMENT,
              "always set");
    CHECK_ERR(rsb_policy_clear_limit(policy, (rsb_limit)-3), RSB_ERR_INVALID_ARGUMENT,
              "rsb_limit");
    CHECK_ERR(rsb_policy_get_limit(policy, (rsb_limit)99, &value, &is_set),
              RSB_ERR_INVALID_ARGUMENT, "rsb_limit");
    CHECK_ERR(rsb_policy_get_limit(policy, RSB_LIMIT_PIDS, NULL, &is_set), RSB_ERR_NULL_ARGUMENT,
              "value");
    CHECK_ERR(rsb_policy_get_limit(policy, RSB_LIMIT_PIDS, &value, NULL), RSB_ERR_NULL_ARGUMENT,
              "is_set");
    CHECK_ERR(rsb_policy_set_limit(NULL, RSB_LIMIT_PIDS, 1), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_ERR(rsb_policy_clear_limit(NULL, RSB_LIMIT_PIDS), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_ERR(rsb_policy_get_limit(NULL, RSB_LIMIT_PIDS, &value, &is_set), RSB_ERR_INVALID_HANDLE,
              "policy");
}

static void test_policy_fields(rsb_policy *policy) {
    rsb_level level;
    rsb_network network;
    rsb_output_overflow overflow;
    size_t count = 99;
    const char *path = NULL;

    CHECK_OK(rsb_policy_set_level(policy, RSB_LEVEL_ENHANCED));
    CHECK_OK(rsb_policy_get_level(policy, &level));
    CHECK(level == RSB_LEVEL_ENHANCED);
    CHECK_ERR(rsb_policy_set_level(policy, (rsb_level)4), RSB_ERR_INVALID_ARGUMENT, "rsb_level");
    CHECK_ERR(rsb_policy_get_level(policy, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_policy_set_level(NULL, RSB_LEVEL_BASIC), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_ERR(rsb_policy_get_level(NULL, &level), RSB_ERR_INVALID_HANDLE, "policy");

    CHECK_OK(rsb_policy_set_output_overflow(policy, RSB_OVERFLOW_TRUNCATE));
    CHECK_OK(rsb_policy_get_output_overflow(policy, &overflow));
    CHECK(overflow == RSB_OVERFLOW_TRUNCATE);
    CHECK_ERR(rsb_policy_set_output_overflow(policy, (rsb_output_overflow)2),
              RSB_ERR_INVALID_ARGUMENT, "rsb_output_overflow");
    CHECK_ERR(rsb_policy_get_output_overflow(policy, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_policy_set_output_overflow(NULL, RSB_OVERFLOW_KILL), RSB_ERR_INVALID_HANDLE,
              "policy");
    CHECK_ERR(rsb_policy_get_output_overflow(NULL, &overflow), RSB_ERR_INVALID_HANDLE, "policy");

    CHECK_OK(rsb_policy_set_network(policy, RSB_NETWORK_NONE));
    CHECK_OK(rsb_policy_get_network(policy, &network));
    CHECK(network == RSB_NETWORK_NONE);
    CHECK_ERR(rsb_policy_set_network(policy, (rsb_network)5), RSB_ERR_INVALID_ARGUMENT,
              "rsb_network");
    CHECK_ERR(rsb_policy_get_network(policy, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_policy_set_network(NULL, RSB_NETWORK_NONE), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_ERR(rsb_policy_get_network(NULL, &network), RSB_ERR_INVALID_HANDLE, "policy");

    CHECK_OK(rsb_policy_add_readonly_path(policy, "/opt/data"));
    CHECK_OK(rsb_policy_add_readonly_path(policy, "/srv/models"));
    CHECK_OK(rsb_policy_readonly_path_count(policy, &count));
    CHECK(count == 2);
    CHECK_OK(rsb_policy_readonly_path(policy, 1, &path));
    CHECK(path != NULL && strcmp(path, "/srv/models") == 0);
    CHECK_ERR(rsb_policy_readonly_path(policy, 2, &path), RSB_ERR_INVALID_ARGUMENT, "index 2");
    CHECK_ERR(rsb_policy_readonly_path(policy, 0, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_policy_readonly_path(NULL, 0, &path), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_ERR(rsb_policy_readonly_path_count(policy, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_policy_readonly_path_count(NULL, &count), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_ERR(rsb_policy_add_readonly_path(policy, NULL), RSB_ERR_NULL_ARGUMENT, "path");
    CHECK_ERR(rsb_policy_add_readonly_path(NULL, "/x"), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_OK(rsb_policy_clear_readonly_paths(policy));
    CHECK_OK(rsb_policy_readonly_path_count(policy, &count));
    CHECK(count == 0);
    CHECK_ERR(rsb_policy_clear_readonly_paths(NULL), RSB_ERR_INVALID_HANDLE, "policy");

    CHECK_OK(rsb_policy_set_hostname(policy, "judge"));
    CHECK_ERR(rsb_policy_set_hostname(policy, NULL), RSB_ERR_NULL_ARGUMENT, "hostname");
    CHECK_ERR(rsb_policy_set_hostname(NULL, "x"), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_OK(rsb_policy_set_workdir(policy, "/task"));
    CHECK_ERR(rsb_policy_set_workdir(policy, NULL), RSB_ERR_NULL_ARGUMENT, "workdir");
    CHECK_ERR(rsb_policy_set_workdir(NULL, "/x"), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_OK(rsb_policy_set_host_ids(policy, 60000, 60000));
    CHECK_ERR(rsb_policy_set_host_ids(NULL, 1, 1), RSB_ERR_INVALID_HANDLE, "policy");
}

static void test_policy(void) {
    rsb_policy *policy = NULL, *copy = NULL, *parsed = NULL;
    char *json = NULL;

    CHECK_ERR(rsb_policy_new((rsb_level)9, &policy), RSB_ERR_INVALID_ARGUMENT, "rsb_level");
    CHECK_ERR(rsb_policy_new(RSB_LEVEL_BASIC, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_OK(rsb_policy_new(RSB_LEVEL_STANDARD, &policy));
    test_policy_limits(policy);
    test_policy_fields(policy);
    CHECK_OK(rsb_policy_validate(policy));

    CHECK_OK(rsb_policy_to_json(policy, &json));
    CHECK(contains(json, "\"hostname\":\"judge\"") && contains(json, "\"workdir\":\"/task\""));
    CHECK_OK(rsb_policy_from_json(json, &parsed));
    rsb_free(json);
    CHECK_ERR(rsb_policy_to_json(policy, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_policy_to_json(NULL, &json), RSB_ERR_INVALID_HANDLE, "policy");

    CHECK_OK(rsb_policy_clone(policy, &copy));
    CHECK(copy != policy);
    CHECK_ERR(rsb_policy_clone(policy, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_policy_clone(NULL, &copy), RSB_ERR_INVALID_HANDLE, "policy");

    CHECK_ERR(rsb_policy_from_json("{\"level\": ", &parsed), RSB_ERR_POLICY, "policy");
    CHECK_ERR(rsb_policy_from_json("{\"limits\": {\"memroy_bytes\": 1}}", &parsed),
              RSB_ERR_POLICY, "memroy_bytes");
    CHECK_ERR(rsb_policy_from_json("{\"limits\": {\"pids\": \"many\"}}", &parsed),
              RSB_ERR_POLICY, "pids");
    CHECK_ERR(rsb_policy_from_json(NULL, &parsed), RSB_ERR_NULL_ARGUMENT, "json");
    CHECK_ERR(rsb_policy_from_json("{}", NULL), RSB_ERR_NULL_ARGUMENT, "out");

    CHECK_OK(rsb_policy_set_host_ids(copy, 0, 0));
    CHECK_ERR(rsb_policy_validate(copy), RSB_ERR_POLICY, "host root");
    CHECK_ERR(rsb_policy_validate(NULL), RSB_ERR_INVALID_HANDLE, "policy");

    /* A handle of another kind is refused, not misread. */
    CHECK_ERR(rsb_policy_validate((const rsb_policy *)&failures), RSB_ERR_INVALID_HANDLE,
              "not a live handle");
    CHECK_OK(rsb_policy_free(copy));
    CHECK_OK(rsb_policy_free(parsed));
    CHECK_OK(rsb_policy_free(policy));
    /* Use after free and double free are detected. */
    CHECK_ERR(rsb_policy_validate(policy), RSB_ERR_INVALID_HANDLE, "freed");
    CHECK_ERR(rsb_policy_free(policy), RSB_ERR_INVALID_HANDLE, "freed");
    CHECK_ERR(rsb_policy_free(NULL), RSB_ERR_INVALID_HANDLE, "policy is NULL");
}

static void test_command(void) {
    rsb_command *command = NULL;
    rsb_policy *policy = NULL;

    CHECK_ERR(rsb_command_new(NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_OK(rsb_command_new(&command));
    CHECK_ERR(rsb_command_validate(command), RSB_ERR_POLICY, "argv is empty");
    CHECK_OK(rsb_command_add_arg(command, "/bin/true"));
    CHECK_OK(rsb_command_validate(command));
    CHECK_ERR(rsb_command_add_arg(command, NULL), RSB_ERR_NULL_ARGUMENT, "arg");
    CHECK_OK(rsb_command_set_env(command, "LANG", "C.UTF-8"));
    CHECK_ERR(rsb_command_set_env(command, NULL, "x"), RSB_ERR_NULL_ARGUMENT, "name");
    CHECK_ERR(rsb_command_set_env(command, "X", NULL), RSB_ERR_NULL_ARGUMENT, "value");
    CHECK(setenv("RSB_CAPI_PASSED", "yes", 1) == 0);
    CHECK_OK(rsb_command_pass_env(command, "RSB_CAPI_PASSED"));
    CHECK_OK(rsb_command_pass_env(command, "RSB_CAPI_NOT_SET_ANYWHERE"));
    CHECK_ERR(rsb_command_pass_env(command, NULL), RSB_ERR_NULL_ARGUMENT, "name");
    CHECK_OK(rsb_command_set_stdin(command, "a\0b", 3));
    CHECK_OK(rsb_command_set_stdin(command, NULL, 0));
    CHECK_ERR(rsb_command_set_stdin(command, NULL, 4), RSB_ERR_NULL_ARGUMENT, "data");
    CHECK_OK(rsb_command_add_file(command, "in/data.bin", "\x01\x02", 2));
    CHECK_ERR(rsb_command_add_file(command, NULL, "x", 1), RSB_ERR_NULL_ARGUMENT, "path");
    CHECK_ERR(rsb_command_add_file(command, "x", NULL, 1), RSB_ERR_NULL_ARGUMENT, "data");
    CHECK_OK(rsb_command_validate(command));
    CHECK_OK(rsb_command_add_file(command, "../escape", "x", 1));
    CHECK_ERR(rsb_command_validate(command), RSB_ERR_POLICY, "../escape");
    CHECK_OK(rsb_command_set_cwd(command, "/work"));
    CHECK_ERR(rsb_command_set_cwd(command, NULL), RSB_ERR_NULL_ARGUMENT, "dir");

    /* Every command call refuses NULL, foreign and freed handles. */
    CHECK_OK(rsb_policy_new(RSB_LEVEL_BASIC, &policy));
    CHECK_ERR(rsb_command_add_arg((rsb_command *)policy, "x"), RSB_ERR_INVALID_HANDLE, "command");
    CHECK_OK(rsb_policy_free(policy));
    CHECK_ERR(rsb_command_add_arg(NULL, "x"), RSB_ERR_INVALID_HANDLE, "command");
    CHECK_ERR(rsb_command_set_env(NULL, "a", "b"), RSB_ERR_INVALID_HANDLE, "command");
    CHECK_ERR(rsb_command_pass_env(NULL, "a"), RSB_ERR_INVALID_HANDLE, "command");
    CHECK_ERR(rsb_command_set_stdin(NULL, "a", 1), RSB_ERR_INVALID_HANDLE, "command");
    CHECK_ERR(rsb_command_add_file(NULL, "a", "b", 1), RSB_ERR_INVALID_HANDLE, "command");
    CHECK_ERR(rsb_command_set_cwd(NULL, "/"), RSB_ERR_INVALID_HANDLE, "command");
    CHECK_ERR(rsb_command_validate(NULL), RSB_ERR_INVALID_HANDLE, "command");
    CHECK_OK(rsb_command_free(command));
    CHECK_ERR(rsb_command_add_arg(command, "x"), RSB_ERR_INVALID_HANDLE, "freed");
    CHECK_ERR(rsb_command_free(command), RSB_ERR_INVALID_HANDLE, "freed");
}

/* Events seen by a callback, on the thread that watches the run. */
struct event_log {
    pthread_mutex_t mutex;
    pthread_cond_t changed;
    int events;
    int events_on_main_thread;
    int saw_started;
    int done;
    rsb_code wait_from_callback;
    /* Set once rsb_sandbox_start returns; its own lock, since events arrive during start. */
    pthread_mutex_t run_mutex;
    rsb_run *run;
};

static pthread_t main_thread;

static void log_event(const char *json, size_t length, void *user_data) {
    struct event_log *log = user_data;
    pthread_mutex_lock(&log->mutex);
    ++log->events;
    if (pthread_equal(pthread_self(), main_thread)) ++log->events_on_main_thread;
    if (length == strlen(json) && strstr(json, "\"started\"") != NULL) log->saw_started = 1;
    pthread_mutex_unlock(&log->mutex);
}

static void log_done(void *user_data) {
    struct event_log *log = user_data;
    rsb_result *result = NULL;
    rsb_code wait_code;
    /* Blocking calls are refused on the supervisor thread instead of deadlocking. */
    pthread_mutex_lock(&log->run_mutex);
    wait_code = rsb_run_wait(log->run, -1, &result);
    pthread_mutex_unlock(&log->run_mutex);
    pthread_mutex_lock(&log->mutex);
    log->wait_from_callback = wait_code;
    log->done = 1;
    pthread_cond_broadcast(&log->changed);
    pthread_mutex_unlock(&log->mutex);
}

static void init_log(struct event_log *log) {
    memset(log, 0, sizeof *log);
    pthread_mutex_init(&log->mutex, NULL);
    pthread_mutex_init(&log->run_mutex, NULL);
    pthread_cond_init(&log->changed, NULL);
}

static void destroy_log(struct event_log *log) {
    pthread_mutex_destroy(&log->mutex);
    pthread_mutex_destroy(&log->run_mutex);
    pthread_cond_destroy(&log->changed);
}

static void check_result_getters(const rsb_result *result) {
    rsb_run_status status;
    int number = -7;
    double seconds = -1;
    uint64_t bytes = 0;
    const char *text = NULL;
    size_t length = 0, count = 0;
    char *owned = NULL;
    rsb_result *parsed = NULL;

    CHECK_OK(rsb_result_status(result, &status));
    CHECK(status == RSB_STATUS_OK);
    CHECK_OK(rsb_result_exit_code(result, &number));
    CHECK(number == 0);
    CHECK_OK(rsb_result_signal(result, &number));
    CHECK(number == 0);
    CHECK_OK(rsb_result_cli_exit_code(result, &number));
    CHECK(number == 0);
    CHECK_OK(rsb_result_wall_time_s(result, &seconds));
    CHECK(seconds > 0 && seconds < 10);
    CHECK_OK(rsb_result_cpu_user_s(result, &seconds));
    CHECK(seconds >= 0);
    CHECK_OK(rsb_result_cpu_sys_s(result, &seconds));
    CHECK(seconds >= 0);
    CHECK_OK(rsb_result_peak_memory_bytes(result, &bytes));
    CHECK(bytes > 0);
    CHECK_OK(rsb_result_stdout(result, &text, &length));
    CHECK(length == 6 && memcmp(text, "hello\n", 6) == 0);
    CHECK_OK(rsb_result_stderr(result, &text, &length));
    CHECK(length == 0);
    CHECK_OK(rsb_result_stdout_truncated(result, &number));
    CHECK(number == 0);
    CHECK_OK(rsb_result_stderr_truncated(result, &number));
    CHECK(number == 0);
    CHECK_OK(rsb_result_message(result, &text));
    CHECK(text != NULL);
    CHECK_OK(rsb_result_usage_source(result, &text));
    CHECK(strcmp(text, "cgroup") == 0 || strcmp(text, "rusage") == 0);
    CHECK_OK(rsb_result_degraded_count(result, &count));
    if (count > 0) {
        CHECK_OK(rsb_result_degraded(result, 0, &text));
        CHECK(text != NULL && strlen(text) > 0);
    }
    CHECK_ERR(rsb_result_degraded(result, count, &text), RSB_ERR_INVALID_ARGUMENT, "index");
    CHECK_OK(rsb_result_event_count(result, &count));
    CHECK(count >= 1);
    CHECK_OK(rsb_result_event_json(result, 0, &owned));
    CHECK(contains(owned, "\"kind\""));
    rsb_free(owned);
    CHECK_ERR(rsb_result_event_json(result, count, &owned), RSB_ERR_INVALID_ARGUMENT, "index");
    CHECK_OK(rsb_result_to_report(result, &owned));
    CHECK(owned != NULL && strlen(owned) > 0);
    rsb_free(owned);

    CHECK_OK(rsb_result_to_json(result, &owned));
    CHECK(contains(owned, "\"status\":\"ok\""));
    CHECK_OK(rsb_result_from_json(owned, &parsed));
    rsb_free(owned);
    CHECK_OK(rsb_result_stdout(parsed, &text, &length));
    CHECK(length == 6 && memcmp(text, "hello\n", 6) == 0);
    CHECK_OK(rsb_result_free(parsed));
    CHECK_ERR(rsb_result_from_json("[1, 2", &parsed), RSB_ERR_POLICY, "");
    CHECK_ERR(rsb_result_from_json(NULL, &parsed), RSB_ERR_NULL_ARGUMENT, "json");
    CHECK_ERR(rsb_result_from_json("{}", NULL), RSB_ERR_NULL_ARGUMENT, "out");

    /* NULL outputs. */
    CHECK_ERR(rsb_result_status(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_exit_code(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_signal(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_cli_exit_code(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_wall_time_s(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_cpu_user_s(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_cpu_sys_s(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_peak_memory_bytes(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_stdout(result, NULL, &length), RSB_ERR_NULL_ARGUMENT, "data");
    CHECK_ERR(rsb_result_stderr(result, &text, NULL), RSB_ERR_NULL_ARGUMENT, "length");
    CHECK_ERR(rsb_result_stdout_truncated(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_stderr_truncated(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_message(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_usage_source(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_degraded_count(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_degraded(result, 0, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_event_count(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_event_json(result, 0, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_to_json(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_result_to_report(result, NULL), RSB_ERR_NULL_ARGUMENT, "out");
}

static void check_result_handle_errors(rsb_result *freed) {
    rsb_run_status status;
    int number;
    double seconds;
    uint64_t bytes;
    const char *text;
    size_t length;
    char *owned;

    CHECK_ERR(rsb_result_status(freed, &status), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_exit_code(freed, &number), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_signal(freed, &number), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_cli_exit_code(freed, &number), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_wall_time_s(freed, &seconds), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_cpu_user_s(freed, &seconds), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_cpu_sys_s(freed, &seconds), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_peak_memory_bytes(freed, &bytes), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_stdout(freed, &text, &length), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_stderr(freed, &text, &length), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_stdout_truncated(freed, &number), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_stderr_truncated(freed, &number), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_message(freed, &text), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_usage_source(freed, &text), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_degraded_count(freed, &length), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_degraded(freed, 0, &text), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_event_count(freed, &length), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_event_json(freed, 0, &owned), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_to_json(freed, &owned), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_to_report(freed, &owned), RSB_ERR_INVALID_HANDLE, "result");
    CHECK_ERR(rsb_result_free(freed), RSB_ERR_INVALID_HANDLE, "result");
}

static void test_sync_run(void) {
    static const char *const echo[] = {"/bin/echo", "hello", NULL};
    rsb_sandbox *box = standard_sandbox();
    rsb_command *command = command_of(echo);
    rsb_command *empty = NULL;
    rsb_result *result = NULL;
    struct event_log own, shared;
    rsb_run_status status;
    const char *text;
    size_t length;

    init_log(&own);
    init_log(&shared);
    CHECK_OK(rsb_sandbox_add_event_callback(box, log_event, &shared));
    CHECK_ERR(rsb_sandbox_add_event_callback(box, NULL, &shared), RSB_ERR_NULL_ARGUMENT, "fn");
    CHECK_ERR(rsb_sandbox_add_event_callback(NULL, log_event, &shared), RSB_ERR_INVALID_HANDLE,
              "sandbox");

    CHECK_OK(rsb_sandbox_run(box, command, log_event, &own, &result));
    /* rsb_sandbox_run ran the box on this thread, its callbacks too: the counts are final. */
    CHECK(own.events >= 1 && own.saw_started);
    CHECK(shared.events == own.events);
    CHECK(own.events_on_main_thread == own.events);
    check_result_getters(result);
    CHECK_OK(rsb_result_free(result));
    check_result_handle_errors(result);

    CHECK_OK(rsb_sandbox_run(box, command, NULL, NULL, &result));
    CHECK_OK(rsb_result_free(result));

    CHECK_OK(rsb_command_new(&empty));
    CHECK_ERR(rsb_sandbox_run(box, empty, NULL, NULL, &result), RSB_ERR_POLICY, "argv is empty");
    CHECK_ERR(rsb_sandbox_run(box, command, NULL, NULL, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_sandbox_run(NULL, command, NULL, NULL, &result), RSB_ERR_INVALID_HANDLE,
              "sandbox");
    CHECK_ERR(rsb_sandbox_run(box, NULL, NULL, NULL, &result), RSB_ERR_INVALID_HANDLE, "command");
    CHECK_OK(rsb_command_free(empty));

    CHECK_OK(rsb_sandbox_run_code(box, "sh", "echo $((6*7))", 13, &result));
    CHECK_OK(rsb_result_status(result, &status));
    CHECK(status == RSB_STATUS_OK);
    CHECK_OK(rsb_result_stdout(result, &text, &length));
    CHECK(length == 3 && memcmp(text, "42\n", 3) == 0);
    CHECK_OK(rsb_result_free(result));
    CHECK_ERR(rsb_sandbox_run_code(box, "cobol", "x", 1, &result), RSB_ERR_POLICY, "cobol");
    CHECK_ERR(rsb_sandbox_run_code(box, NULL, "x", 1, &result), RSB_ERR_NULL_ARGUMENT,
              "language");
    CHECK_ERR(rsb_sandbox_run_code(box, "sh", NULL, 1, &result), RSB_ERR_NULL_ARGUMENT, "source");
    CHECK_ERR(rsb_sandbox_run_code(box, "sh", "x", 1, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_sandbox_run_code(NULL, "sh", "x", 1, &result), RSB_ERR_INVALID_HANDLE,
              "sandbox");

    CHECK_OK(rsb_command_free(command));
    CHECK_OK(rsb_sandbox_free(box));
    CHECK_ERR(rsb_sandbox_free(box), RSB_ERR_INVALID_HANDLE, "freed");
    CHECK_ERR(rsb_sandbox_run(box, command, NULL, NULL, &result), RSB_ERR_INVALID_HANDLE,
              "sandbox");
    destroy_log(&own);
    destroy_log(&shared);
}

static void test_sandbox_new(void) {
    rsb_policy *policy = NULL;
    rsb_sandbox *box = NULL;
    CHECK_OK(rsb_policy_new(RSB_LEVEL_STANDARD, &policy));
    CHECK_OK(rsb_policy_set_network(policy, RSB_NETWORK_HOST));
    CHECK_ERR(rsb_sandbox_new(policy, &box), RSB_ERR_POLICY, "network");
    CHECK_ERR(rsb_sandbox_new(policy, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_OK(rsb_policy_free(policy));
    CHECK_ERR(rsb_sandbox_new(policy, &box), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_ERR(rsb_sandbox_new(NULL, &box), RSB_ERR_INVALID_HANDLE, "policy");
}

typedef rsb_code (*start_fn)(const rsb_sandbox *, const rsb_command *, rsb_event_fn, rsb_done_fn,
                             void *, rsb_run **);

/* What both start calls refuse before anything is launched. */
static void check_start_refusals(start_fn start, rsb_sandbox *box, rsb_command *command) {
    rsb_command *empty = NULL;
    rsb_run *run = NULL;
    CHECK_ERR(start(box, command, NULL, NULL, NULL, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(start(NULL, command, NULL, NULL, NULL, &run), RSB_ERR_INVALID_HANDLE, "sandbox");
    CHECK_ERR(start(box, NULL, NULL, NULL, NULL, &run), RSB_ERR_INVALID_HANDLE, "command");
    CHECK_OK(rsb_command_new(&empty));
    CHECK_ERR(start(box, empty, NULL, NULL, NULL, &run), RSB_ERR_POLICY, "argv");
    CHECK_OK(rsb_command_free(empty));
}

static void forget_events(struct event_log *log) {
    pthread_mutex_lock(&log->mutex);
    log->events = 0;
    pthread_mutex_unlock(&log->mutex);
}

/* After a pause, no callback has come since forget_events(). */
static void check_silent(struct event_log *log) {
    const struct timespec pause = {0, 300 * 1000 * 1000};
    nanosleep(&pause, NULL);
    pthread_mutex_lock(&log->mutex);
    CHECK(log->events == 0);
    pthread_mutex_unlock(&log->mutex);
}

/* Waits for `run` to end, checks its status, and frees the result and the run. */
static void end_with_status(rsb_run *run, rsb_run_status want) {
    rsb_result *result = NULL;
    rsb_run_status status = RSB_STATUS_INTERNAL_ERROR;
    CHECK_OK(rsb_run_wait(run, -1, &result));
    CHECK_OK(rsb_result_status(result, &status));
    CHECK(status == want);
    CHECK_OK(rsb_result_free(result));
    CHECK_OK(rsb_run_free(run));
}

/* The end of the start tests: `start`'s refusals, then everything they made is freed. */
static void end_start_test(start_fn start, rsb_sandbox *box, rsb_command *slow, rsb_command *fast,
                           struct event_log *log) {
    check_start_refusals(start, box, fast);
    CHECK_OK(rsb_command_free(slow));
    CHECK_OK(rsb_command_free(fast));
    CHECK_OK(rsb_sandbox_free(box));
    destroy_log(log);
}

static void test_async_run(void) {
    static const char *const sleeper[] = {"/bin/sleep", "5", NULL};
    static const char *const quick[] = {"/bin/echo", "hello", NULL};
    rsb_sandbox *box = standard_sandbox();
    rsb_command *slow = command_of(sleeper);
    rsb_command *fast = command_of(quick);
    rsb_run *run = NULL, *abandoned = NULL;
    rsb_result *result = NULL;
    struct event_log log;
    rsb_run_status status;
    int pid = 0;
    double started;

    init_log(&log);
    /* The done callback reads log.run, so hold its lock until it is set. */
    pthread_mutex_lock(&log.run_mutex);
    CHECK_OK(rsb_sandbox_start(box, slow, log_event, log_done, &log, &run));
    log.run = run;
    pthread_mutex_unlock(&log.run_mutex);
    CHECK_OK(rsb_run_pid(run, &pid));
    CHECK(pid > 0);
    CHECK(rsb_run_poll(run, &result) == RSB_PENDING && result == NULL);
    started = now_s();
    CHECK(rsb_run_wait(run, 100, &result) == RSB_PENDING && result == NULL);
    CHECK(now_s() - started >= 0.09);
    CHECK_OK(rsb_run_kill(run));
    CHECK_OK(rsb_run_wait(run, -1, &result));
    CHECK(now_s() - started < 3);
    CHECK_OK(rsb_result_status(result, &status));
    CHECK(status == RSB_STATUS_KILLED);
    CHECK_OK(rsb_result_free(result));
    CHECK_OK(rsb_run_poll(run, &result));
    CHECK_OK(rsb_result_free(result));
    CHECK_OK(rsb_run_kill(run)); /* no-op once ended */

    pthread_mutex_lock(&log.mutex);
    while (!log.done) pthread_cond_wait(&log.changed, &log.mutex);
    CHECK(log.wait_from_callback == RSB_ERR_WRONG_THREAD);
    CHECK(log.events >= 1);
    CHECK(log.events_on_main_thread == 0); /* an asynchronous run's go to the supervisor thread */
    pthread_mutex_unlock(&log.mutex);

    CHECK_ERR(rsb_run_pid(run, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_run_poll(run, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_run_wait(run, 0, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_OK(rsb_run_free(run));
    CHECK_ERR(rsb_run_pid(run, &pid), RSB_ERR_INVALID_HANDLE, "freed");
    CHECK_ERR(rsb_run_kill(run), RSB_ERR_INVALID_HANDLE, "run");
    CHECK_ERR(rsb_run_poll(run, &result), RSB_ERR_INVALID_HANDLE, "run");
    CHECK_ERR(rsb_run_wait(run, 0, &result), RSB_ERR_INVALID_HANDLE, "run");
    CHECK_ERR(rsb_run_free(run), RSB_ERR_INVALID_HANDLE, "run");
    CHECK_ERR(rsb_run_free(NULL), RSB_ERR_INVALID_HANDLE, "run is NULL");

    /* Freeing a run in progress kills it; its callbacks never fire afterwards, while it is
     * torn down in the background during the next run and a pause. */
    CHECK_OK(rsb_sandbox_start(box, slow, log_event, NULL, &log, &abandoned));
    CHECK_OK(rsb_run_free(abandoned));
    forget_events(&log);

    CHECK_OK(rsb_sandbox_start(box, fast, NULL, NULL, NULL, &run));
    end_with_status(run, RSB_STATUS_OK);
    check_silent(&log);

    end_start_test(rsb_sandbox_start, box, slow, fast, &log);
}

/* rsb_sandbox_start_async returns before the launch: pid 0 until then, a kill or a free
 * meanwhile is applied when the launch comes. */
static void test_start_async(void) {
    static const char *const sleeper[] = {"/bin/sleep", "5", NULL};
    static const char *const quick[] = {"/bin/echo", "hello", NULL};
    rsb_sandbox *box = standard_sandbox();
    rsb_command *slow = command_of(sleeper);
    rsb_command *fast = command_of(quick);
    rsb_run *run = NULL;
    rsb_result *result = NULL;
    struct event_log log;
    rsb_run_status status;
    int pid = -1;
    double started;
    const char *text = NULL;
    size_t length = 0;

    init_log(&log);
    CHECK_OK(rsb_sandbox_start_async(box, fast, log_event, NULL, &log, &run));
    CHECK_OK(rsb_run_pid(run, &pid));
    CHECK(pid >= 0); /* 0 until the supervisor thread has launched it */
    CHECK_OK(rsb_run_wait(run, -1, &result));
    CHECK_OK(rsb_result_status(result, &status));
    CHECK(status == RSB_STATUS_OK);
    CHECK_OK(rsb_result_stdout(result, &text, &length));
    CHECK(length == 6 && memcmp(text, "hello\n", 6) == 0);
    CHECK_OK(rsb_result_free(result));
    CHECK_OK(rsb_run_free(run));
    pthread_mutex_lock(&log.mutex);
    CHECK(log.saw_started == 1);
    CHECK(log.events_on_main_thread == 0);
    pthread_mutex_unlock(&log.mutex);

    /* A kill right after the call: applied as soon as the box exists, if it did not yet. */
    started = now_s();
    CHECK_OK(rsb_sandbox_start_async(box, slow, NULL, NULL, NULL, &run));
    CHECK_OK(rsb_run_kill(run));
    end_with_status(run, RSB_STATUS_KILLED);
    CHECK(now_s() - started < 3);

    /* Freed right after the call: the launch is cancelled or the box killed, and no
     * callback comes afterwards. */
    CHECK_OK(rsb_sandbox_start_async(box, slow, log_event, NULL, &log, &run));
    CHECK_OK(rsb_run_free(run));
    forget_events(&log);
    check_silent(&log);

    end_start_test(rsb_sandbox_start_async, box, slow, fast, &log);
}

/* A process that exits while the supervisor thread is still launching its boxes exits
 * cleanly (the library's statics outlive that thread). Each child is forked before this
 * process has used the library: a fork may not start runs once the supervisor thread runs. */
static void test_exit_with_launches_in_flight(void) {
    static const char *const quick[] = {"/bin/true", NULL};
    int i, k, status = 0;
    for (i = 0; i < 5; ++i) {
        const struct timespec in_flight = {0, (long)i * 1000 * 1000};
        pid_t child = fork();
        if (child == 0) {
            rsb_policy *policy = NULL;
            rsb_sandbox *box = NULL;
            rsb_command *command = NULL;
            rsb_run *run = NULL;
            if (rsb_policy_new(RSB_LEVEL_STANDARD, &policy) != RSB_OK || rsb_sandbox_new(policy, &box) != RSB_OK ||
                rsb_command_new(&command) != RSB_OK || rsb_command_add_arg(command, quick[0]) != RSB_OK)
                _exit(3);
            for (k = 0; k < 4; ++k)
                if (rsb_sandbox_start_async(box, command, NULL, NULL, NULL, &run) != RSB_OK) _exit(4);
            nanosleep(&in_flight, NULL); /* the supervisor thread is now amid the launches */
            exit(0);
        }
        CHECK(child > 0);
        CHECK(waitpid(child, &status, 0) == child);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        if (WIFSIGNALED(status)) fprintf(stderr, "exit %d ended by signal %d\n", i, WTERMSIG(status));
    }
}

static void check_vector(const struct run_vector *v) {
    rsb_policy *policy = NULL;
    rsb_sandbox *box = NULL;
    rsb_command *command = NULL;
    rsb_result *result = NULL;
    rsb_code code;
    const char *const *item;

    code = v->policy_json != NULL ? rsb_policy_from_json(v->policy_json, &policy)
                                  : rsb_policy_new(RSB_LEVEL_STANDARD, &policy);
    if (code == RSB_OK) {
        code = rsb_sandbox_new(policy, &box);
        CHECK_OK(rsb_policy_free(policy));
    }
    if (code == RSB_OK) {
        command = command_of(v->argv);
        if (v->stdin_data != NULL)
            CHECK_OK(rsb_command_set_stdin(command, v->stdin_data, strlen(v->stdin_data)));
        for (item = v->env; *item != NULL; item += 2)
            CHECK_OK(rsb_command_set_env(command, item[0], item[1]));
        for (item = v->files; *item != NULL; item += 2)
            CHECK_OK(rsb_command_add_file(command, item[0], item[1], strlen(item[1])));
        if (v->cwd != NULL) CHECK_OK(rsb_command_set_cwd(command, v->cwd));
        code = rsb_sandbox_run(box, command, NULL, NULL, &result);
    }
    if (v->error != NULL) {
        if (code != RSB_ERR_POLICY || !contains(rsb_last_error(), v->error_contains)) {
            fprintf(stderr, "vector %s: want a policy error naming '%s', got code %d (%s)\n",
                    v->name, v->error_contains, (int)code, rsb_last_error());
            ++failures;
        }
    } else if (code != RSB_OK) {
        fprintf(stderr, "vector %s: run failed with %d: %s\n", v->name, (int)code,
                rsb_last_error());
        ++failures;
    } else {
        rsb_run_status status;
        const char *name = NULL, *data = NULL;
        size_t length = 0;
        int number = 0;
        CHECK_OK(rsb_result_status(result, &status));
        CHECK_OK(rsb_run_status_name(status, &name));
        if (v->status != NULL && strcmp(name, v->status) != 0) {
            fprintf(stderr, "vector %s: status %s, want %s\n", v->name, name, v->status);
            ++failures;
        }
        CHECK_OK(rsb_result_exit_code(result, &number));
        if (v->exit_code != INT32_MIN && number != v->exit_code) {
            fprintf(stderr, "vector %s: exit code %d, want %d\n", v->name, number,
                    (int)v->exit_code);
            ++failures;
        }
        CHECK_OK(rsb_result_signal(result, &number));
        if (v->signal != INT32_MIN && number != v->signal) {
            fprintf(stderr, "vector %s: signal %d, want %d\n", v->name, number, (int)v->signal);
            ++failures;
        }
        CHECK_OK(rsb_result_stdout(result, &data, &length));
        if (v->stdout_data != NULL &&
            (length != strlen(v->stdout_data) || memcmp(data, v->stdout_data, length) != 0)) {
            fprintf(stderr, "vector %s: stdout \"%.*s\", want \"%s\"\n", v->name, (int)length,
                    data, v->stdout_data);
            ++failures;
        }
        CHECK_OK(rsb_result_stderr(result, &data, &length));
        if (v->stderr_data != NULL &&
            (length != strlen(v->stderr_data) || memcmp(data, v->stderr_data, length) != 0)) {
            fprintf(stderr, "vector %s: stderr \"%.*s\", want \"%s\"\n", v->name, (int)length,
                    data, v->stderr_data);
            ++failures;
        }
        CHECK_OK(rsb_result_free(result));
    }
    if (command != NULL) CHECK_OK(rsb_command_free(command));
    if (box != NULL) CHECK_OK(rsb_sandbox_free(box));
}

int main(void) {
    size_t i;
    main_thread = pthread_self();
    test_exit_with_launches_in_flight(); /* first: its children fork a process untouched by runs */
    test_library();
    test_policy();
    test_command();
    test_sandbox_new();
    test_sync_run();
    test_async_run();
    test_start_async();
    for (i = 0; i < sizeof run_vectors / sizeof run_vectors[0]; ++i) check_vector(&run_vectors[i]);
    if (failures > 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("C ABI: all checks passed (%zu vectors)\n", sizeof run_vectors / sizeof run_vectors[0]);
    return 0;
}
