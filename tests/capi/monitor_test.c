/* Monitoring from C99: a host process sampled by rsb_monitor_pid_start (samples as JSON,
 * the end when the process is gone, stop and free), the error paths (missing pid, bad
 * interval, NULLs, freed handle), and a sandbox with rsb_sandbox_set_monitor whose samples
 * reach the event callback and whose result carries the history. */
#define _POSIX_C_SOURCE 200809L

#include <sandbox/sandbox.h>

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

struct samples {
    pthread_mutex_t mutex;
    int samples;
    int ended;         /* a "monitor_ended" event came */
    int bad_json;      /* an event that is not a resource sample or the end */
    int with_memory;   /* samples whose values name memory_bytes */
};

static void on_sample(const char *json, size_t length, void *user_data) {
    struct samples *s = user_data;
    pthread_mutex_lock(&s->mutex);
    if (length != strlen(json)) {
        ++s->bad_json;
    } else if (strstr(json, "\"resource_sample\"") != NULL) {
        ++s->samples;
        if (strstr(json, "\"memory_bytes\"") != NULL) ++s->with_memory;
    } else if (strstr(json, "\"monitor_ended\"") != NULL) {
        s->ended = 1;
    } else {
        ++s->bad_json;
    }
    pthread_mutex_unlock(&s->mutex);
}

static struct samples read_samples(struct samples *s) {
    struct samples copy;
    pthread_mutex_lock(&s->mutex);
    copy = *s;
    pthread_mutex_unlock(&s->mutex);
    return copy;
}

static void sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

static pid_t spawn_sleeper(void) {
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sleep", "sleep", "30", (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void test_errors(void) {
    struct samples s;
    rsb_monitor *monitor = NULL;
    int running = 0;
    uint64_t count = 0;
    memset(&s, 0, sizeof s);

    /* A pid that does not exist: pids wrap below pid_max, 4194304 at most. */
    CHECK_ERR(rsb_monitor_pid_start(4194304 + 1, 100, on_sample, &s, &monitor), RSB_ERR_NO_PROCESS,
              "no process with pid 4194305");
    CHECK(monitor == NULL);
    CHECK_ERR(rsb_monitor_pid_start(0, 100, on_sample, &s, &monitor), RSB_ERR_INVALID_ARGUMENT,
              "pid 0");
    CHECK_ERR(rsb_monitor_pid_start(-5, 100, on_sample, &s, &monitor), RSB_ERR_INVALID_ARGUMENT,
              "pid -5");
    CHECK_ERR(rsb_monitor_pid_start((int)getpid(), 5, on_sample, &s, &monitor),
              RSB_ERR_INVALID_ARGUMENT, "interval_ms 5");
    CHECK_ERR(rsb_monitor_pid_start((int)getpid(), 100, NULL, &s, &monitor), RSB_ERR_NULL_ARGUMENT,
              "on_sample");
    CHECK_ERR(rsb_monitor_pid_start((int)getpid(), 100, on_sample, &s, NULL), RSB_ERR_NULL_ARGUMENT,
              "out");
    CHECK_ERR(rsb_monitor_stop(NULL), RSB_ERR_INVALID_HANDLE, "monitor");
    CHECK_ERR(rsb_monitor_running(NULL, &running), RSB_ERR_INVALID_HANDLE, "monitor");
    CHECK_ERR(rsb_monitor_sample_count(NULL, &count), RSB_ERR_INVALID_HANDLE, "monitor");
    CHECK_ERR(rsb_monitor_free(NULL), RSB_ERR_INVALID_HANDLE, "monitor");
}

static void test_host_pid(void) {
    struct samples s, seen;
    rsb_monitor *monitor = NULL;
    int running = 0, waited = 0;
    uint64_t count = 0;
    pid_t child = spawn_sleeper();
    memset(&s, 0, sizeof s);
    pthread_mutex_init(&s.mutex, NULL);

    CHECK(child > 0);
    CHECK_OK(rsb_monitor_pid_start((int)child, 20, on_sample, &s, &monitor));
    sleep_ms(300);
    CHECK_OK(rsb_monitor_running(monitor, &running));
    CHECK(running == 1);
    CHECK_ERR(rsb_monitor_running(monitor, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_monitor_sample_count(monitor, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    seen = read_samples(&s);
    CHECK(seen.samples >= 5);  /* 300 ms at 20 ms, with room for a loaded machine */
    CHECK(seen.with_memory == seen.samples);
    CHECK(seen.bad_json == 0);

    /* The process ends: the monitor says so and stops by itself. */
    kill(child, SIGKILL);
    waited = waitpid(child, NULL, 0) == child;
    CHECK(waited);
    for (int i = 0; i < 100 && !read_samples(&s).ended; ++i) sleep_ms(20);
    CHECK(read_samples(&s).ended == 1);
    CHECK_OK(rsb_monitor_running(monitor, &running));
    CHECK(running == 0);
    CHECK_OK(rsb_monitor_sample_count(monitor, &count));
    CHECK(count >= (uint64_t)seen.samples);
    CHECK_OK(rsb_monitor_stop(monitor));
    CHECK_OK(rsb_monitor_stop(monitor));  /* twice: a no-op */
    CHECK_OK(rsb_monitor_free(monitor));
    CHECK_ERR(rsb_monitor_stop(monitor), RSB_ERR_INVALID_HANDLE, "freed");
    CHECK_ERR(rsb_monitor_free(monitor), RSB_ERR_INVALID_HANDLE, "freed");
    pthread_mutex_destroy(&s.mutex);
}

/* After rsb_monitor_stop returns, no callback comes, though the process lives on. */
static void test_stop_silences(void) {
    struct samples s;
    rsb_monitor *monitor = NULL;
    int before;
    memset(&s, 0, sizeof s);
    pthread_mutex_init(&s.mutex, NULL);

    CHECK_OK(rsb_monitor_pid_start((int)getpid(), 10, on_sample, &s, &monitor));
    sleep_ms(100);
    CHECK_OK(rsb_monitor_stop(monitor));
    before = read_samples(&s).samples;
    CHECK(before >= 2);
    sleep_ms(100);
    CHECK(read_samples(&s).samples == before);
    CHECK(read_samples(&s).ended == 0);
    CHECK_OK(rsb_monitor_free(monitor));
    pthread_mutex_destroy(&s.mutex);
}

static void test_sandbox_monitor(void) {
    struct samples s;
    rsb_policy *policy = NULL;
    rsb_sandbox *box = NULL;
    rsb_command *command = NULL;
    rsb_result *result = NULL;
    char *json = NULL;
    memset(&s, 0, sizeof s);
    pthread_mutex_init(&s.mutex, NULL);

    CHECK_OK(rsb_policy_new(RSB_LEVEL_STANDARD, &policy));
    CHECK_OK(rsb_sandbox_new(policy, &box));
    CHECK_OK(rsb_policy_free(policy));
    CHECK_ERR(rsb_sandbox_set_monitor(box, 5, 0), RSB_ERR_POLICY, "at least 10 ms");
    CHECK_ERR(rsb_sandbox_set_monitor(box, 20, 3), RSB_ERR_POLICY, "3");
    CHECK_ERR(rsb_sandbox_set_monitor(NULL, 20, 0), RSB_ERR_INVALID_HANDLE, "sandbox");
    CHECK_OK(rsb_sandbox_set_monitor(box, 20, 8));

    CHECK_OK(rsb_command_new(&command));
    CHECK_OK(rsb_command_add_arg(command, "/bin/sleep"));
    CHECK_OK(rsb_command_add_arg(command, "0.3"));
    CHECK_OK(rsb_sandbox_run(box, command, on_sample, &s, &result));
    CHECK(read_samples(&s).samples >= 3);
    CHECK_OK(rsb_result_to_json(result, &json));
    CHECK(contains(json, "\"resource_history\""));
    CHECK(contains(json, "memory_bytes"));
    /* Samples go to the callbacks, not into the result. */
    CHECK(!contains(json, "\"name\":\"sample\""));
    rsb_free(json);
    CHECK_OK(rsb_result_free(result));
    CHECK_OK(rsb_command_free(command));
    CHECK_OK(rsb_sandbox_free(box));
    pthread_mutex_destroy(&s.mutex);
}

/* A limit on the process count ends the run as pids_limit; a warning is an event. */
static void test_thresholds(void) {
    rsb_policy *policy = NULL;
    rsb_sandbox *box = NULL;
    rsb_command *command = NULL;
    rsb_result *result = NULL;
    rsb_run_status status;
    char *json = NULL;

    CHECK_OK(rsb_policy_new(RSB_LEVEL_STANDARD, &policy));
    CHECK_OK(rsb_sandbox_new(policy, &box));
    CHECK_OK(rsb_policy_free(policy));
    CHECK_ERR(rsb_sandbox_set_monitor_threshold(box, "processes", -1, 3), RSB_ERR_INVALID_ARGUMENT,
              "rsb_sandbox_set_monitor first");
    CHECK_OK(rsb_sandbox_set_monitor(box, 20, 0));
    CHECK_ERR(rsb_sandbox_set_monitor_threshold(box, "procesess", 1, 3), RSB_ERR_POLICY, "procesess");
    CHECK_ERR(rsb_sandbox_set_monitor_threshold(box, "processes", 5, 3), RSB_ERR_POLICY, "processes");
    CHECK_ERR(rsb_sandbox_set_monitor_threshold(box, "fds", -1, 3), RSB_ERR_POLICY, "fds");
    CHECK_ERR(rsb_sandbox_set_monitor_threshold(box, NULL, 1, 3), RSB_ERR_NULL_ARGUMENT, "metric");
    CHECK_ERR(rsb_sandbox_set_monitor_threshold(NULL, "processes", 1, 3), RSB_ERR_INVALID_HANDLE,
              "sandbox");
    CHECK_OK(rsb_sandbox_set_monitor_threshold(box, "processes", 2, 4));

    CHECK_OK(rsb_command_new(&command));
    CHECK_OK(rsb_command_add_arg(command, "/bin/sh"));
    CHECK_OK(rsb_command_add_arg(command, "-c"));
    CHECK_OK(rsb_command_add_arg(command, "for i in 1 2 3 4 5 6; do sleep 2 & done; wait"));
    CHECK_OK(rsb_sandbox_run(box, command, NULL, NULL, &result));
    CHECK_OK(rsb_result_status(result, &status));
    CHECK(status == RSB_STATUS_PIDS_LIMIT);
    CHECK_OK(rsb_result_to_json(result, &json));
    CHECK(contains(json, "\"threshold_warning\""));
    rsb_free(json);
    CHECK_OK(rsb_result_free(result));
    CHECK_OK(rsb_command_free(command));
    CHECK_OK(rsb_sandbox_free(box));
}

int main(void) {
    test_errors();
    test_host_pid();
    test_stop_silences();
    test_sandbox_monitor();
    test_thresholds();
    if (failures > 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return EXIT_FAILURE;
    }
    printf("C ABI monitor: all checks passed\n");
    return EXIT_SUCCESS;
}
