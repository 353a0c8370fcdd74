internal import CLibXML2
import Synchronization

/// What may appear in the HTML of a feed item (RSS `description`/`content:encoded`, Atom
/// `type="html"` content and summary, JSON Feed `content_html`): the W3C validator's "SecurityRisk",
/// "DangerousStyleAttr" and "ContainsRelRef" rules.
enum HTMLContentRules {
    private static let forbiddenElements: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
        "textarea", "select", "meta", "link", "base", "noscript", "svg", "math",
    ]
    private static let addressAttributes: Set<String> = ["href", "src", "cite", "action", "longdesc", "poster", "background"]

    /// What is wrong with one piece of HTML, independent of where it stands in a feed.
    struct Finding: Sendable, Hashable {
        var severity: FeedProblem.Severity
        var rule: String
        /// The message after the field's name: "contains a <script> element, …".
        var message: String
    }

    /// The problems of one piece of item HTML. `field` names the element or key it came from;
    /// `cache`, when given, spares reading the same HTML again (the three feeds of a build carry the
    /// same content).
    static func check(_ html: String, field: String, line: Int?, item: String?,
                      cache: ContentFindingsCache? = nil) -> [FeedProblem] {
        var html = html
        return html.withUTF8 { check(bytes: $0, field: field, line: line, item: item, cache: cache) }
    }

    /// The same, for HTML read in place as UTF-8 (an XML node's text), with no string made of it.
    static func check(bytes html: UnsafeBufferPointer<UInt8>, field: String, line: Int?, item: String?,
                      cache: ContentFindingsCache? = nil) -> [FeedProblem] {
        guard let base = html.baseAddress, memchr(base, Int32(UInt8(ascii: "<")), html.count) != nil else { return [] }
        let findings = cache?.findings(for: html) ?? findings(in: html)
        return findings.map { FeedProblem($0.severity, rule: $0.rule, "\(field) " + $0.message, line: line, item: item) }
    }

    /// What is wrong with an address a feed links to, if anything: an unsafe scheme (`javascript:`,
    /// `data:`, anything but http, https and mailto) is a content-safety error, a relative address a warning.
    static func addressFinding(_ value: String) -> Finding? {
        let address = value.trimmingCharacters(in: " \n\t")
        if WebAddress.isSafeLink(address) { return nil }
        let lowered = address.lowercased()
        if lowered.hasPrefix("javascript:") || lowered.hasPrefix("vbscript:") || lowered.hasPrefix("data:")
            || (lowered.contains(":") && !lowered.hasPrefix("/") && !lowered.hasPrefix(".") && !lowered.hasPrefix("#")) {
            return Finding(severity: .error, rule: "content-safety",
                           message: "links to \"\(address)\": only http, https and mailto links are allowed")
        }
        return Finding(severity: .warning, rule: "relative-url",
                       message: "contains a relative URL \"\(address)\"; readers cannot resolve it")
    }

    /// The problems of one address outside HTML (Atom `content src`, JSON Feed `icon`, an author's `url`).
    static func checkAddress(_ value: String, field: String, line: Int?, item: String?) -> [FeedProblem] {
        guard let finding = addressFinding(value) else { return [] }
        return [FeedProblem(finding.severity, rule: finding.rule, "\(field) " + finding.message, line: line, item: item)]
    }

    static func findings(in html: String) -> [Finding] {
        var html = html
        return html.withUTF8 { findings(in: $0) }
    }

    static func findings(in html: UnsafeBufferPointer<UInt8>) -> [Finding] {
        var findings: [Finding] = []
        for element in ElementScanner.elements(of: html) {
            let name = element.name.lowercased()
            if forbiddenElements.contains(name) {
                findings.append(Finding(severity: .error, rule: "content-safety",
                    message: "contains a <\(name)> element, which feed readers treat as a security risk"))
            }
            for (attribute, value) in element.attributes {
                let attributeName = attribute.lowercased()
                if attributeName.hasPrefix("on") {
                    findings.append(Finding(severity: .error, rule: "content-safety",
                        message: "has an event attribute \(attributeName) on <\(name)>"))
                } else if attributeName == "style" {
                    findings.append(Finding(severity: .warning, rule: "content-style",
                        message: "has a style attribute on <\(name)>, which readers strip"))
                } else if addressAttributes.contains(attributeName), let finding = addressFinding(value) {
                    findings.append(finding)
                }
            }
        }
        return findings
    }
}

/// Findings of item HTML already read, shared by the validators of one build (which may run on
/// several threads at once).
final class ContentFindingsCache: Sendable {
    private let storage = Mutex<[ContentKey: [HTMLContentRules.Finding]]>([:])

    func findings(for html: UnsafeBufferPointer<UInt8>) -> [HTMLContentRules.Finding] {
        let key = ContentKey(html)
        if let known = storage.withLock({ $0[key] }) { return known }
        let findings = HTMLContentRules.findings(in: html)
        storage.withLock { $0[key] = findings }
        return findings
    }
}

/// An HTML fragment as a dictionary key: its UTF-8 bytes, compared whole and hashed on samples.
private struct ContentKey: Hashable {
    let bytes: [UInt8]

    init(_ html: UnsafeBufferPointer<UInt8>) {
        bytes = Array(html)
    }

    /// Hashes the length and three samples of the bytes (start, middle, end), not all of them: a
    /// fragment of many kilobytes is looked up once per feed, and two fragments that agree on the
    /// samples are still told apart by `==`, which compares every byte.
    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { raw in
            hasher.combine(raw.count)
            guard raw.count > 3 * Self.sample else { return hasher.combine(bytes: raw) }
            let middle = raw.count / 2 - Self.sample / 2
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[..<Self.sample]))
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[middle..<(middle + Self.sample)]))
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[(raw.count - Self.sample)...]))
        }
    }

    private static let sample = 128

    static func == (lhs: ContentKey, rhs: ContentKey) -> Bool {
        lhs.bytes.withUnsafeBytes { a in
            rhs.bytes.withUnsafeBytes { b in a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
        }
    }
}

/// The elements of an HTML fragment, read by libxml2's HTML parser in SAX mode (no tree is built).
private final class ElementScanner {
    struct Element {
        var name: String
        var attributes: [(String, String)]
    }

    private var elements: [Element] = []

    static func elements(of bytes: UnsafeBufferPointer<UInt8>) -> [Element] {
        let scanner = ElementScanner()
        let user = Unmanaged.passUnretained(scanner).toOpaque()
        do {
            guard let base = bytes.baseAddress, bytes.count < Int(Int32.max) else { return [] }
            _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                importfeed_html_scan_elements($0, Int32(bytes.count), user) { user, name, attributes in
                    guard let user, let name else { return }
                    let scanner = Unmanaged<ElementScanner>.fromOpaque(user).takeUnretainedValue()
                    var pairs: [(String, String)] = []
                    var index = 0
                    while let attributes, let key = attributes[index] {
                        let value = attributes[index + 1].map { String(cString: $0) } ?? ""
                        pairs.append((String(cString: key), value))
                        index += 2
                    }
                    scanner.elements.append(Element(name: String(cString: name), attributes: pairs))
                }
            }
        }
        return withExtendedLifetime(scanner) { scanner.elements }
    }
}
