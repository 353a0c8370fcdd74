internal import CLibXML2
import IssueModel

/// Reads HTML pages — Substack posts and mail-archive pages as saved from a browser — with libxml2's
/// HTML parser, network access off, into blocks.
///
/// Block elements (`p`, `div`, `li`, `h1`…`h6`, table cells) and `<br>` line breaks delimit blocks;
/// `<a href>` becomes an anchor; `<hr>` a separator. Page chrome — scripts, styles, navigation,
/// forms, subscribe and share widgets, footers, hidden preheaders — is skipped. The page's own
/// metadata (`og:title`, `article:published_time`, the subtitle) becomes the document's metadata.
public struct HTMLReader: Sendable {
    public init() {}

    /// Reads an HTML document given as UTF-8 bytes.
    /// - Throws: ``ParseError`` with reason `.htmlNotReadToTheEnd` when libxml2 stops early (nesting
    ///   deeper than its limit, a size limit): the rest of the page would otherwise be lost unseen.
    public func read(_ bytes: [UInt8], file: String) throws(ParseError) -> BlockDocument {
        LibXML2.ready
        guard !bytes.isEmpty, bytes.count < Int(Int32.max), let context = htmlNewParserCtxt() else {
            return BlockDocument(file: file, blocks: [], carriesAddresses: true)
        }
        defer { htmlFreeParserCtxt(context) }
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlCtxtReadMemory(context, $0, Int32(buffer.count), nil, "UTF-8", importfeed_html_read_options())
            }
        }
        defer { if let document { xmlFreeDoc(document) } }
        // In recovery mode the parser stops short of the end only at a fatal error (nesting past its
        // depth limit) or at a resource limit (a text node past its size limit, reported as an
        // out-of-memory error); either way nothing after it can replace it as the last error.
        if let error = xmlCtxtGetLastError(context),
           error.pointee.level == XML_ERR_FATAL || error.pointee.code == Int32(XML_ERR_NO_MEMORY.rawValue) {
            let message = error.pointee.message.map { String(cString: $0) }?.trimmingSpaces() ?? "a fatal error"
            throw ParseError(file: file, line: error.pointee.line > 0 ? Int(error.pointee.line) : nil,
                             reason: .htmlNotReadToTheEnd(message))
        }
        guard let document else { return BlockDocument(file: file, blocks: [], carriesAddresses: true) }
        guard let root = xmlDocGetRootElement(document) else { return BlockDocument(file: file, blocks: [], carriesAddresses: true) }

        var metadata = HTMLMetadataReader()
        metadata.read(root)
        var walker = HTMLBlockWalker(baseURL: metadata.metadata.url, source: SourceIndex(bytes))
        walker.walk(root)
        var result = metadata.metadata
        if result.tagline == nil { result.tagline = walker.subtitle }
        return BlockDocument(file: file, blocks: walker.blocks, metadata: result, carriesAddresses: true)
    }
}

// MARK: - libxml2 node helpers

typealias HTMLNode = UnsafeMutablePointer<xmlNode>

extension UnsafeMutablePointer where Pointee == xmlNode {
    /// The lower-cased element name.
    var elementName: String? {
        guard pointee.type == XML_ELEMENT_NODE, let name = pointee.name else { return nil }
        return String(cString: importfeed_xml_chars(name)).lowercased()
    }

    /// The value of attribute `name`, read from the node's attribute list without allocation by libxml2.
    func attribute(_ name: String) -> String? {
        var attribute = pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name,
               String(cString: importfeed_xml_chars(attributeName)).lowercased() == name {
                var value = ""
                var child = current.pointee.children
                while let text = child {
                    if let content = text.pointee.content { value += String(cString: importfeed_xml_chars(content)) }
                    child = text.pointee.next
                }
                return value
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The node's children, in order.
    var children: [HTMLNode] {
        var result: [HTMLNode] = []
        var child = pointee.children
        while let current = child {
            result.append(current)
            child = current.pointee.next
        }
        return result
    }

    /// All text below the node, in document order.
    var textContent: String {
        guard let content = xmlNodeGetContent(self) else { return "" }
        defer { importfeed_xml_free(content) }
        return String(cString: importfeed_xml_chars(content))
    }

    var line: Int { max(1, Int(xmlGetLineNo(self))) }
}
