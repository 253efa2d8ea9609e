#ifndef CIGRAPH_SHIM_H
#define CIGRAPH_SHIM_H
// The C standard headers come first: igraph.h defines _GNU_SOURCE, which otherwise makes
// fd_set clash with Swift's Glibc module on clean builds.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <igraph/igraph.h>

/// The buffer holding the last igraph error. A static local of a static inline function:
/// every caller must sit in one Swift file (IGraph.swift) so they share one copy.
static inline char *cigraph_error_buffer(void) {
  static char message[512];
  return message;
}

static inline void cigraph_recording_error_handler(const char *reason, const char *file, int line,
                                            igraph_error_t igraph_errno) {
  snprintf(cigraph_error_buffer(), 512, "%s (%s:%d, code %d)",
           reason ? reason : "unknown", file ? file : "?", line, (int)igraph_errno);
  IGRAPH_FINALLY_FREE();
}

/// Replaces igraph's default error handler (which aborts the process) with one that records
/// the message and returns the error code to the caller.
static inline void cigraph_use_return_codes(void) {
  igraph_set_error_handler(cigraph_recording_error_handler);
  igraph_set_warning_handler(igraph_warning_handler_ignore);
}

static inline const char *cigraph_last_error(void) { return cigraph_error_buffer(); }
#endif
