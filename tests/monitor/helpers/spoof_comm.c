/* Hostile: renames itself so that a naive parser of /proc/PID/stat, splitting on spaces or
 * stopping at the first ')', reads a wrong state, parent and CPU time. Then burns CPU_MS of
 * CPU and exits. Usage: spoof_comm CPU_MS */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: spoof_comm CPU_MS\n");
        return 2;
    }
    /* 15 bytes: the kernel's limit for comm. */
    if (prctl(PR_SET_NAME, "x) Z 1 9 9 9 9", 0, 0, 0) != 0) {
        perror("prctl");
        return 1;
    }
    double target = atof(argv[1]) / 1000.0;
    volatile unsigned long sink = 0;
    for (;;) {
        for (int i = 0; i < 100000; ++i) sink += (unsigned long)i;
        struct timespec ts;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        if ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9 >= target) break;
    }
    return 0;
}
