#ifndef IMPORTFEED_CCMARK_SHIM_H
#define IMPORTFEED_CCMARK_SHIM_H

#include <cmark-gfm.h>

/// Options for reading Markdown drafts: CommonMark with smart punctuation off (the text keeps the
/// author's own quotes) and raw HTML left out of the tree's meaning (it is never rendered).
static inline int importfeed_cmark_options(void) {
    return CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
}

#endif
