internal import CLibXML2
import Foundation

/// Checks arXiv papers through arXiv's export API, many IDs in one `id_list` query, as arXiv asks
/// automated clients to do, instead of one page request per paper.
enum ArxivBatch {
    /// The papers of `ids` the API knows, or nil when the API could not answer (then the caller
    /// falls back to page requests).
    static func knownIDs(_ ids: [String], endpoint: String, perform: (ProbeRequest) async -> ProbeResponse,
                         timeout: Double) async -> Set<String>? {
        guard var components = URLComponents(string: endpoint) else { return nil }
        components.queryItems = (components.queryItems ?? []) + [
            URLQueryItem(name: "id_list", value: ids.joined(separator: ",")),
            URLQueryItem(name: "max_results", value: String(ids.count)),
        ]
        guard let url = components.string else { return nil }
        let response = await perform(ProbeRequest(url: url, method: .get, timeout: timeout, bodyLimit: 8 << 20))
        guard response.status == 200, response.failure == nil else { return nil }
        return entryIDs(response.body)
    }

    /// The arXiv IDs of the entries of an API answer (an Atom feed), read by libxml2 with the network
    /// off and no entity expansion; error entries (`…/api/errors#…`) are left out. Nil for a body
    /// that is not such a feed.
    static func entryIDs(_ body: [UInt8]) -> Set<String>? {
        guard !body.isEmpty, body.count < Int(Int32.max) else { return nil }
        let document: xmlDocPtr? = body.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "arxiv-api.xml", nil, importfeed_xml_read_options())
            }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document), name(root) == "feed" else { return nil }
        var ids: Set<String> = []
        var entry = root.pointee.children
        while let current = entry {
            if current.pointee.type == XML_ELEMENT_NODE, name(current) == "entry" {
                var child = current.pointee.children
                while let field = child {
                    if field.pointee.type == XML_ELEMENT_NODE, name(field) == "id", let content = xmlNodeGetContent(field) {
                        let text = String(cString: importfeed_xml_chars(content)).trimmingCharacters(in: .whitespacesAndNewlines)
                        importfeed_xml_free(content)
                        if !text.contains("/api/errors"), let path = URLComponents(string: text)?.path,
                           let id = LinkAddress.arxivID(inPath: path) {
                            ids.insert(id)
                        }
                    }
                    child = field.pointee.next
                }
            }
            entry = current.pointee.next
        }
        return ids
    }

    private static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: importfeed_xml_chars($0)) } ?? ""
    }
}
