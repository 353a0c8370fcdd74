#ifndef IMPORTFEED_CFILESYSTEM_SHIM_H
#define IMPORTFEED_CFILESYSTEM_SHIM_H

#include <errno.h>
#include <fcntl.h>

#ifdef __linux__
/* glibc declares renameat2 and syncfs only under _GNU_SOURCE, which Swift's Glibc module is built without. */
extern int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
extern int syncfs(int fd);
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

#endif
