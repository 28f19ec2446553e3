/* syscall_probe NAME...: tries each named system call, each in a child of its own (so the
 * side effects of one, like unshare, cannot change the next), with arguments that can do no
 * harm even unfiltered as root (missing paths, bad fds, zero lengths), and prints
 * "NAME errno=N" (0 = the call succeeded). A seccomp denial shows as EPERM (ENOSYS for
 * clone3); an unfiltered call fails with some other errno or succeeds. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static int pipe_fd(void) {
    static int fds[2] = {-1, -1};
    if (fds[0] < 0 && pipe(fds) != 0) return -1;
    return fds[0];
}

/* A fork-like clone with namespace flags; the child leaves at once. */
static long clone_with(unsigned long flags) {
    long pid = syscall(SYS_clone, flags | SIGCHLD, 0, NULL, NULL, 0);
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid((pid_t)pid, NULL, 0);
    return pid > 0 ? 0 : -1;
}

static void* thread_main(void* arg) { return arg; }

/* pthread_create goes through clone3 first and falls back to clone on ENOSYS. */
static long make_thread(void) {
    pthread_t t;
    int rc = pthread_create(&t, NULL, thread_main, NULL);
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    pthread_join(t, NULL);
    return 0;
}

static long try_call(const char* name) {
    char c = 'x';
    if (!strcmp(name, "mount")) return syscall(SYS_mount, "none", "/nonexistent/p", "tmpfs", 0, NULL);
    if (!strcmp(name, "umount2")) return syscall(SYS_umount2, "/nonexistent/p", 0);
    if (!strcmp(name, "pivot_root")) return syscall(SYS_pivot_root, "/nonexistent/a", "/nonexistent/b");
    if (!strcmp(name, "mount_setattr")) return syscall(SYS_mount_setattr, -1, "/nonexistent/p", 0, NULL, 0);
    if (!strcmp(name, "move_mount")) return syscall(SYS_move_mount, -1, "/nonexistent/a", -1, "/nonexistent/b", 0);
    if (!strcmp(name, "open_tree")) return syscall(SYS_open_tree, -1, "/nonexistent/p", 0);
    if (!strcmp(name, "fsopen")) return syscall(SYS_fsopen, "no-such-fs", 0);
    if (!strcmp(name, "fsconfig")) return syscall(SYS_fsconfig, -1, 0, NULL, NULL, 0);
    if (!strcmp(name, "fsmount")) return syscall(SYS_fsmount, -1, 0, 0);
    if (!strcmp(name, "fspick")) return syscall(SYS_fspick, -1, "/nonexistent/p", 0);
    if (!strcmp(name, "ptrace")) return syscall(SYS_ptrace, PTRACE_PEEKDATA, 999999999, 0, 0);
    if (!strcmp(name, "process_vm_readv")) return syscall(SYS_process_vm_readv, getpid(), NULL, 0, NULL, 0, 0);
    if (!strcmp(name, "process_vm_writev")) return syscall(SYS_process_vm_writev, getpid(), NULL, 0, NULL, 0, 0);
    if (!strcmp(name, "kexec_load")) return syscall(SYS_kexec_load, 0, 0, NULL, 0xdeadUL);
    if (!strcmp(name, "kexec_file_load")) return syscall(SYS_kexec_file_load, -1, -1, 0, NULL, 0);
    if (!strcmp(name, "init_module")) return syscall(SYS_init_module, NULL, 0, "");
    if (!strcmp(name, "finit_module")) return syscall(SYS_finit_module, -1, "", 0);
    if (!strcmp(name, "delete_module")) return syscall(SYS_delete_module, "no_such_module_xyz", 04000);
    if (!strcmp(name, "reboot")) return syscall(SYS_reboot, 0, 0, 0, NULL);
    if (!strcmp(name, "swapon")) return syscall(SYS_swapon, "/nonexistent/p", 0);
    if (!strcmp(name, "swapoff")) return syscall(SYS_swapoff, "/nonexistent/p");
    if (!strcmp(name, "acct")) return syscall(SYS_acct, "/nonexistent/p");
    if (!strcmp(name, "quotactl")) return syscall(SYS_quotactl, 0, NULL, 0, NULL);
    if (!strcmp(name, "lookup_dcookie")) return syscall(SYS_lookup_dcookie, 0, NULL, 0);
    if (!strcmp(name, "bpf")) return syscall(SYS_bpf, -1, NULL, 0);
    if (!strcmp(name, "perf_event_open")) return syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
    if (!strcmp(name, "userfaultfd")) return syscall(SYS_userfaultfd, ~0u);
    if (!strcmp(name, "keyctl")) return syscall(SYS_keyctl, -1, 0, 0, 0, 0);
    if (!strcmp(name, "add_key")) return syscall(SYS_add_key, NULL, NULL, NULL, 0, 0);
    if (!strcmp(name, "request_key")) return syscall(SYS_request_key, NULL, NULL, NULL, 0);
    if (!strcmp(name, "unshare")) return syscall(SYS_unshare, CLONE_NEWUSER);
    if (!strcmp(name, "setns")) return syscall(SYS_setns, -1, 0);
    if (!strcmp(name, "clone_newuser")) return clone_with(CLONE_NEWUSER);
    if (!strcmp(name, "clone_newns")) return clone_with(CLONE_NEWNS);
    if (!strcmp(name, "clone_newnet")) return clone_with(CLONE_NEWNET);
    if (!strcmp(name, "clone3")) return syscall(SYS_clone3, NULL, 0);
    if (!strcmp(name, "thread")) return make_thread();
    if (!strcmp(name, "open_by_handle_at")) return syscall(SYS_open_by_handle_at, -1, NULL, 0);
    if (!strcmp(name, "name_to_handle_at")) return syscall(SYS_name_to_handle_at, -1, "", NULL, NULL, 0);
    if (!strcmp(name, "iopl")) return syscall(SYS_iopl, 0);
    if (!strcmp(name, "ioperm")) return syscall(SYS_ioperm, 0, 0, 0);
    if (!strcmp(name, "io_uring_setup")) return syscall(SYS_io_uring_setup, 0, NULL);
    if (!strcmp(name, "io_uring_enter")) return syscall(SYS_io_uring_enter, -1, 0, 0, 0, NULL, 0);
    if (!strcmp(name, "io_uring_register")) return syscall(SYS_io_uring_register, -1, 0, NULL, 0);
    if (!strcmp(name, "tiocsti")) return syscall(SYS_ioctl, pipe_fd(), TIOCSTI, &c);
    /* The kernel uses the low 32 bits of the command: junk above must not slip through. */
    if (!strcmp(name, "tiocsti_high")) return syscall(SYS_ioctl, pipe_fd(), (1UL << 32) | TIOCSTI, &c);
    if (!strcmp(name, "tioclinux")) return syscall(SYS_ioctl, pipe_fd(), TIOCLINUX, &c);
    /* Real mount attempts, for the box only (escape_attack_test.cpp): never run them on a host. */
    if (!strcmp(name, "remount_root_rw")) return syscall(SYS_mount, NULL, "/", NULL, MS_REMOUNT | MS_BIND, NULL);
    if (!strcmp(name, "mount_tmpfs")) return syscall(SYS_mount, "none", "/tmp", "tmpfs", 0, NULL);
    if (!strcmp(name, "getpid")) return syscall(SYS_getpid) > 0 ? 0 : -1;
    errno = 0;
    return -2;
}

static int probe(const char* name) {
    errno = 0;
    long rc = try_call(name);
    if (rc == -2 && errno == 0) {
        fprintf(stderr, "syscall_probe: unknown call '%s'\n", name);
        return 2;
    }
    printf("%s errno=%d\n", name, rc < 0 ? errno : 0);
    return 0;
}

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        fflush(stdout);
        pid_t child = fork();
        if (child < 0) return 3;
        if (child == 0) {
            int rc = probe(argv[i]);
            fflush(stdout);
            _exit(rc);
        }
        int status = 0;
        if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "syscall_probe: probing '%s' failed\n", argv[i]);
            return 2;
        }
    }
    return 0;
}
