internal import CLibXML2
import IssueParsing

/// A streaming XML serialiser over libxml2's `xmlTextWriter`, writing UTF-8 into memory. libxml2
/// escapes every text and attribute value; nothing is concatenated by hand.
///
/// Owns its C objects and frees them in `deinit`; one owner uses it at a time.
final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private(set) var failed = false

    /// A writer for a whole document (`withDeclaration`) or for a fragment of markup.
    init?(withDeclaration: Bool) {
        LibXML2.ready
        guard let buffer = xmlBufferCreate() else { return nil }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            return nil
        }
        self.buffer = buffer
        self.writer = writer
        if withDeclaration {
            // Whole documents are indented, so that a problem's line number points somewhere useful.
            check(xmlTextWriterSetIndent(writer, 1))
            check(xmlTextWriterSetIndentString(writer, importfeed_xml_string("  ")))
            check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil))
        }
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    /// Opens `name` (which may carry a prefix, `atom:link`).
    func start(_ name: String) {
        check(xmlTextWriterStartElement(writer, name))
    }

    func end() {
        check(xmlTextWriterEndElement(writer))
    }

    func attribute(_ name: String, _ value: String) {
        check(xmlTextWriterWriteAttribute(writer, name, value))
    }

    /// Escaped character data.
    func text(_ value: String) {
        check(xmlTextWriterWriteString(writer, value))
    }

    /// `<name attributes…>text</name>`.
    func element(_ name: String, _ value: String, attributes: KeyValuePairs<String, String> = [:]) {
        start(name)
        for (key, attributeValue) in attributes { attribute(key, attributeValue) }
        text(value)
        end()
    }

    /// `<name attributes…/>`.
    func emptyElement(_ name: String, attributes: KeyValuePairs<String, String>) {
        start(name)
        for (key, value) in attributes { attribute(key, value) }
        end()
    }

    /// Ends the document and returns its bytes, or nil if libxml2 reported a failure on the way.
    func finish(documentEnd: Bool) -> [UInt8]? {
        if documentEnd { check(xmlTextWriterEndDocument(writer)) }
        check(xmlTextWriterFlush(writer))
        guard !failed, let content = xmlBufferContent(buffer) else { return nil }
        let count = Int(xmlBufferLength(buffer))
        return Array(UnsafeBufferPointer(start: content, count: count))
    }

    private func check(_ status: Int32) {
        if status < 0 { failed = true }
    }
}

/// `xmlTextWriter` takes `const xmlChar *`; Swift strings pass as C strings, rebound here.
private func xmlTextWriterStartElement(_ writer: xmlTextWriterPtr, _ name: String) -> Int32 {
    name.withCString { CLibXML2.xmlTextWriterStartElement(writer, importfeed_xml_string($0)) }
}

private func xmlTextWriterWriteAttribute(_ writer: xmlTextWriterPtr, _ name: String, _ value: String) -> Int32 {
    name.withCString { namePointer in
        value.withCString { CLibXML2.xmlTextWriterWriteAttribute(writer, importfeed_xml_string(namePointer),
                                                                importfeed_xml_string($0)) }
    }
}

private func xmlTextWriterWriteString(_ writer: xmlTextWriterPtr, _ value: String) -> Int32 {
    value.withCString { CLibXML2.xmlTextWriterWriteString(writer, importfeed_xml_string($0)) }
}
