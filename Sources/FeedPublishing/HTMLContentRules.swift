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
        guard html.contains("<") else { return [] }
        guard let fragment = XMLFeedDocument(html: html) else { return [] }
        var problems: [FeedProblem] = []
        for element in fragment.elements(below: fragment.root) {
            let name = element.name.lowercased()
            if forbiddenElements.contains(name) {
                problems.append(FeedProblem(.error, rule: "content-safety",
                    "\(field) contains a <\(name)> element, which feed readers treat as a security risk",
                    line: line, item: item))
            }
            for (attribute, value) in XMLFeedDocument.attributes(of: element) {
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
