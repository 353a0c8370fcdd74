#ifndef IMPORTFEED_CCURL_SHIM_H
#define IMPORTFEED_CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* libcurl is loaded when the link checker first needs it (dlopen), not linked into the tool: with
   its dependencies (TLS, SSH, LDAP, Kerberos, IDN…) it costs about 5 ms at every start, which
   `importfeed build`, `parse` and `validate` never use. Every libcurl function importfeed calls goes
   through this table; `importfeed_curl()` loads it once, thread-safely. */

typedef struct {
    /* 0 not tried, 1 loaded, 2 failed. */
    int state;
    char problem[256];
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    const char *(*easy_strerror)(CURLcode code);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *multi);
    CURLMcode (*multi_setopt)(CURLM *multi, CURLMoption option, ...);
    CURLMcode (*multi_add_handle)(CURLM *multi, CURL *handle);
    CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *handle);
    CURLMcode (*multi_socket_action)(CURLM *multi, curl_socket_t socket, int mask, int *running);
    CURLMsg *(*multi_info_read)(CURLM *multi, int *queued);
    CURLSH *(*share_init)(void);
    CURLSHcode (*share_setopt)(CURLSH *share, CURLSHoption option, ...);
    CURLSHcode (*share_cleanup)(CURLSH *share);
} importfeed_curl_library;

static inline void importfeed_curl_load(importfeed_curl_library *library) {
    void *handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!handle) handle = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *reason = dlerror();
        snprintf(library->problem, sizeof library->problem, "libcurl could not be loaded: %s", reason ? reason : "not found");
        library->state = 2;
        return;
    }
#define IMPORTFEED_CURL_SYMBOL(field, name) \
    *(void **)(&library->field) = dlsym(handle, name); \
    if (!library->field) { \
        snprintf(library->problem, sizeof library->problem, "libcurl has no %s", name); \
        library->state = 2; \
        return; \
    }
    IMPORTFEED_CURL_SYMBOL(global_init, "curl_global_init")
    IMPORTFEED_CURL_SYMBOL(easy_init, "curl_easy_init")
    IMPORTFEED_CURL_SYMBOL(easy_cleanup, "curl_easy_cleanup")
    IMPORTFEED_CURL_SYMBOL(easy_setopt, "curl_easy_setopt")
    IMPORTFEED_CURL_SYMBOL(easy_getinfo, "curl_easy_getinfo")
    IMPORTFEED_CURL_SYMBOL(easy_strerror, "curl_easy_strerror")
    IMPORTFEED_CURL_SYMBOL(multi_init, "curl_multi_init")
    IMPORTFEED_CURL_SYMBOL(multi_cleanup, "curl_multi_cleanup")
    IMPORTFEED_CURL_SYMBOL(multi_setopt, "curl_multi_setopt")
    IMPORTFEED_CURL_SYMBOL(multi_add_handle, "curl_multi_add_handle")
    IMPORTFEED_CURL_SYMBOL(multi_remove_handle, "curl_multi_remove_handle")
    IMPORTFEED_CURL_SYMBOL(multi_socket_action, "curl_multi_socket_action")
    IMPORTFEED_CURL_SYMBOL(multi_info_read, "curl_multi_info_read")
    IMPORTFEED_CURL_SYMBOL(share_init, "curl_share_init")
    IMPORTFEED_CURL_SYMBOL(share_setopt, "curl_share_setopt")
    IMPORTFEED_CURL_SYMBOL(share_cleanup, "curl_share_cleanup")
#undef IMPORTFEED_CURL_SYMBOL
    library->state = 1;
}

/// The libcurl functions, loaded on first use; `state` says whether that worked.
static inline importfeed_curl_library *importfeed_curl(void) {
    static importfeed_curl_library library;
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    if (__atomic_load_n(&library.state, __ATOMIC_ACQUIRE) != 0) return &library;
    pthread_mutex_lock(&lock);
    if (library.state == 0) {
        importfeed_curl_library loaded = { 0 };
        importfeed_curl_load(&loaded);
        int state = loaded.state;
        loaded.state = 0;
        library = loaded;
        __atomic_store_n(&library.state, state, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&lock);
    return &library;
}

/// Loads libcurl and runs curl_global_init; CURLE_FAILED_INIT when libcurl could not be loaded
/// (``importfeed_curl_problem()`` says why).
static inline CURLcode importfeed_curl_global_init(long flags) {
    importfeed_curl_library *curl = importfeed_curl();
    return curl->state == 1 ? curl->global_init(flags) : CURLE_FAILED_INIT;
}

/// Why libcurl could not be loaded, or NULL.
static inline const char *importfeed_curl_problem(void) {
    importfeed_curl_library *curl = importfeed_curl();
    return curl->state == 2 ? curl->problem : NULL;
}

/* The functions below are called only after importfeed_curl_global_init succeeded. */

static inline CURL *importfeed_curl_easy_init(void) { return importfeed_curl()->easy_init(); }
static inline void importfeed_curl_easy_cleanup(CURL *handle) { importfeed_curl()->easy_cleanup(handle); }
static inline const char *importfeed_curl_easy_strerror(CURLcode code) { return importfeed_curl()->easy_strerror(code); }
static inline CURLM *importfeed_curl_multi_init(void) { return importfeed_curl()->multi_init(); }
static inline CURLMcode importfeed_curl_multi_cleanup(CURLM *multi) { return importfeed_curl()->multi_cleanup(multi); }
static inline CURLMcode importfeed_curl_multi_add_handle(CURLM *multi, CURL *handle) {
    return importfeed_curl()->multi_add_handle(multi, handle);
}
static inline CURLMcode importfeed_curl_multi_remove_handle(CURLM *multi, CURL *handle) {
    return importfeed_curl()->multi_remove_handle(multi, handle);
}
static inline CURLMcode importfeed_curl_multi_socket_action(CURLM *multi, curl_socket_t socket, int mask, int *running) {
    return importfeed_curl()->multi_socket_action(multi, socket, mask, running);
}
static inline CURLMsg *importfeed_curl_multi_info_read(CURLM *multi, int *queued) {
    return importfeed_curl()->multi_info_read(multi, queued);
}
static inline CURLSH *importfeed_curl_share_init(void) { return importfeed_curl()->share_init(); }
static inline CURLSHcode importfeed_curl_share_cleanup(CURLSH *share) { return importfeed_curl()->share_cleanup(share); }

/* curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, which Swift cannot call:
   one typed wrapper per argument kind. */

static inline CURLcode importfeed_easy_set_long(CURL *handle, CURLoption option, long value) {
    return importfeed_curl()->easy_setopt(handle, option, value);
}

static inline CURLcode importfeed_easy_set_string(CURL *handle, CURLoption option, const char *value) {
    return importfeed_curl()->easy_setopt(handle, option, value);
}

static inline CURLcode importfeed_easy_set_pointer(CURL *handle, CURLoption option, void *value) {
    return importfeed_curl()->easy_setopt(handle, option, value);
}

static inline CURLcode importfeed_easy_set_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return importfeed_curl()->easy_setopt(handle, option, value);
}

typedef size_t (*importfeed_curl_data_callback)(char *data, size_t size, size_t count, void *user);

static inline CURLcode importfeed_easy_set_data_callback(CURL *handle, CURLoption option,
                                                         importfeed_curl_data_callback callback) {
    return importfeed_curl()->easy_setopt(handle, option, callback);
}

static inline CURLcode importfeed_easy_get_long(CURL *handle, CURLINFO info, long *value) {
    return importfeed_curl()->easy_getinfo(handle, info, value);
}

static inline CURLcode importfeed_easy_get_string(CURL *handle, CURLINFO info, char **value) {
    return importfeed_curl()->easy_getinfo(handle, info, value);
}

static inline CURLcode importfeed_easy_get_pointer(CURL *handle, CURLINFO info, void **value) {
    return importfeed_curl()->easy_getinfo(handle, info, value);
}

static inline CURLMcode importfeed_multi_set_long(CURLM *handle, CURLMoption option, long value) {
    return importfeed_curl()->multi_setopt(handle, option, value);
}

/// Shares `data` (a curl_lock_data, e.g. CURL_LOCK_DATA_COOKIE) between the easy handles that use
/// `share`. No lock callbacks: importfeed uses its handles from one thread only.
static inline CURLSHcode importfeed_share_data(CURLSH *share, curl_lock_data data) {
    return importfeed_curl()->share_setopt(share, CURLSHOPT_SHARE, data);
}

/* libcurl's socket interface: libcurl says which sockets to watch (a socket callback) and when to
   call it back (a timer callback); the caller waits on the sockets and tells it which are ready,
   so that no transfer's socket is polled unless it has something to say. */

typedef int (*importfeed_socket_callback)(CURL *easy, curl_socket_t socket, int what, void *user, void *socketUser);
typedef int (*importfeed_timer_callback)(CURLM *multi, long timeoutMs, void *user);

static inline CURLMcode importfeed_multi_set_socket_callback(CURLM *multi, importfeed_socket_callback callback, void *user) {
    CURLMcode code = importfeed_curl()->multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
    return code != CURLM_OK ? code : importfeed_curl()->multi_setopt(multi, CURLMOPT_SOCKETDATA, user);
}

static inline CURLMcode importfeed_multi_set_timer_callback(CURLM *multi, importfeed_timer_callback callback, void *user) {
    CURLMcode code = importfeed_curl()->multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
    return code != CURLM_OK ? code : importfeed_curl()->multi_setopt(multi, CURLMOPT_TIMERDATA, user);
}

/* The wait those sockets need, on Linux's epoll (the struct is packed, which Swift should not have to
   mirror), with an eventfd to wake the waiting thread. */

/// A new epoll instance (close-on-exec), or -1.
static inline int importfeed_poller_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

/// Tells libcurl that its timer has expired (curl_multi_socket_action on CURL_SOCKET_TIMEOUT).
static inline CURLMcode importfeed_multi_timer_expired(CURLM *multi, int *running) {
    return importfeed_curl()->multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, running);
}

/// Watches `fd` for `what` (CURL_POLL_IN, _OUT, _INOUT) — `watched` says whether it is watched
/// already —, or stops watching it (CURL_POLL_REMOVE). Returns 0, or -1 with errno set.
static inline int importfeed_poller_watch(int poller, int fd, int what, int watched) {
    if (what == CURL_POLL_REMOVE) {
        return epoll_ctl(poller, EPOLL_CTL_DEL, fd, NULL) == 0 || errno == ENOENT || errno == EBADF ? 0 : -1;
    }
    struct epoll_event event = { 0 };
    event.events = (what & CURL_POLL_IN ? EPOLLIN : 0) | (what & CURL_POLL_OUT ? EPOLLOUT : 0);
    event.data.fd = fd;
    return epoll_ctl(poller, watched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
}

/// Waits up to `timeoutMs` for ready sockets; fills `fds` and `flags` (CURL_CSELECT_IN, _OUT, _ERR)
/// with up to `capacity` of them and returns how many (0 on timeout, -1 on error).
static inline int importfeed_poller_wait(int poller, int *fds, int *flags, int capacity, int timeoutMs) {
    struct epoll_event events[64];
    if (capacity > 64) capacity = 64;
    int count = epoll_wait(poller, events, capacity, timeoutMs);
    for (int index = 0; index < count; index++) {
        fds[index] = events[index].data.fd;
        flags[index] = (events[index].events & EPOLLIN ? CURL_CSELECT_IN : 0)
                     | (events[index].events & EPOLLOUT ? CURL_CSELECT_OUT : 0)
                     | (events[index].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
    }
    return count;
}

/// An eventfd, watched for reading by `poller`: what other threads write to wake the waiting one.
static inline int importfeed_poller_wakeup_fd(int poller) {
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0) return -1;
    struct epoll_event event = { 0 };
    event.events = EPOLLIN;
    event.data.fd = fd;
    if (epoll_ctl(poller, EPOLL_CTL_ADD, fd, &event) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static inline void importfeed_poller_wake(int wakeup) {
    uint64_t one = 1;
    (void)!write(wakeup, &one, sizeof one);
}

static inline void importfeed_poller_drain(int wakeup) {
    uint64_t count;
    (void)!read(wakeup, &count, sizeof count);
}

#endif
