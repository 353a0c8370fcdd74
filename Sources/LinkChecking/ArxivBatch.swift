internal import CLibXML2
import Foundation

/// Checks arXiv papers through arXiv's export API, many IDs in one `id_list` query, as arXiv asks
/// automated clients to do, instead of one page request per paper.
enum ArxivBatch {
    /// The papers of `ids` the API knows, each with its title, or nil when the API could not answer
    /// (then the caller falls back to page requests).
    static func knownPapers(_ ids: [String], endpoint: String, perform: (ProbeRequest) async -> ProbeResponse,
                            timeout: Double) async -> [String: String]? {
        guard var components = URLComponents(string: endpoint) else { return nil }
        components.queryItems = (components.queryItems ?? []) + [
            URLQueryItem(name: "id_list", value: ids.joined(separator: ",")),
            URLQueryItem(name: "max_results", value: String(ids.count)),
        ]
        guard let url = components.string else { return nil }
        let response = await perform(ProbeRequest(url: url, method: .get, timeout: timeout, bodyLimit: 8 << 20))
        guard response.status == 200, response.failure == nil else { return nil }
        return entries(response.body)
    }

    /// The arXiv IDs of the entries of an API answer (see ``entries(_:)``).
    static func entryIDs(_ body: [UInt8]) -> Set<String>? {
        entries(body).map { Set($0.keys) }
    }

    /// The entries of an API answer (an Atom feed) as arXiv ID → title, read by libxml2 with the
    /// network off and no entity expansion; error entries (`…/api/errors#…`) are left out. Nil for a
    /// body that is not such a feed.
    static func entries(_ body: [UInt8]) -> [String: String]? {
        guard let document = UntrustedMarkup.document(body, html: false) else { return nil }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document), UntrustedMarkup.name(root) == "feed" else { return nil }
        var papers: [String: String] = [:]
        var entry = root.pointee.children
        while let current = entry {
            if current.pointee.type == XML_ELEMENT_NODE, UntrustedMarkup.name(current) == "entry" {
                var id: String?
                var title = ""
                var child = current.pointee.children
                while let field = child {
                    if field.pointee.type == XML_ELEMENT_NODE, let content = xmlNodeGetContent(field) {
                        let text = String(cString: importfeed_xml_chars(content))
                        importfeed_xml_free(content)
                        switch UntrustedMarkup.name(field) {
                        case "id":
                            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                            if !trimmed.contains("/api/errors"), let path = URLComponents(string: trimmed)?.path {
                                id = LinkAddress.arxivID(inPath: path)
                            }
                        case "title":
                            title = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                        default:
                            break
                        }
                    }
                    child = field.pointee.next
                }
                if let id { papers[id] = title }
            }
            entry = current.pointee.next
        }
        return papers
    }
}
