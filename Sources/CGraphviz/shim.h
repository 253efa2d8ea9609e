#ifndef CGRAPHVIZ_SHIM_H
#define CGRAPHVIZ_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>

/// Graphviz 2.42 takes `char *` where it only reads; the casts live here, not in Swift.
/// Parses DOT from memory. The lexer's line counter is global and survives earlier parses,
/// so it is reset first: syntax errors then name the right line.
static inline Agraph_t *CGraphviz_memread(const char *text) {
  agsetfile((char *)"<dot>");
  return agmemread((char *)text);
}

static inline int CGraphviz_layout(GVC_t *gvc, Agraph_t *g, const char *engine) {
  return gvLayout(gvc, g, (char *)engine);
}

static inline int CGraphviz_render(GVC_t *gvc, Agraph_t *g, const char *format, char **result,
                                   unsigned int *length) {
  return gvRenderData(gvc, g, (char *)format, result, length);
}

static inline char *CGraphviz_get(void *object, const char *name) {
  return agget(object, (char *)name);
}

static inline int CGraphviz_safeset(void *object, const char *name, const char *value,
                                    const char *fallback) {
  return agsafeset(object, (char *)name, (char *)value, (char *)fallback);
}

/// Buffers every Graphviz error and warning so they never reach stderr. A static local of a
/// static inline function: every caller must sit in one Swift file (Graphviz.swift).
static inline char *CGraphviz_errorBuffer(void) {
  static char errors[4096];
  return errors;
}
static inline int CGraphviz_collect(char *message) {
  char *errors = CGraphviz_errorBuffer();
  size_t used = strlen(errors);
  if (used + 1 < 4096) strncat(errors, message, 4096 - used - 1);
  return 0;
}

static inline void CGraphviz_beginCapture(void) {
  CGraphviz_errorBuffer()[0] = 0;
  agseterr(AGWARN);
  agseterrf(CGraphviz_collect);
}

static inline const char *CGraphviz_capturedErrors(void) { return CGraphviz_errorBuffer(); }

static inline int CGraphviz_nodeCount(Agraph_t *g) { return agnnodes(g); }
static inline int CGraphviz_edgeCount(Agraph_t *g) { return agnedges(g); }
#endif
