import Foundation
import JSONText

/// The outcome of a check, one entry per cited link (a page cited twice appears twice, checked once).
public struct LinkReport: Sendable {
    public struct Entry: Sendable, Hashable {
        public var cited: CitedLink
        public var result: LinkCheckResult
    }

    /// One entry per cited link, in the links' order: each made from its link and its address's
    /// result as it is read, so that a 20,000-link report holds no copy of either.
    public struct Entries: RandomAccessCollection, Sendable {
        let links: [CitedLink]
        /// The result of each address.
        let results: [LinkCheckResult]
        /// For each link, the index of its address's result; -1 for a link with no address.
        let resultIndices: [Int32]

        public var startIndex: Int { links.startIndex }
        public var endIndex: Int { links.endIndex }

        public subscript(position: Int) -> Entry {
            let cited = links[position]
            let index = Int(resultIndices[position])
            guard index >= 0 else {
                let reason = cited.link.url == nil ? "the input carries no address for this link"
                    : "not an http(s) address: \(cited.link.url!)"
                return Entry(cited: cited, result: LinkCheckResult(verdict: .noURL, status: 0, reason: reason, requests: 0))
            }
            var result = results[index]
            if result.verdict == .alive, let paper = result.paperTitle, let title = cited.link.title,
               !PaperTitle.matches(cited: title, actual: paper) {
                result.verdict = .titleMismatch
                result.reason = "the arXiv paper at this address is “\(paper)”, not “\(title)”: check the ID"
            }
            return Entry(cited: cited, result: result)
        }
    }

    public let entries: Entries

    /// Pairs each cited link with its address's result; links with no usable address (or no result)
    /// are "no-url".
    public init(links: [CitedLink], results: [LinkAddress: LinkCheckResult]) {
        var ordered: [LinkCheckResult] = []
        var indexOf: [LinkAddress: Int32] = [:]
        let indices = links.map { link -> Int32 in
            guard let address = link.address, let result = results[address] else { return -1 }
            if let index = indexOf[address] { return index }
            ordered.append(result)
            indexOf[address] = Int32(ordered.count - 1)
            return Int32(ordered.count - 1)
        }
        self.init(links: links, results: ordered, resultIndices: indices)
    }

    /// Pairs each link with `results[resultIndices[i]]` (a link whose index is -1 has no address).
    init(links: [CitedLink], results: [LinkCheckResult], resultIndices: [Int32]) {
        entries = Entries(links: links, results: results, resultIndices: resultIndices)
    }

    /// Whether any link is dead: the exit status says so.
    public var hasDeadLinks: Bool { entries.contains { $0.result.verdict == .dead } }

    /// The verdicts the text report lists, each with its label.
    static let listed: [LinkCheckResult.Verdict: String] = [
        .dead: "dead", .probablyDead: "probably dead", .moved: "moved", .titleMismatch: "wrong paper?",
        .unverified: "could not verify",
    ]

    /// Whether there were links to check and none of them could be verified at all (the machine is
    /// offline, say): the exit status says so, apart from "all is well" and from "dead links".
    public var nothingVerified: Bool {
        let checked = entries.filter { $0.result.verdict != .noURL && $0.result.verdict != .excluded }
        return !checked.isEmpty && checked.allSatisfy { $0.result.verdict == .unverified }
    }

    public func count(_ verdict: LinkCheckResult.Verdict) -> Int { entries.filter { $0.result.verdict == verdict }.count }

    /// The report for a person: problems grouped by issue and story, each with file:line, the link's
    /// words, the status and the reason; then a summary line.
    public var text: String {
        var lines: [String] = []
        var lastIssue: String?
        var lastStory: String?
        for entry in entries {
            guard let label = Self.listed[entry.result.verdict] else { continue }
            if entry.cited.issue != lastIssue {
                lines.append(entry.cited.issue)
                lastIssue = entry.cited.issue
                lastStory = nil
            }
            if entry.cited.story != lastStory {
                lines.append("  \(entry.cited.story)")
                lastStory = entry.cited.story
            }
            let link = entry.cited.link
            let words = [link.text, link.title].compactMap { $0 }.joined(separator: ": ")
            let status = entry.result.status > 0 ? " (HTTP \(entry.result.status))" : ""
            var line = "    \(link.location): \(label)\(status): \(words) <\(link.url ?? "")> — \(entry.result.reason)"
            if entry.result.verdict == .moved, let final = entry.result.finalURL { line += "; update it to \(final)" }
            if let copy = entry.result.suggestion {
                line += "; archived copy\(copy.day.map { " of \($0)" } ?? ""): \(copy.url)"
            }
            // Reasons carry what servers sent (a Location header): no escape sequence reaches the terminal.
            lines.append(Self.escapingControlCharacters(line))
        }
        lines += slowestHosts()
        let unique = Set(entries.compactMap(\.cited.address)).count
        lines.append("\(entries.count) links (\(unique) addresses checked): \(count(.alive)) alive, \(count(.moved)) moved, "
            + "\(count(.dead)) dead, "
            + (count(.probablyDead) > 0 ? "\(count(.probablyDead)) probably dead, " : "")
            + "\(count(.unverified)) could not verify, \(count(.noURL)) without an address"
            + (count(.excluded) > 0 ? ", \(count(.excluded)) excluded" : "")
            + (count(.titleMismatch) > 0 ? ", \(count(.titleMismatch)) citing another paper than the one at the address" : ""))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"links": [...]}` with the stable names: url, verdict, status, final_url, reason, requests, file,
    /// line, column (null when the input gives none), issue, story, text, title, suggestion (the archived
    /// copy `--suggest` found, else null). Keys are sorted. Written entry by entry: `write` is handed
    /// the document in pieces of about 64 KB, so that a report of 20,000 links is never held whole.
    public func writeJSON(_ write: ([UInt8]) throws -> Void) rethrows {
        typealias Value = JSONWriter.Value
        var writer = JSONWriter()
        writer.append("{\n  \"links\": [")
        for (index, entry) in entries.enumerated() {
            let link = entry.cited.link, result = entry.result
            // In key order (what `.object` would sort them into), without a table per link.
            let item: Value = .fields([
                ("column", .optional(link.location.column)), ("file", .string(link.location.file)),
                ("final_url", .optional(result.finalURL)), ("issue", .string(entry.cited.issue)),
                ("line", .integer(link.location.line)), ("reason", .string(result.reason)),
                ("requests", .integer(result.requests)), ("status", .integer(result.status)),
                ("story", .string(entry.cited.story)), ("suggestion", .optional(result.suggestion?.url)),
                ("text", .string(link.text)), ("title", .optional(link.title)), ("url", .optional(link.url)),
                ("verdict", .string(result.verdict.rawValue)),
            ])
            index == 0 ? writer.append("\n") : writer.append(",\n")
            writer.pad(2)
            writer.write(item, indent: 2)
            if writer.bytes.count >= 1 << 16 { try write(writer.takeBytes()) }
        }
        entries.isEmpty ? writer.append("]\n}\n") : writer.append("\n  ]\n}\n")
        try write(writer.takeBytes())
    }

    /// The three hosts that took longest (time summed over their addresses, each counted once), when
    /// any took a second or more: where a slow audit spent its time.
    func slowestHosts() -> [String] {
        var seen: Set<LinkAddress> = []
        var byHost: [String: (seconds: Double, count: Int)] = [:]
        for entry in entries {
            guard let address = entry.cited.address, seen.insert(address).inserted else { continue }
            let host = address.host
            byHost[host, default: (0, 0)].seconds += entry.result.seconds
            byHost[host, default: (0, 0)].count += 1
        }
        let slowest = byHost.filter { $0.value.seconds >= 1 }
            .sorted { ($0.value.seconds, $1.key) > ($1.value.seconds, $0.key) }.prefix(3)
        guard !slowest.isEmpty else { return [] }
        return ["slowest hosts: " + slowest.map { host, total in
            "\(host) \(String(format: "%.1f", total.seconds)) s over \(total.count) address\(total.count == 1 ? "" : "es")"
        }.joined(separator: "; ")]
    }

    /// `text` with every control character written as a visible escape (`\u{1B}`), so that text a
    /// server controls cannot move the cursor or recolour a terminal.
    public static func escapingControlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
