import IssueModel

/// One HTTP request the link checker makes. Bodies are never downloaded: HEAD asks for none, and a
/// GET is cut off at its first body byte.
public struct ProbeRequest: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case head = "HEAD"
        case get = "GET"
    }

    public var url: String
    public var method: Method
    /// Seconds to wait for a connection.
    public var connectTimeout: Double
    /// Seconds the whole request may take.
    public var timeout: Double
    public var userAgent: String
    /// Body bytes to keep (an API's answer); 0 to cut a GET off at its first byte, as link probes do.
    /// A longer body is cut off at the limit.
    public var bodyLimit: Int

    public init(url: String, method: Method = .head, connectTimeout: Double = 10, timeout: Double = 20,
                userAgent: String = "importfeed-linkcheck/\(ImportFeedVersion.current)", bodyLimit: Int = 0) {
        self.url = url
        self.method = method
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.userAgent = userAgent
        self.bodyLimit = bodyLimit
    }
}

/// What one request got: an HTTP status, or the reason there was none.
public struct ProbeResponse: Sendable, Hashable {
    /// The HTTP status, or 0 when no response arrived.
    public var status: Int
    /// The absolute target of a redirect (a 3xx answer's Location, resolved).
    public var redirectURL: String?
    /// The Retry-After header, as sent.
    public var retryAfter: String?
    /// Body bytes received before the transfer was cut off (at most one for a GET).
    public var bodyBytes: Int
    /// Why no response arrived: libcurl's error, in words.
    public var failure: ProbeFailure?
    /// The body kept, up to the request's `bodyLimit`.
    public var body: [UInt8] = []

    public init(status: Int, redirectURL: String? = nil, retryAfter: String? = nil, bodyBytes: Int = 0,
                failure: ProbeFailure? = nil) {
        self.status = status
        self.redirectURL = redirectURL
        self.retryAfter = retryAfter
        self.bodyBytes = bodyBytes
        self.failure = failure
    }
}

/// A request that got no HTTP answer.
public struct ProbeFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The host name does not resolve.
        case unknownHost
        /// No connection, or it broke before the answer was complete (reset in the headers).
        case connectionFailed
        /// The answer did not come in time (a server that stalls or trickles).
        case timedOut
        case tls
        /// The address's scheme is not http or https.
        case unsupportedScheme
        /// The server answered, but not in HTTP: a bad status line, HTTP/0.9, a header block too large.
        case badResponse
        case other
    }

    public var kind: Kind
    /// libcurl's error code and message.
    public var code: Int
    public var message: String

    public var description: String { message }
}
