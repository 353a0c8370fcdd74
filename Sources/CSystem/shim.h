#ifndef IMPORTFEED_CSYSTEM_SHIM_H
#define IMPORTFEED_CSYSTEM_SHIM_H

#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>

#ifdef __linux__
/* glibc declares renameat2 and syncfs only under _GNU_SOURCE, which Swift's Glibc module is built without. */
extern int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
extern int syncfs(int fd);
extern int sync_file_range(int fd, __off64_t offset, __off64_t nbytes, unsigned int flags);
/* malloc.h, which Swift's Glibc module leaves out. */
extern int mallopt(int param, int value);
#endif

/// Swaps two paths in one atomic step (Linux `renameat2` with `RENAME_EXCHANGE`): each name then
/// holds what the other held, and no reader ever sees neither or a mix. Returns 0, or -1 with errno
/// set (EINVAL or ENOSYS where the file system or system cannot exchange).
static inline int importfeed_exchange_paths(const char *first, const char *second) {
#ifdef __linux__
    return renameat2(AT_FDCWD, first, AT_FDCWD, second, 1u << 1 /* RENAME_EXCHANGE */);
#else
    (void)first;
    (void)second;
    errno = ENOSYS;
    return -1;
#endif
}

/// Flushes every written file of the file system that holds `fd` (Linux `syncfs`): one call for a
/// folder of new files instead of one `fsync` each. Returns 0, or -1 with errno set (ENOSYS where
/// the system cannot).
static inline int importfeed_sync_file_system(int fd) {
#ifdef __linux__
    return syncfs(fd);
#else
    (void)fd;
    errno = ENOSYS;
    return -1;
#endif
}

/// Asks the system to start writing `fd`'s dirty pages to disk without waiting for them (Linux
/// `sync_file_range` with `SYNC_FILE_RANGE_WRITE`); a hint, so nothing is returned. It makes no file
/// durable: a flush (`fsync`, `syncfs`) is still needed, and then has less left to wait for.
static inline void importfeed_start_writeback(int fd) {
#ifdef __linux__
    (void)sync_file_range(fd, 0, 0, 2u /* SYNC_FILE_RANGE_WRITE */);
#else
    (void)fd;
#endif
}

/// Keeps freed memory in the process for reuse (glibc `mallopt`): blocks up to `mapped_bytes` come
/// from the heap instead of fresh mappings, and the heap is not given back to the system until
/// `trim_bytes` lie free at its top. For short-lived batch work that allocates large blocks again
/// and again; a no-op elsewhere.
static inline void importfeed_keep_freed_memory(int mapped_bytes, int trim_bytes) {
#ifdef __linux__
    (void)mallopt(-3 /* M_MMAP_THRESHOLD */, mapped_bytes);
    (void)mallopt(-1 /* M_TRIM_THRESHOLD */, trim_bytes);
#else
    (void)mapped_bytes;
    (void)trim_bytes;
#endif
}

/// Makes every thread allocate from one glibc arena (`mallopt(M_ARENA_MAX, 1)`): memory one thread
/// frees (a parsed draft) is then reused by the others (the link checker's), instead of each thread
/// growing an arena of its own. For work whose threads mostly wait; a no-op elsewhere.
static inline void importfeed_share_one_memory_arena(void) {
#ifdef __linux__
    (void)mallopt(-8 /* M_ARENA_MAX */, 1);
#endif
}

#endif
