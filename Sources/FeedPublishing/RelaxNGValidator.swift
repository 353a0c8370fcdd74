import Foundation
import Synchronization
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

    /// One schema compiled at a time in the process: libxml2 2.9's RELAX NG compiler is not safe to
    /// run on two threads at once (a build compiling the RSS and Atom schemas side by side failed about
    /// one time in twenty with "Error type 'nonNegativeInteger' is not exported by type library").
    /// Validations against compiled schemas still run side by side.
    private static let compiling = Mutex(())

    /// Compiles the schema shipped for `kind` (RSS or Atom); nil when it cannot be compiled.
    convenience init?(for kind: FeedKind) {
        self.init(schema: kind == .atom ? PackageResources.atom_rng : PackageResources.rss_rng)
    }

    /// Compiles the schema `text` (RELAX NG in XML syntax, with nothing to include); nil when it
    /// cannot be compiled.
    init?(schema text: [UInt8]) {
        let compiled: xmlRelaxNGPtr? = Self.compiling.withLock { _ in
            text.withUnsafeBufferPointer { buffer -> xmlRelaxNGPtr? in
                guard let base = buffer.baseAddress,
                      let parser = base.withMemoryRebound(to: CChar.self, capacity: buffer.count, {
                          xmlRelaxNGNewMemParserCtxt($0, Int32(buffer.count))
                      }) else { return nil }
                defer { xmlRelaxNGFreeParserCtxt(parser) }
                return xmlRelaxNGParse(parser)
            }
        }
        guard let compiled else { return nil }
        schema = compiled
    }

    deinit { xmlRelaxNGFree(schema) }

    /// Entries (RSS items, Atom entries) validated in one pass.
    static let entriesPerPass = 256

    /// Every schema error of `document`.
    ///
    /// libxml2's RELAX NG validation grows faster than the feed: a channel's items sit in an
    /// `interleave`, which it matches in more than linear time (80,000 items take 3.2× as long as
    /// 40,000). A long feed is therefore validated in passes: its entries are taken out of their
    /// container, which is validated with ``entriesPerPass`` of them at a time, and put back where
    /// they were. Both schemas allow any number of entries anywhere among the container's other
    /// children, so the passes together accept exactly what one pass over the whole would; an error
    /// of the container itself, which every pass would see, ends the passes after the first.
    func validate(_ document: XMLFeedDocument) -> [(message: String, line: Int?, node: xmlNodePtr?)] {
        guard let context = xmlRelaxNGNewValidCtxt(schema) else { return [("cannot start RELAX NG validation", nil, nil)] }
        defer { xmlRelaxNGFreeValidCtxt(context) }
        guard let (container, entries) = Self.entries(of: document), entries.count > Self.entriesPerPass else {
            return validatePass(document, context: context)
        }
        let places = entries.map { $0.pointee.prev }
        for entry in entries { xmlUnlinkNode(entry) }
        defer {
            // Each entry goes back after the node it followed (an entry put back before it, or the
            // white space between them), or first.
            for (entry, previous) in zip(entries, places) {
                if let previous {
                    xmlAddNextSibling(previous, entry)
                } else if let first = container.pointee.children {
                    xmlAddPrevSibling(first, entry)
                } else {
                    xmlAddChild(container, entry)
                }
            }
        }
        var problems: [(message: String, line: Int?, node: xmlNodePtr?)] = []
        var reported: Set<String> = []
        for start in stride(from: 0, to: entries.count, by: Self.entriesPerPass) {
            let pass = entries[start..<min(start + Self.entriesPerPass, entries.count)]
            for entry in pass { xmlAddChild(container, entry) }
            let found = validatePass(document, context: context)
            for problem in found where reported.insert("\(problem.line ?? 0):\(problem.message)").inserted {
                problems.append(problem)
            }
            for entry in pass { xmlUnlinkNode(entry) }
            // A container that fails on its own fails every pass alike (and libxml2 then says little
            // that is true of the entries): the first pass has said what there is to say.
            if found.contains(where: { $0.node == container }) { break }
        }
        return problems
    }

    /// The element that holds the feed's entries (an RSS channel, an Atom feed) and its entries.
    private static func entries(of document: XMLFeedDocument) -> (xmlNodePtr, [xmlNodePtr])? {
        let root = document.root
        guard let container = root.name == "feed" ? root : root.child("channel") else { return nil }
        let entries = container.children().filter { $0.name == "item" || $0.name == "entry" }.map(\.pointer)
        return (container.pointer, entries)
    }

    /// One validation of the document as it stands, every error collected.
    private func validatePass(_ document: XMLFeedDocument, context: xmlRelaxNGValidCtxtPtr)
        -> [(message: String, line: Int?, node: xmlNodePtr?)] {
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
}
