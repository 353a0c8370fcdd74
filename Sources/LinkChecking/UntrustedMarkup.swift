internal import CLibXML2

/// Bodies servers sent (an API's Atom answer, a page's first bytes) read by libxml2 with the network
/// off and no external entities, so that nothing in them reaches beyond the bytes themselves.
enum UntrustedMarkup {
    /// `body` as a document — XML, or HTML (recovering from markup cut off at a body limit) — or nil
    /// when libxml2 can make nothing of it. The caller frees it with `xmlFreeDoc`.
    static func document(_ body: [UInt8], html: Bool) -> xmlDocPtr? {
        guard !body.isEmpty, body.count < Int(Int32.max) else { return nil }
        return body.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                html ? htmlReadMemory($0, Int32(buffer.count), "page.html", nil, importfeed_html_read_options())
                    : xmlReadMemory($0, Int32(buffer.count), "answer.xml", nil, importfeed_xml_read_options())
            }
        }
    }

    /// An element's name.
    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: importfeed_xml_chars($0)) } ?? ""
    }
}
