import Foundation
import IssueModel
import JSONText

/// An archived copy of a page: what `--suggest` offers for a dead link.
public struct ArchivedCopy: Sendable, Hashable, Codable {
    /// The snapshot's address (on web.archive.org, or whatever the configured API names).
    public var url: String
    /// When it was taken, as the archive writes it: "20230412083015" (UTC).
    public var timestamp: String

    public init(url: String, timestamp: String) {
        self.url = url
        self.timestamp = timestamp
    }

    /// The snapshot's day, "2023-04-12", when the timestamp starts with one.
    public var day: String? {
        let digits = Array(timestamp.prefix(8))
        guard digits.count == 8, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return "\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8]))"
    }
}

/// The Wayback Machine's availability API: for an address and a day, the snapshot closest to that
/// day (`GET …/wayback/available?url=ADDRESS&timestamp=YYYYMMDD`, answered with
/// `{"archived_snapshots": {"closest": {"available": true, "url": …, "timestamp": …, "status": "200"}}}`).
enum Wayback {
    /// The query for `address`'s snapshot closest to `day` (the newest snapshot when there is no day).
    static func query(endpoint: String, address: String, day: IssueDate?) -> String? {
        guard URLComponents(string: endpoint) != nil else { return nil }
        // The address goes in whole: every character that could end it or the query ("&", "=", "+",
        // "#", "?") is percent-encoded.
        let kept = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/")
        guard let encoded = address.addingPercentEncoding(withAllowedCharacters: kept) else { return nil }
        var query = "url=" + encoded
        if let day { query += String(format: "&timestamp=%04d%02d%02d", day.year, day.month, day.day) }
        return endpoint + (endpoint.contains("?") ? "&" : "?") + query
    }

    /// An API answer read: `.some(copy)` or `.some(nil)` when the archive has no usable snapshot;
    /// nil when the body is not the API's JSON at all.
    static func answer(_ body: [UInt8]) -> ArchivedCopy?? {
        guard !body.isEmpty, let answer = try? JSONReader.parse(body) as? [String: Any],
              let snapshots = answer["archived_snapshots"] as? [String: Any] else { return nil }
        guard let closest = snapshots["closest"] as? [String: Any],
              closest["available"] as? Bool == true,
              let url = closest["url"] as? String, LinkAddress(url) != nil,
              let timestamp = closest["timestamp"] as? String else { return .some(nil) }
        if let status = closest["status"] as? String, !status.hasPrefix("2") { return .some(nil) }
        return ArchivedCopy(url: url, timestamp: timestamp)
    }
}
