#ifndef CMEMORYHINTS_SHIM_H
#define CMEMORYHINTS_SHIM_H

/// Asks the CPU to start loading the cache line at `address` for reading. Swift has no
/// prefetch intrinsic; hash-table probes of a whole row are issued together with this, so
/// their cache misses overlap instead of following one another.
static inline void cmemoryhints_prefetch(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

#endif
