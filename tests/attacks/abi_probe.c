/* abi_probe: calls getpid through the i386 ABI (int 0x80) and the x32 ABI (x86_64 number
 * with __X32_SYSCALL_BIT), printing "int80 errno=N" / "x32 errno=N" (0 = it ran). A filter
 * written for x86_64 numbers would miss such calls unless it rejects foreign ABIs. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X32_SYSCALL_BIT 0x40000000L
#define I386_GETPID 20

static long int80(long nr) {
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory");
    return ret;
}

int main(void) {
    long ret = int80(I386_GETPID);
    printf("int80 errno=%ld\n", ret < 0 ? -ret : 0);
    long x32 = syscall(X32_SYSCALL_BIT | SYS_getpid);
    printf("x32 errno=%d\n", x32 < 0 ? errno : 0);
    return 0;
}
