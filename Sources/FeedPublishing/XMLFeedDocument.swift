internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed XML feed: a libxml2 document read with network access off and no entity substitution,
/// and the few node queries the rules need. Owns the document and frees it in `deinit`.
final class XMLFeedDocument {
    let document: xmlDocPtr
    let root: XMLNode

    /// A node of the document; valid while its document lives.
    struct XMLNode {
        let pointer: xmlNodePtr

        var name: String { pointer.pointee.name.map { String(cString: importfeed_xml_chars($0)) } ?? "" }

        var namespace: String? {
            pointer.pointee.ns?.pointee.href.map { String(cString: importfeed_xml_chars($0)) }
        }

        var line: Int { Int(xmlGetLineNo(pointer)) }

        /// Whether the node is called `name` (in `namespace`, when given), compared in place: no
        /// string is made of the node's name.
        func isNamed(_ name: String, namespace: String?) -> Bool {
            guard let own = pointer.pointee.name,
                  name.withCString({ strcmp(importfeed_xml_chars(own), $0) == 0 }) else { return false }
            guard let namespace else { return true }
            guard let href = pointer.pointee.ns?.pointee.href else { return false }
            return namespace.withCString { strcmp(importfeed_xml_chars(href), $0) == 0 }
        }

        /// Calls `body` with the node's text as UTF-8: in place when the element holds one text node
        /// (item HTML of many kilobytes is then never copied), else gathered by libxml2.
        func withText<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            if let only = pointer.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE,
               let content = only.pointee.content {
                return body(UnsafeBufferPointer(start: content, count: strlen(importfeed_xml_chars(content))))
            }
            guard let content = xmlNodeGetContent(pointer) else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
            defer { importfeed_xml_free(content) }
            return body(UnsafeBufferPointer(start: content, count: strlen(importfeed_xml_chars(content))))
        }

        var text: String {
            // An element holding one text node (almost every element of a feed): its content is
            // read in place rather than gathered into a fresh copy.
            if let only = pointer.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE {
                return only.pointee.content.map { String(cString: importfeed_xml_chars($0)) } ?? ""
            }
            guard let content = xmlNodeGetContent(pointer) else { return "" }
            defer { importfeed_xml_free(content) }
            return String(cString: importfeed_xml_chars(content))
        }

        /// The node's children as markup (Atom `type="xhtml"` content), serialised by libxml2.
        var innerMarkup: String {
            guard let buffer = xmlBufferCreate() else { return "" }
            defer { xmlBufferFree(buffer) }
            var child = pointer.pointee.children
            while let current = child {
                xmlNodeDump(buffer, pointer.pointee.doc, current, 0, 0)
                child = current.pointee.next
            }
            guard let content = xmlBufferContent(buffer) else { return "" }
            return String(cString: importfeed_xml_chars(content))
        }

        func attribute(_ name: String) -> String? {
            guard let value = xmlGetNoNsProp(pointer, name) else { return nil }
            defer { importfeed_xml_free(value) }
            return String(cString: importfeed_xml_chars(value))
        }

        /// Element children, optionally only those called `name` in namespace `namespace`.
        func children(_ name: String? = nil, namespace: String? = nil) -> [XMLNode] {
            var result: [XMLNode] = []
            var child = pointer.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    let node = XMLNode(pointer: current)
                    if let name {
                        if node.isNamed(name, namespace: namespace) { result.append(node) }
                    } else if namespace == nil || node.namespace == namespace {
                        result.append(node)
                    }
                }
                child = current.pointee.next
            }
            return result
        }

        func child(_ name: String, namespace: String? = nil) -> XMLNode? {
            var child = pointer.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, XMLNode(pointer: current).isNamed(name, namespace: namespace) {
                    return XMLNode(pointer: current)
                }
                child = current.pointee.next
            }
            return nil
        }
    }

    /// Why a feed could not be read as XML at all.
    struct ParseFailure: Error {
        var message: String
        var line: Int?
    }

    init(_ bytes: [UInt8], name: String) throws(ParseFailure) {
        guard let context = xmlNewParserCtxt() else { throw ParseFailure(message: "out of memory", line: nil) }
        defer { xmlFreeParserCtxt(context) }
        let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlCtxtReadMemory(context, $0, Int32(buffer.count), name, nil, importfeed_xml_read_options())
                }
            }
        }
        if let error = xmlCtxtGetLastError(context), error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue {
            if let parsed { xmlFreeDoc(parsed) }
            let message = error.pointee.message.map { String(cString: $0) } ?? "not well-formed XML"
            throw ParseFailure(message: "not well-formed XML: " + message.trimmingCharacters(in: "\n "),
                               line: Int(error.pointee.line))
        }
        guard let parsed, let rootPointer = xmlDocGetRootElement(parsed) else {
            if let parsed { xmlFreeDoc(parsed) }
            throw ParseFailure(message: "the document is empty", line: nil)
        }
        document = parsed
        root = XMLNode(pointer: rootPointer)
    }

    deinit { xmlFreeDoc(document) }

    /// The title of the RSS item or Atom entry that holds `node`, if it is inside one.
    static func itemTitle(around node: xmlNodePtr) -> String? {
        var current: xmlNodePtr? = node
        while let element = current {
            let wrapped = XMLNode(pointer: element)
            if element.pointee.type == XML_ELEMENT_NODE, wrapped.name == "item" || wrapped.name == "entry" {
                return wrapped.child("title")?.text ?? wrapped.child("guid")?.text ?? wrapped.child("id")?.text
            }
            current = element.pointee.parent
        }
        return nil
    }
}

/// Namespaces the feeds use.
enum FeedNamespace {
    static let atom = "http://www.w3.org/2005/Atom"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
}
