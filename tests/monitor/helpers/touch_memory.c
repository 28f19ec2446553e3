/* Touches exactly MIB mebibytes (one write per page), prints "ready", holds them HOLD_MS
 * milliseconds, then exits. Usage: touch_memory MIB HOLD_MS */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: touch_memory MIB HOLD_MS\n");
        return 2;
    }
    size_t bytes = (size_t)atol(argv[1]) << 20;
    long hold_ms = atol(argv[2]);
    char* p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    long page = sysconf(_SC_PAGESIZE);
    for (size_t off = 0; off < bytes; off += (size_t)page) p[off] = 1;
    printf("ready\n");
    fflush(stdout);
    struct timespec ts = {hold_ms / 1000, (hold_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    return p[bytes / 2] == 1 ? 0 : 1;
}
