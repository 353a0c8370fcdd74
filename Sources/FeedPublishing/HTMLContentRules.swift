internal import CLibXML2

/// What may appear in the HTML of a feed item (RSS `description`/`content:encoded`, Atom
/// `type="html"` content and summary, JSON Feed `content_html`): the W3C validator's "SecurityRisk",
/// "DangerousStyleAttr" and "ContainsRelRef" rules.
enum HTMLContentRules {
    private static let forbiddenElements: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
        "textarea", "select", "meta", "link", "base", "noscript", "svg", "math",
    ]
    private static let addressAttributes: Set<String> = ["href", "src", "cite", "action", "longdesc", "poster", "background"]

    /// The problems of one piece of item HTML. `field` names the element or key it came from.
    static func check(_ html: String, field: String, line: Int?, item: String?) -> [FeedProblem] {
        guard html.utf8.contains(UInt8(ascii: "<")) else { return [] }
        var problems: [FeedProblem] = []
        for element in ElementScanner.elements(of: html) {
            let name = element.name.lowercased()
            if forbiddenElements.contains(name) {
                problems.append(FeedProblem(.error, rule: "content-safety",
                    "\(field) contains a <\(name)> element, which feed readers treat as a security risk",
                    line: line, item: item))
            }
            for (attribute, value) in element.attributes {
                let attributeName = attribute.lowercased()
                if attributeName.hasPrefix("on") {
                    problems.append(FeedProblem(.error, rule: "content-safety",
                        "\(field) has an event attribute \(attributeName) on <\(name)>", line: line, item: item))
                } else if attributeName == "style" {
                    problems.append(FeedProblem(.warning, rule: "content-style",
                        "\(field) has a style attribute on <\(name)>, which readers strip", line: line, item: item))
                } else if addressAttributes.contains(attributeName) {
                    let address = value.trimmingCharacters(in: " \n\t")
                    if WebAddress.isSafeLink(address) { continue }
                    let lowered = address.lowercased()
                    if lowered.hasPrefix("javascript:") || lowered.hasPrefix("vbscript:") || lowered.hasPrefix("data:")
                        || (lowered.contains(":") && !lowered.hasPrefix("/") && !lowered.hasPrefix(".")
                            && !lowered.hasPrefix("#")) {
                        problems.append(FeedProblem(.error, rule: "content-safety",
                            "\(field) links to \"\(address)\": only http, https and mailto links are allowed",
                            line: line, item: item))
                    } else {
                        problems.append(FeedProblem(.warning, rule: "relative-url",
                            "\(field) contains a relative URL \"\(address)\"; readers cannot resolve it",
                            line: line, item: item))
                    }
                }
            }
        }
        return problems
    }
}

/// The elements of an HTML fragment, read by libxml2's HTML parser in SAX mode (no tree is built).
private final class ElementScanner {
    struct Element {
        var name: String
        var attributes: [(String, String)]
    }

    private var elements: [Element] = []

    static func elements(of html: String) -> [Element] {
        let scanner = ElementScanner()
        let user = Unmanaged.passUnretained(scanner).toOpaque()
        var text = html
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count < Int(Int32.max) else { return }
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
