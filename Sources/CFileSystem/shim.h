#ifndef CFILESYSTEM_SHIM_H
#define CFILESYSTEM_SHIM_H

#include <fcntl.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

/// Swaps the two paths `first` and `second` (both must exist) in one step: Linux's
/// `renameat2(…, RENAME_EXCHANGE)`, which glibc's headers hide from Swift and older glibc
/// lacks, so it is called through `syscall`. A reader sees one or the other, never neither.
/// Returns 0, or -1 with `errno` set (`ENOSYS`/`EINVAL` where the kernel or file system
/// cannot exchange).
static inline int cfilesystem_exchange(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
  return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, 2 /* RENAME_EXCHANGE */);
#else
  (void)first;
  (void)second;
  return -1;
#endif
}

/// Opens `path` for writing only if it does not exist yet, never through a symbolic link:
/// `O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC`, mode 0644. (Swift cannot call the
/// variadic `open`.)
static inline int cfilesystem_create_new(const char *path) {
  return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
}

/// Opens `path` for reading without blocking on a FIFO or taking a terminal:
/// `O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC`. The caller checks with `fstat` that it is
/// a regular file before reading.
static inline int cfilesystem_open_for_reading(const char *path) {
  return open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
}

#endif
