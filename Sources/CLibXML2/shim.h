#ifndef IMPORTFEED_CLIBXML2_SHIM_H
#define IMPORTFEED_CLIBXML2_SHIM_H

/* Debian builds libxml2 with ICU, and its encoding.h then includes ICU's headers, whose types clash
   with the copy of ICU that Foundation ships. We never use libxml2's ICU converters, so the
   declarations that need ICU are left out. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>
#include <libxml/relaxng.h>
#include <string.h>

/// libxml2's global set-up, which it requires once before use from several threads: the parser, and
/// RELAX NG's datatype libraries (registered lazily otherwise, which races when two schemas are
/// compiled at once: "Relax-NG types library failed to register").
static inline void importfeed_xml_initialize(void) {
    xmlInitParser();
    xmlRelaxNGInitTypes();
}

/// Options for reading untrusted HTML: recover from broken markup, stay silent (errors are collected
/// through a structured handler), never touch the network, and never expand external entities.
static inline int importfeed_html_read_options(void) {
    return HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
         | HTML_PARSE_COMPACT;
}

/// Options for reading a feed to validate it: network off, no entity substitution, no DTD loading,
/// line numbers kept past 65535.
static inline int importfeed_xml_read_options(void) {
    return XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
}

/// `xmlChar *` and `char *` are the same bytes; these spare Swift from rebinding memory.
static inline const char *importfeed_xml_chars(const xmlChar *text) {
    return (const char *)text;
}

static inline const xmlChar *importfeed_xml_string(const char *text) {
    return (const xmlChar *)text;
}

/// `xmlFree` is a global function pointer in libxml2; calling it through a function keeps Swift's
/// strict concurrency checking content.
static inline void importfeed_xml_free(void *pointer) {
    xmlFree(pointer);
}

/// Called for each element an HTML scan meets: its name and its attributes as a NULL-terminated
/// list of name, value pairs (either may be NULL).
typedef void (*importfeed_html_element_callback)(void *user, const char *name, const char **attributes);

struct importfeed_html_scan_state {
    void *user;
    importfeed_html_element_callback callback;
};

static inline void importfeed_html_scan_start(void *context, const xmlChar *name, const xmlChar **attributes) {
    struct importfeed_html_scan_state *state = (struct importfeed_html_scan_state *)context;
    state->callback(state->user, (const char *)name, (const char **)attributes);
}

/// Reads `length` bytes of HTML with libxml2's HTML parser (the same options as for documents:
/// network off, recovering, silent) in SAX mode, building no tree, and reports each element's start
/// to `callback`. Returns 0, or -1 when no parser could be made.
static inline int importfeed_html_scan_elements(const char *html, int length, void *user,
                                                importfeed_html_element_callback callback) {
    htmlParserCtxtPtr context = htmlCreateMemoryParserCtxt(html, length);
    if (context == NULL) return -1;
    htmlCtxtUseOptions(context, importfeed_html_read_options());
    htmlSAXHandler handler;
    memset(&handler, 0, sizeof handler);
    handler.startElement = importfeed_html_scan_start;
    struct importfeed_html_scan_state state = { user, callback };
    htmlSAXHandlerPtr original = context->sax;
    context->sax = &handler;
    context->userData = &state;
    htmlParseDocument(context);
    context->sax = original;
    context->userData = NULL;
    if (context->myDoc != NULL) xmlFreeDoc(context->myDoc);
    htmlFreeParserCtxt(context);
    return 0;
}

#endif
