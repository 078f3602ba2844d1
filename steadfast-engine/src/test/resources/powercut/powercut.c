/*
 * Simulated power loss for PowerLossIT, preloaded into a child JVM (LD_PRELOAD).
 *
 * Whenever a regular file under $POWERCUT_DIR is fsync'ed (or fdatasync'ed), this shim first copies
 * the file's whole content to "<file>.durable" (written to a temporary name, then renamed), and only
 * then lets the real call run and return. So "<file>.durable" always holds at least what the last
 * completed fsync made durable, and nothing written after it: after the child is SIGKILLed, those
 * copies are what a power cut at that instant would have left on disk. A file never synced has no
 * copy (lost). The shared-memory file is never synced (SQLite rebuilds it), so it has none either.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void snapshot(int fd) {
    const char *dir = getenv("POWERCUT_DIR");
    if (dir == NULL) {
        return;
    }
    char link[64];
    char path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) {
        return;
    }
    path[n] = 0;
    size_t dl = strlen(dir);
    if (strncmp(path, dir, dl) != 0 || path[dl] != '/' || strstr(path, ".durable") != NULL) {
        return;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return;
    }
    char tmp[4200];
    char dst[4200];
    snprintf(tmp, sizeof tmp, "%s.durable.tmp", path);
    snprintf(dst, sizeof dst, "%s.durable", path);
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        return;
    }
    size_t size = 1 << 16;
    char *buf = malloc(size); /* not static: two threads may sync at once */
    if (buf == NULL) {
        close(out);
        return;
    }
    off_t off = 0;
    while (off < st.st_size) {
        ssize_t r = pread(fd, buf, size, off);
        if (r <= 0) {
            break;
        }
        ssize_t w = 0;
        while (w < r) {
            ssize_t k = write(out, buf + w, (size_t) (r - w));
            if (k <= 0) {
                free(buf);
                close(out);
                return;
            }
            w += k;
        }
        off += r;
    }
    free(buf);
    close(out);
    rename(tmp, dst);
}

int fsync(int fd) {
    static int (*real)(int);
    if (real == NULL) {
        real = (int (*)(int)) dlsym(RTLD_NEXT, "fsync");
    }
    snapshot(fd);
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (real == NULL) {
        real = (int (*)(int)) dlsym(RTLD_NEXT, "fdatasync");
    }
    snapshot(fd);
    return real(fd);
}
