import Foundation
internal import CLibXML2

/// A RELAX NG schema compiled by libxml2, and validation against it with every error collected
/// (message and line) through a structured handler rather than printed.
///
/// Owns the compiled schema and frees it in `deinit`; one owner uses it at a time.
final class RelaxNGValidator {
    private let schema: xmlRelaxNGPtr

    /// The error collector a validation run hands to libxml2 as user data.
    private final class Collector {
        var problems: [(message: String, line: Int?, node: xmlNodePtr?)] = []
    }

    /// Compiles the schema at `path`; nil when it cannot be read or compiled.
    init?(schemaPath: String) {
        guard let parser = xmlRelaxNGNewParserCtxt(schemaPath) else { return nil }
        defer { xmlRelaxNGFreeParserCtxt(parser) }
        guard let schema = xmlRelaxNGParse(parser) else { return nil }
        self.schema = schema
    }

    deinit { xmlRelaxNGFree(schema) }

    /// Every schema error of `document`, in document order.
    func validate(_ document: XMLFeedDocument) -> [(message: String, line: Int?, node: xmlNodePtr?)] {
        guard let context = xmlRelaxNGNewValidCtxt(schema) else { return [("cannot start RELAX NG validation", nil, nil)] }
        defer { xmlRelaxNGFreeValidCtxt(context) }
        let collector = Collector()
        let userData = Unmanaged.passUnretained(collector).toOpaque()
        xmlRelaxNGSetValidStructuredErrors(context, { userData, error in
            guard let userData, let error else { return }
            let collector = Unmanaged<Collector>.fromOpaque(userData).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) } ?? "invalid"
            let node = error.pointee.node?.assumingMemoryBound(to: xmlNode.self)
            let line = error.pointee.line > 0 ? Int(error.pointee.line) : node.map { Int(xmlGetLineNo($0)) }
            collector.problems.append((message.trimmingCharacters(in: "\n "), line, node))
        }, userData)
        let status = xmlRelaxNGValidateDoc(context, document.document)
        withExtendedLifetime(collector) {}
        if status != 0 && collector.problems.isEmpty {
            return [("the document does not match the schema", nil, nil)]
        }
        return collector.problems
    }

    /// The schema file shipped with the package for `kind`.
    static func schemaPath(for kind: FeedKind) -> String? {
        let name = kind == .atom ? "atom" : "rss"
        return Bundle.module.path(forResource: name, ofType: "rng", inDirectory: "Schemas")
    }
}
