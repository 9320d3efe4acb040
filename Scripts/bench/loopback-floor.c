/*
 * The kernel's floor for large answers over loopback TCP, used by `Scripts/bench.sh storage`: two threads of one
 * process, blocking sockets, TCP_NODELAY and 4 MiB socket buffers. The client keeps CONCURRENCY 8-byte requests in
 * flight on one connection; the server answers each with SIZE prebuilt bytes; the client reads them into one reused
 * buffer and times each answer from its request. No framing, no lookup, no allocation, no event loop: only what the
 * kernel must do to move the bytes. A benchmark tool, not part of the service.
 *
 * usage: loopback-floor SIZE CONCURRENCY SECONDS LABEL
 * prints: RESULT label=LABEL rps=N p50_us=X p99_us=Y calls=N errors=0
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { REQUEST = 8, READ_CHUNK = 1 << 20, SOCKET_BUFFER = 4 << 20 };

static size_t answer_size;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void tune(int fd) {
    int size = SOCKET_BUFFER, one = 1;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static int read_exactly(int fd, char *buffer, size_t count, size_t chunk) {
    size_t done = 0;
    while (done < count) {
        size_t want = count - done < chunk ? count - done : chunk;
        ssize_t n = read(fd, buffer + (chunk == count ? done : 0), want);
        if (n <= 0) return -1;
        done += (size_t)n;
    }
    return 0;
}

static void *serve(void *argument) {
    int listener = (int)(long)argument;
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) return NULL;
    tune(fd);
    char *answer = malloc(answer_size);
    memset(answer, 0x5a, answer_size);
    char request[REQUEST];
    while (read_exactly(fd, request, REQUEST, REQUEST) == 0) {
        size_t sent = 0;
        while (sent < answer_size) {
            ssize_t n = write(fd, answer + sent, answer_size - sent);
            if (n <= 0) { close(fd); free(answer); return NULL; }
            sent += (size_t)n;
        }
    }
    close(fd);
    free(answer);
    return NULL;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s SIZE CONCURRENCY SECONDS LABEL\n", argv[0]);
        return 2;
    }
    answer_size = strtoul(argv[1], NULL, 10);
    int concurrency = atoi(argv[2]);
    double seconds = atof(argv[3]);
    if (answer_size == 0 || concurrency <= 0 || seconds <= 0) return 2;

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    if (bind(listener, (struct sockaddr *)&address, length) != 0 || listen(listener, 1) != 0 ||
        getsockname(listener, (struct sockaddr *)&address, &length) != 0) {
        perror("listen");
        return 1;
    }
    pthread_t server;
    pthread_create(&server, NULL, serve, (void *)(long)listener);

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    tune(fd);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        perror("connect");
        return 1;
    }
    double *sent = calloc((size_t)concurrency, sizeof *sent);
    size_t capacity = 1 << 16, calls = 0;
    double *latencies = malloc(capacity * sizeof *latencies);
    char *buffer = malloc(READ_CHUNK), request[REQUEST] = {0};
    for (int slot = 0; slot < concurrency; slot++) {
        sent[slot] = now();
        if (write(fd, request, REQUEST) != REQUEST) return 1;
    }
    double start = now(), end = start + seconds;
    for (int slot = 0; now() < end; slot = (slot + 1) % concurrency) {
        if (read_exactly(fd, buffer, answer_size, READ_CHUNK) != 0) return 1;
        double done = now();
        if (calls == capacity) latencies = realloc(latencies, (capacity *= 2) * sizeof *latencies);
        latencies[calls++] = done - sent[slot];
        sent[slot] = done;
        if (write(fd, request, REQUEST) != REQUEST) return 1;
    }
    double elapsed = now() - start;
    qsort(latencies, calls, sizeof *latencies, compare);
    printf("RESULT label=%s rps=%.0f p50_us=%.0f p99_us=%.0f calls=%zu errors=0\n", argv[4], (double)calls / elapsed,
           latencies[calls / 2] * 1e6, latencies[(size_t)((double)calls * 0.99)] * 1e6, calls);
    return 0;
}
