internal import CCurl
import Foundation

/// One easy handle and what its callbacks collect. Lives on the engine's owner thread only; the C
/// callbacks capture nothing and find it through the user-data pointer.
final class Transfer {
    let request: ProbeRequest
    /// Called once, on the owner thread, with what came back.
    private let onFinish: (ProbeResponse) -> Void
    private(set) var easy: UnsafeMutableRawPointer?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private var retryAfter: String?
    private var bodyBytes = 0
    private var body: [UInt8] = []
    /// Set when the write callback cut a GET off at its first byte: not an error.
    private var cutOff = false
    /// Whether the current response's header block reached its closing blank line.
    private var headersEnded = false
    /// The first option libcurl refused while the handle was set up; the transfer never starts then.
    private(set) var setupFailure: CURLcode?

    /// `cookies`: the run's shared cookie jar (a curl share handle), when there is one.
    init(request: ProbeRequest, cookies: UnsafeMutableRawPointer? = nil, onFinish: @escaping (ProbeResponse) -> Void) {
        self.request = request
        self.onFinish = onFinish
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        guard let easy = importfeed_curl_easy_init() else { return }
        self.easy = easy
        configure(easy)
        if let cookies, setupFailure == nil {
            // The cookie engine on (no file read), its jar shared with the run's other transfers.
            if importfeed_easy_set_string(easy, CURLOPT_COOKIEFILE, "") != CURLE_OK
                || importfeed_easy_set_pointer(easy, CURLOPT_SHARE, cookies) != CURLE_OK {
                setupFailure = CURLE_FAILED_INIT
            }
        }
    }

    deinit {
        if let easy { importfeed_curl_easy_cleanup(easy) }
        errorBuffer.deallocate()
    }

    /// Sets every option; the first that libcurl refuses is kept as ``setupFailure`` (the transfer
    /// is then never started: no option, such as the http(s)-only rule, is silently missing).
    private func configure(_ easy: UnsafeMutableRawPointer) {
        func check(_ code: CURLcode) {
            if code != CURLE_OK, setupFailure == nil { setupFailure = code }
        }
        let user = Unmanaged.passUnretained(self).toOpaque()
        check(importfeed_easy_set_string(easy, CURLOPT_URL, request.url))
        check(importfeed_easy_set_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(importfeed_easy_set_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        check(importfeed_easy_set_long(easy, CURLOPT_FOLLOWLOCATION, 0))
        check(importfeed_easy_set_long(easy, CURLOPT_NOSIGNAL, 1))
        check(importfeed_easy_set_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(request.connectTimeout * 1000)))
        check(importfeed_easy_set_long(easy, CURLOPT_TIMEOUT_MS, Int(request.timeout * 1000)))
        check(importfeed_easy_set_string(easy, CURLOPT_USERAGENT, request.userAgent))
        check(importfeed_easy_set_string(easy, CURLOPT_ACCEPT_ENCODING, ""))
        check(importfeed_easy_set_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        check(importfeed_easy_set_long(easy, CURLOPT_NOBODY, request.method == .head ? 1 : 0))
        // A probe reads headers and at most a page's first 64 KB: a receive buffer of 8 KB instead of
        // curl's 16 KB is a megabyte less with 128 transfers under way.
        check(importfeed_easy_set_long(easy, CURLOPT_BUFFERSIZE, 8 << 10))
        check(importfeed_easy_set_pointer(easy, CURLOPT_PRIVATE, user))
        check(importfeed_easy_set_pointer(easy, CURLOPT_HEADERDATA, user))
        check(importfeed_easy_set_data_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, user in
            guard let data, let user else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            transfer.header(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        })
        check(importfeed_easy_set_pointer(easy, CURLOPT_WRITEDATA, user))
        check(importfeed_easy_set_data_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, user in
            guard let user else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            return transfer.receive(data, size * count)
        })
    }

    /// Keeps body bytes up to the request's limit, of a 2xx answer only; returning less than `count`
    /// stops the transfer.
    private func receive(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard request.bodyLimit > 0, let data else {
            // The first body byte is proof enough: stop before downloading anything more.
            bodyBytes += min(count, 1)
            cutOff = true
            return 0
        }
        // Only a page's body is kept (a 2xx answer's): an error page or a redirect's body is cut off
        // at its first byte like a probe's.
        if bodyBytes == 0, let easy {
            var status = 0
            importfeed_easy_get_long(easy, CURLINFO_RESPONSE_CODE, &status)
            guard (200..<300).contains(status) else {
                bodyBytes = min(count, 1)
                cutOff = true
                return 0
            }
        }
        let room = request.bodyLimit - body.count
        let kept = min(room, count)
        data.withMemoryRebound(to: UInt8.self, capacity: count) { body.append(contentsOf: UnsafeBufferPointer(start: $0, count: kept)) }
        bodyBytes += kept
        if kept < count {
            cutOff = true
            return 0
        }
        return count
    }

    /// One header line, read on its bytes: only a status line, the blank line and Retry-After matter.
    private func header(_ line: UnsafeRawBufferPointer) {
        // A new status line starts a new response (after a 100 Continue, say): forget the old headers.
        if line.starts(with: "HTTP/".utf8) {
            retryAfter = nil
            headersEnded = false
        }
        if line.elementsEqual("\r\n".utf8) || line.elementsEqual("\n".utf8) { headersEnded = true }
        let name = "retry-after:".utf8
        guard line.count > name.count,
              zip(line, name).allSatisfy({ byte, expected in byte | 0x20 == expected || byte == expected }) else { return }
        let value = String(decoding: line.dropFirst(name.count), as: UTF8.self)
        retryAfter = value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Reports the outcome to the waiting caller.
    func finish(with code: CURLcode) {
        var status = 0
        var redirect: String?
        if let easy {
            var value = 0
            importfeed_easy_get_long(easy, CURLINFO_RESPONSE_CODE, &value)
            status = value
            var location: UnsafeMutablePointer<CChar>?
            if importfeed_easy_get_string(easy, CURLINFO_REDIRECT_URL, &location) == CURLE_OK, let location {
                redirect = String(cString: location)
            }
        }
        // A GET cut off at its first byte ends in a write error by design; anything else is a failure,
        // reported beside whatever status arrived before it.
        let cutOffByUs = code == CURLE_WRITE_ERROR && cutOff
        let scheme = request.url.prefix { $0 != ":" }.lowercased()
        var failure = code == CURLE_OK || cutOffByUs ? nil
            : Self.failure(code, detail: String(cString: errorBuffer), scheme: scheme)
        // libcurl may call a response complete that the server closed in the middle of its headers.
        if failure == nil, status > 0, !headersEnded {
            failure = ProbeFailure(kind: .connectionFailed, code: Int(CURLE_RECV_ERROR.rawValue),
                                   message: "the server closed the connection in the middle of the headers")
        }
        var response = ProbeResponse(status: status, redirectURL: redirect, retryAfter: retryAfter,
                                     bodyBytes: bodyBytes, failure: failure)
        response.body = body
        onFinish(response)
    }

    private static func failure(_ code: CURLcode, detail: String, scheme: String) -> ProbeFailure {
        let kind: ProbeFailure.Kind = switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .unknownHost
        case CURLE_COULDNT_CONNECT, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING: .connectionFailed
        case CURLE_OPERATION_TIMEDOUT: .timedOut
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE: .tls
        // An http(s) address whose server answers outside HTTP (HTTP/0.9, a bad status line) ends in
        // "unsupported protocol" too: the request's scheme tells the two apart.
        case CURLE_UNSUPPORTED_PROTOCOL: scheme == "http" || scheme == "https" ? .badResponse : .unsupportedScheme
        case CURLE_WEIRD_SERVER_REPLY, CURLE_OUT_OF_MEMORY, CURLE_BAD_CONTENT_ENCODING: .badResponse
        default: .other
        }
        let message = detail.isEmpty ? String(cString: importfeed_curl_easy_strerror(code)) : detail
        return ProbeFailure(kind: kind, code: Int(code.rawValue), message: message)
    }
}
