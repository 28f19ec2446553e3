/* Burns CPU_MS milliseconds of its own CPU time in user space, then exits.
 * Usage: busy_loop CPU_MS */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: busy_loop CPU_MS\n");
        return 2;
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
