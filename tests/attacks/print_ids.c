/* print_ids: prints "uid=R euid=E" — copied setuid-root, it shows whether exec raised it. */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("uid=%u euid=%u\n", (unsigned)getuid(), (unsigned)geteuid());
    return 0;
}
