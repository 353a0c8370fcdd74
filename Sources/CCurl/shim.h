#ifndef IMPORTFEED_CCURL_SHIM_H
#define IMPORTFEED_CCURL_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, which Swift cannot call:
   one typed wrapper per argument kind. */

static inline CURLcode importfeed_easy_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode importfeed_easy_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode importfeed_easy_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode importfeed_easy_set_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*importfeed_curl_data_callback)(char *data, size_t size, size_t count, void *user);

static inline CURLcode importfeed_easy_set_data_callback(CURL *handle, CURLoption option,
                                                         importfeed_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode importfeed_easy_get_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode importfeed_easy_get_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode importfeed_easy_get_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode importfeed_multi_set_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

/// Shares `data` (a curl_lock_data, e.g. CURL_LOCK_DATA_COOKIE) between the easy handles that use
/// `share`. No lock callbacks: importfeed uses its handles from one thread only.
static inline CURLSHcode importfeed_share_data(CURLSH *share, curl_lock_data data) {
    return curl_share_setopt(share, CURLSHOPT_SHARE, data);
}

#endif
