/* notify_probe ACTION...: the watched calls of the enhanced and maximum levels, each tried
 * once and printed as "ACTION errno=N" (0 = it succeeded), then "done". Actions:
 *   connect_tcp:IP:PORT  bind_tcp:PORT  connect_abstract:NAME  connect_unix:PATH
 *   open:PATH  write:PATH  exec:PATH (fork, execv, wait; prints the exit status)
 *   kill_all (kill(-1, SIGKILL): every process the box can see)  personality:HEX
 *   unlisted (sched_rr_get_interval, on no allowlist)  repeat:N:ACTION (N times, one line)
 *   timed:N:ACTION (N times; prints "timed:N:ACTION ns_per_call=T", for tools/bench-notify) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int result(long rc) { return rc < 0 ? errno : 0; }

static int tcp(const char* ip, int port, int do_bind) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return errno;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    inet_pton(AF_INET, ip, &a.sin_addr);
    int rc = result(do_bind ? bind(s, (struct sockaddr*)&a, sizeof a) : connect(s, (struct sockaddr*)&a, sizeof a));
    close(s);
    return rc;
}

static int unix_connect(const char* name, int abstract) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s < 0) return errno;
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    size_t n = strlen(name);
    if (n > sizeof a.sun_path - 2) n = sizeof a.sun_path - 2;
    memcpy(a.sun_path + (abstract ? 1 : 0), name, n);
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (abstract ? 1 : 0));
    int rc = result(connect(s, (struct sockaddr*)&a, len));
    close(s);
    return rc;
}

static int run_exec(const char* path) {
    pid_t pid = fork();
    if (pid < 0) return errno;
    if (pid == 0) {
        execl(path, path, (char*)NULL);
        _exit(100 + (errno & 0x1f));
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int act(const char* action) {
    char ip[64];
    int port;
    if (sscanf(action, "connect_tcp:%63[^:]:%d", ip, &port) == 2) return tcp(ip, port, 0);
    if (sscanf(action, "bind_tcp:%d", &port) == 1) return tcp("127.0.0.1", port, 1);
    if (!strncmp(action, "connect_abstract:", 17)) return unix_connect(action + 17, 1);
    if (!strncmp(action, "connect_unix:", 13)) return unix_connect(action + 13, 0);
    if (!strncmp(action, "open:", 5)) {
        int fd = open(action + 5, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) close(fd);
        return result(fd);
    }
    if (!strncmp(action, "write:", 6)) {
        int fd = open(action + 6, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0) close(fd);
        return result(fd);
    }
    if (!strncmp(action, "exec:", 5)) return run_exec(action + 5);
    if (!strcmp(action, "kill_all")) return result(kill(-1, SIGKILL));
    if (!strncmp(action, "personality:", 12))
        return result(syscall(SYS_personality, strtoul(action + 12, NULL, 16)));
    if (!strcmp(action, "unlisted")) {
        struct timespec ts;
        return result(syscall(SYS_sched_rr_get_interval, 0, &ts));
    }
    return -1;
}

int main(int argc, char** argv) {
    setvbuf(stdout, NULL, _IONBF, 0);  /* each line out before a call that may end the box */
    for (int i = 1; i < argc; ++i) {
        int times = 1, skip = 0;
        if (sscanf(argv[i], "timed:%d:%n", &times, &skip) == 1 && skip > 0) {
            struct timespec a, b;
            clock_gettime(CLOCK_MONOTONIC, &a);
            for (int n = 0; n < times; ++n) act(argv[i] + skip);
            clock_gettime(CLOCK_MONOTONIC, &b);
            double ns = (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
            printf("%s ns_per_call=%.0f\n", argv[i], times > 0 ? ns / times : 0.0);
            continue;
        }
        if (sscanf(argv[i], "repeat:%d:%n", &times, &skip) == 1 && skip > 0) {
            int rc = 0;
            for (int n = 0; n < times; ++n) rc = act(argv[i] + skip);
            printf("%s errno=%d\n", argv[i], rc);
            continue;
        }
        int rc = act(argv[i]);
        if (rc < 0) {
            fprintf(stderr, "notify_probe: unknown action '%s'\n", argv[i]);
            return 2;
        }
        printf("%s errno=%d\n", argv[i], rc);
    }
    printf("done\n");
    return 0;
}
