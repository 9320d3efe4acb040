#ifndef ZKFAAS_CHIREDIS_SHIM_H
#define ZKFAAS_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#if !defined(__APPLE__)
#include <pthread.h>
#endif
/* redisCommandArgv is not variadic; these give Swift the reply helpers it needs. */

/*
 * Runs one binary-safe command (argv + argvlen, never a format string) and returns the reply, or NULL when the
 * connection failed (c->err and c->errstr say why). `out_errno` receives errno as it was right after the call, so a
 * socket timeout (EAGAIN) can be told apart from other I/O errors.
 *
 * hiredis writes with write(2), which raises SIGPIPE when the server has gone away. On Linux the signal is blocked
 * for this thread during the call and a SIGPIPE raised by it is consumed before the mask is restored, so the process
 * keeps its signal disposition; on Darwin the socket has SO_NOSIGPIPE (see zk_redis_after_connect).
 */
static inline redisReply *zk_redis_command_argv(
    redisContext *c, int argc, const char **argv, const size_t *argvlen, int *out_errno
) {
#if defined(__APPLE__)
    errno = 0;
    void *reply = redisCommandArgv(c, argc, argv, argvlen);
    *out_errno = errno;
    return (redisReply *)reply;
#else
    sigset_t pipe_set, old_set, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
    sigemptyset(&pending);
    sigpending(&pending);
    int was_pending = sigismember(&pending, SIGPIPE);
    errno = 0;
    void *reply = redisCommandArgv(c, argc, argv, argvlen);
    *out_errno = errno;
    if (!was_pending) {
        sigemptyset(&pending);
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE)) {
            struct timespec zero = {0, 0};
            while (sigtimedwait(&pipe_set, NULL, &zero) == -1 && errno == EINTR) {
            }
        }
    }
    pthread_sigmask(SIG_SETMASK, &old_set, NULL);
    return (redisReply *)reply;
#endif
}

/* Per-connection setup after a successful connect: SO_NOSIGPIPE on Darwin, nothing elsewhere. */
static inline void zk_redis_after_connect(redisContext *c) {
#if defined(__APPLE__)
    int one = 1;
    setsockopt(c->fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof(one));
#else
    (void)c;
#endif
}

/*
 * Returns 1 when an idle connection looks usable: its socket has nothing to read and no error or hang-up pending.
 * An idle RESP2 connection never receives unsolicited data, so readable means the server closed or reset it.
 */
static inline int zk_redis_idle_connection_is_usable(const redisContext *c) {
    if (c->err != 0 || c->fd < 0) return 0;
    struct pollfd p;
    p.fd = c->fd;
    p.events = POLLIN;
    p.revents = 0;
    int rc;
    do {
        rc = poll(&p, 1, 0);
    } while (rc == -1 && errno == EINTR);
    if (rc < 0) return 0;
    return rc == 0 ? 1 : 0;
}

#endif
