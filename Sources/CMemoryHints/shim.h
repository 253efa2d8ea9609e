#ifndef CMEMORYHINTS_SHIM_H
#define CMEMORYHINTS_SHIM_H

#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/// Asks the CPU to start loading the cache line at `address` for reading. Swift has no
/// prefetch intrinsic; hash-table probes of a whole row are issued together with this, so
/// their cache misses overlap instead of following one another.
static inline void cmemoryhints_prefetch(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

/// Asks glibc's allocator to keep freed memory for reuse instead of handing it back to the
/// kernel: large blocks come from the heap rather than from a fresh `mmap` each, and the top
/// of the heap is never trimmed. A fresh mapping is zeroed by the kernel page by page on
/// first touch, and at a million leads that zeroing was about 8 % of `analyze`'s CPU time.
/// Returns 1 if glibc took every setting.
static inline int cmemoryhints_keep_freed_memory(void) {
#ifdef __GLIBC__
  int ok = mallopt(M_MMAP_MAX, 0);
  ok &= mallopt(M_TRIM_THRESHOLD, INT_MAX);
  ok &= mallopt(M_TOP_PAD, 64 << 20);
  return ok;
#else
  return 0;
#endif
}

/// Hands the pages of freed memory back to the kernel (glibc's `malloc_trim`, which also
/// releases free pages inside the heap, not only at its top). Returns 1 if any was released.
static inline int cmemoryhints_return_freed_memory(void) {
#ifdef __GLIBC__
  return malloc_trim(0);
#else
  return 0;
#endif
}

#endif
