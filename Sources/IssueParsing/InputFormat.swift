/// The three shapes an input file comes in.
public enum InputFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    case text
    case markdown
    case html

    public var description: String { rawValue }

    /// The format of a file, from its name and its first bytes: `.md`/`.markdown` is Markdown,
    /// `.html`/`.htm` HTML, and a file of any other name that opens like an HTML document is HTML.
    /// A name with no known extension that starts with front matter is Markdown; the rest is text.
    public static func detect(path: String, bytes: some Collection<UInt8>) -> InputFormat {
        let name = path.split(separator: "/").last.map(String.init)?.lowercased() ?? ""
        let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "") : ""
        switch ext {
        case "md", "markdown", "mdown", "mkd": return .markdown
        case "html", "htm", "xhtml": return .html
        default: break
        }
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        let opening = head.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
        if opening.hasPrefix("<!doctype html") || opening.hasPrefix("<html") || opening.hasPrefix("<?xml")
            || (opening.hasPrefix("<") && (head.contains("<body") || head.contains("<head"))) {
            return .html
        }
        if ext != "txt", ext != "text", opening.hasPrefix("---\n") || opening.hasPrefix("---\r\n") { return .markdown }
        return .text
    }
}
