/* bench_capi: times runs of one command through the C ABI (rsb_sandbox_run), for
 * tools/bench-bindings. Prints "run_ms <milliseconds>" per run; exits 1 if a run is not ok.
 *
 *   bench_capi RUNS LEVEL ARGV...
 *   bench_capi serve LEVEL ARGV...
 *       reads a run count per line on stdin; times that many runs, then prints "done";
 *       ends at the end of input (bench-bindings interleaves its callers this way)
 */
#define _POSIX_C_SOURCE 200809L

#include <sandbox/sandbox.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Times `runs` runs; 0 when all ended ok. */
static int time_runs(const rsb_sandbox *box, const rsb_command *command, int runs) {
    int i;
    for (i = 0; i < runs; ++i) {
        rsb_result *result = NULL;
        rsb_run_status status = RSB_STATUS_INTERNAL_ERROR;
        double started = now_ms();
        if (rsb_sandbox_run(box, command, NULL, NULL, &result) != RSB_OK) {
            fprintf(stderr, "bench_capi: %s\n", rsb_last_error());
            return 1;
        }
        printf("run_ms %.3f\n", now_ms() - started);
        rsb_result_status(result, &status);
        rsb_result_free(result);
        if (status != RSB_STATUS_OK) {
            fprintf(stderr, "bench_capi: run %d did not end ok\n", i);
            return 1;
        }
    }
    return 0;
}

/* Each line of stdin is a run count; "done" (flushed) follows that many run times. */
static int serve_runs(const rsb_sandbox *box, const rsb_command *command) {
    char line[64];
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *end = NULL;
        long runs = strtol(line, &end, 10);
        if (end == line || (*end != '\n' && *end != '\0') || runs < 0 || runs > 1000000) {
            fprintf(stderr, "bench_capi: '%s' is not a run count\n", line);
            return 1;
        }
        if (time_runs(box, command, (int)runs) != 0) return 1;
        printf("done\n");
        fflush(stdout);
    }
    return 0;
}

int main(int argc, char **argv) {
    rsb_level level;
    rsb_policy *policy = NULL;
    rsb_sandbox *box = NULL;
    rsb_command *command = NULL;
    int i, failed;
    if (argc < 4) {
        fprintf(stderr, "usage: %s RUNS|serve LEVEL ARGV...\n", argv[0]);
        return 2;
    }
    if (rsb_level_from_name(argv[2], &level) != RSB_OK || rsb_policy_new(level, &policy) != RSB_OK ||
        rsb_sandbox_new(policy, &box) != RSB_OK || rsb_command_new(&command) != RSB_OK) {
        fprintf(stderr, "bench_capi: %s\n", rsb_last_error());
        return 1;
    }
    for (i = 3; i < argc; ++i) rsb_command_add_arg(command, argv[i]);
    failed = strcmp(argv[1], "serve") == 0 ? serve_runs(box, command)
                                           : time_runs(box, command, atoi(argv[1]));
    rsb_command_free(command);
    rsb_sandbox_free(box);
    rsb_policy_free(policy);
    return failed;
}
