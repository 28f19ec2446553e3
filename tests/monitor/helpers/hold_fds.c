/* Opens COUNT more descriptors (on /dev/null), prints "ready", then waits until its stdin
 * closes. Usage: hold_fds COUNT */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: hold_fds COUNT\n");
        return 2;
    }
    int count = atoi(argv[1]);
    for (int i = 0; i < count; ++i)
        if (open("/dev/null", O_RDONLY) < 0) {
            perror("open");
            return 1;
        }
    printf("ready\n");
    fflush(stdout);
    char c;
    while (read(0, &c, 1) > 0) {
    }
    return 0;
}
