#ifndef IMPORTFEED_CCURL_SHIM_H
#define IMPORTFEED_CCURL_SHIM_H

#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

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

/* libcurl's socket interface: libcurl says which sockets to watch (a socket callback) and when to
   call it back (a timer callback); the caller waits on the sockets and tells it which are ready,
   so that no transfer's socket is polled unless it has something to say. */

typedef int (*importfeed_socket_callback)(CURL *easy, curl_socket_t socket, int what, void *user, void *socketUser);
typedef int (*importfeed_timer_callback)(CURLM *multi, long timeoutMs, void *user);

static inline CURLMcode importfeed_multi_set_socket_callback(CURLM *multi, importfeed_socket_callback callback, void *user) {
    CURLMcode code = curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
    return code != CURLM_OK ? code : curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, user);
}

static inline CURLMcode importfeed_multi_set_timer_callback(CURLM *multi, importfeed_timer_callback callback, void *user) {
    CURLMcode code = curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
    return code != CURLM_OK ? code : curl_multi_setopt(multi, CURLMOPT_TIMERDATA, user);
}

/* The wait those sockets need, on Linux's epoll (the struct is packed, which Swift should not have to
   mirror), with an eventfd to wake the waiting thread. */

/// A new epoll instance (close-on-exec), or -1.
static inline int importfeed_poller_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

/// Tells libcurl that its timer has expired (curl_multi_socket_action on CURL_SOCKET_TIMEOUT).
static inline CURLMcode importfeed_multi_timer_expired(CURLM *multi, int *running) {
    return curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, running);
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
