import Foundation

extension LinkReport {
    /// The report as SARIF 2.1.0, so that CI systems can annotate the draft: dead links are errors,
    /// moved links warnings, links that could not be verified notes.
    public func sarif(toolVersion: String) throws -> Data {
        struct Message: Encodable { var text: String }
        struct Region: Encodable { var startLine: Int; var startColumn: Int? }
        struct Artifact: Encodable { var uri: String }
        struct Physical: Encodable { var artifactLocation: Artifact; var region: Region }
        struct Location: Encodable { var physicalLocation: Physical }
        struct Result: Encodable {
            var ruleId: String
            var level: String
            var message: Message
            var locations: [Location]
        }
        struct Rule: Encodable {
            var id: String
            var shortDescription: Message
        }
        struct Driver: Encodable {
            var name: String
            var version: String
            var rules: [Rule]
        }
        struct Tool: Encodable { var driver: Driver }
        struct Run: Encodable {
            var tool: Tool
            var results: [Result]
        }
        struct Log: Encodable {
            var version = "2.1.0"
            var schema = "https://json.schemastore.org/sarif-2.1.0.json"
            var runs: [Run]

            enum CodingKeys: String, CodingKey {
                case version, runs
                case schema = "$schema"
            }
        }

        let rules = [
            Rule(id: "dead-link", shortDescription: Message(text: "The link's page is gone (404, 410, unknown host).")),
            Rule(id: "moved-link", shortDescription: Message(text: "The link redirects permanently; point it at the new address.")),
            Rule(id: "unverified-link", shortDescription: Message(text: "The link could not be verified.")),
            Rule(id: "wrong-paper", shortDescription: Message(text: "The paper at the address is not the one the link names.")),
            Rule(id: "probably-dead-link", shortDescription: Message(text: "A soft 404: the server does not say not found, but the page is most likely gone.")),
        ]
        let results = entries.compactMap { entry -> Result? in
            let (rule, level): (String, String)
            switch entry.result.verdict {
            case .dead: (rule, level) = ("dead-link", "error")
            case .moved: (rule, level) = ("moved-link", "warning")
            case .titleMismatch: (rule, level) = ("wrong-paper", "warning")
            case .probablyDead: (rule, level) = ("probably-dead-link", "warning")
            case .unverified: (rule, level) = ("unverified-link", "note")
            case .alive, .noURL, .excluded: return nil
            }
            var text = "\(entry.cited.link.url ?? ""): \(entry.result.reason)"
            if entry.result.verdict == .moved, let final = entry.result.finalURL { text += "; update it to \(final)" }
            let location = Location(physicalLocation: Physical(
                artifactLocation: Artifact(uri: entry.cited.link.location.file),
                region: Region(startLine: entry.cited.link.location.line, startColumn: entry.cited.link.location.column)))
            return Result(ruleId: rule, level: level, message: Message(text: text), locations: [location])
        }
        let log = Log(runs: [Run(tool: Tool(driver: Driver(name: "importfeed", version: toolVersion, rules: rules)),
                                 results: results)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(log)
    }
}
