/* Telemetry from C99: a sandbox with an event-log telemetry writes one JSON object per line
 * for its runs; Prometheus on port 0 gets a port; the pipeline's stats; every error path
 * (malformed JSON, unknown key, bad traceparent, taken address, NULLs, freed handles). */
#define _POSIX_C_SOURCE 200809L

#include <sandbox/sandbox.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

/* Counts the lines of `path` that are JSON objects and holds whether one names `word`. */
static int count_json_lines(const char *path, const char *word, int *found) {
    char line[8192];
    int lines = 0;
    FILE *file = fopen(path, "r");
    *found = 0;
    if (file == NULL) return -1;
    while (fgets(line, sizeof line, file) != NULL) {
        size_t length = strlen(line);
        if (length < 3 || line[0] != '{' || line[length - 2] != '}' || line[length - 1] != '\n') {
            fclose(file);
            return -1;
        }
        if (strstr(line, word) != NULL) *found = 1;
        ++lines;
    }
    fclose(file);
    return lines;
}

static void test_errors(void) {
    rsb_telemetry *telemetry = NULL;
    CHECK_ERR(rsb_telemetry_from_json("{\"event_log_path\": ", &telemetry), RSB_ERR_POLICY, "");
    CHECK_ERR(rsb_telemetry_from_json("{\"otlp_endpont\": \"http://127.0.0.1:1\"}", &telemetry),
              RSB_ERR_POLICY, "otlp_endpont");
    CHECK_ERR(rsb_telemetry_from_json("{\"queue_size\": \"big\"}", &telemetry), RSB_ERR_POLICY,
              "queue_size");
    CHECK_ERR(rsb_telemetry_from_json("{\"traceparent\": \"00-xyz-01\"}", &telemetry),
              RSB_ERR_POLICY, "traceparent '00-xyz-01'");
    CHECK_ERR(rsb_telemetry_from_json(NULL, &telemetry), RSB_ERR_NULL_ARGUMENT, "json");
    CHECK_ERR(rsb_telemetry_from_json("{}", NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK(telemetry == NULL);
    CHECK_ERR(rsb_telemetry_flush(NULL, 100), RSB_ERR_INVALID_HANDLE, "telemetry");
    CHECK_ERR(rsb_telemetry_free(NULL), RSB_ERR_INVALID_HANDLE, "telemetry");
    CHECK_ERR(rsb_sandbox_add_telemetry(NULL, NULL), RSB_ERR_INVALID_HANDLE, "sandbox");
}

static void test_prometheus_port(void) {
    rsb_telemetry *first = NULL, *second = NULL;
    char json[128];
    int port = 0;
    CHECK_OK(rsb_telemetry_from_json("{\"prometheus_listen\": \"127.0.0.1:0\"}", &first));
    CHECK_OK(rsb_telemetry_prometheus_port(first, &port));
    CHECK(port > 0);
    CHECK_ERR(rsb_telemetry_prometheus_port(first, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    /* The same address twice: the second exporter cannot listen. */
    snprintf(json, sizeof json, "{\"prometheus_listen\": \"127.0.0.1:%d\"}", port);
    CHECK_ERR(rsb_telemetry_from_json(json, &second), RSB_ERR_SETUP, "cannot listen");
    CHECK_OK(rsb_telemetry_free(first));
}

static void test_event_log(void) {
    char dir[] = "/tmp/rsb-capi-telemetry-XXXXXX";
    char path[256], json[512];
    rsb_telemetry *telemetry = NULL;
    rsb_policy *policy = NULL;
    rsb_sandbox *box = NULL;
    rsb_command *command = NULL;
    rsb_result *result = NULL;
    char *stats = NULL;
    int lines, found = 0;

    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/events.jsonl", dir);
    snprintf(json, sizeof json,
             "{\"event_log_path\": \"%s\", \"queue_size\": 64, \"traceparent\": "
             "\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}",
             path);
    CHECK_OK(rsb_telemetry_from_json(json, &telemetry));
    CHECK_OK(rsb_policy_new(RSB_LEVEL_STANDARD, &policy));
    CHECK_OK(rsb_sandbox_new(policy, &box));
    CHECK_OK(rsb_policy_free(policy));
    CHECK_OK(rsb_sandbox_add_telemetry(box, telemetry));
    CHECK_ERR(rsb_sandbox_add_telemetry(box, NULL), RSB_ERR_INVALID_HANDLE, "telemetry");
    CHECK_OK(rsb_command_new(&command));
    CHECK_OK(rsb_command_add_arg(command, "/bin/echo"));
    CHECK_OK(rsb_command_add_arg(command, "logged"));
    CHECK_OK(rsb_sandbox_run(box, command, NULL, NULL, &result));
    CHECK_OK(rsb_result_free(result));
    CHECK_OK(rsb_sandbox_run(box, command, NULL, NULL, &result));
    CHECK_OK(rsb_result_free(result));

    CHECK(rsb_telemetry_flush(telemetry, 5000) == RSB_OK);
    CHECK_ERR(rsb_telemetry_flush(telemetry, -1), RSB_ERR_INVALID_ARGUMENT, "timeout_ms -1");
    lines = count_json_lines(path, "\"exited\"", &found);
    CHECK(lines >= 4);  /* started and exited of two runs, at least */
    CHECK(found == 1);
    CHECK_OK(rsb_telemetry_stats_json(telemetry, &stats));
    CHECK(contains(stats, "\"events_dropped\":0"));
    CHECK(!contains(stats, "\"events_received\":0"));
    rsb_free(stats);
    CHECK_ERR(rsb_telemetry_stats_json(telemetry, NULL), RSB_ERR_NULL_ARGUMENT, "out");

    /* The telemetry may go before the sandbox: later runs still work, their events dropped. */
    CHECK_OK(rsb_telemetry_free(telemetry));
    CHECK_ERR(rsb_telemetry_flush(telemetry, 100), RSB_ERR_INVALID_HANDLE, "freed");
    CHECK_ERR(rsb_sandbox_add_telemetry(box, telemetry), RSB_ERR_INVALID_HANDLE, "freed");
    CHECK_OK(rsb_sandbox_run(box, command, NULL, NULL, &result));
    CHECK_OK(rsb_result_free(result));
    CHECK(count_json_lines(path, "\"exited\"", &found) == lines);

    CHECK_OK(rsb_command_free(command));
    CHECK_OK(rsb_sandbox_free(box));
    CHECK(unlink(path) == 0);
    CHECK(rmdir(dir) == 0);
}

int main(void) {
    test_errors();
    test_prometheus_port();
    test_event_log();
    if (failures > 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return EXIT_FAILURE;
    }
    printf("C ABI telemetry: all checks passed\n");
    return EXIT_SUCCESS;
}
