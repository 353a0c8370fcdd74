import ArgumentParser
import FeedPublishing
import Foundation

/// `importfeed validate`: the build's validation, on any feed file.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate RSS 2.0, Atom 1.0 and JSON Feed files.",
        discussion: """
            Runs the checks `importfeed build` makes before it publishes: the XML is read with network \
            access off and no entity expansion, RSS and Atom are validated against their RELAX NG schemas, \
            and then the rules a schema cannot say: unique ids, RFC 822 dates in RSS and RFC 3339 in Atom, \
            absolute http(s) URLs, exactly one self link, non-empty titles, safe HTML content, and the \
            W3C Feed Validation Service's recommendations (as warnings). JSON Feed is checked against the \
            1.1 rules. Every problem is printed as FILE:LINE: severity [rule]: message.

            Exit status: 0 when no file has errors (warnings allowed unless --strict), 1 otherwise.
            """
    )

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    @Argument(help: "Feed files to validate.")
    var files: [String]

    mutating func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one feed FILE to validate.") }
    }

    func run() throws {
        let validator = FeedValidator()
        var failed = false
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                var standardError = StandardError()
                print("importfeed: error: \(file): cannot read file", to: &standardError)
                failed = true
                continue
            }
            let problems = validator.validate([UInt8](data), name: file)
            for problem in problems {
                let place = problem.line.map { "\(file):\($0)" } ?? file
                var text = "\(place): \(problem.severity.rawValue) [\(problem.rule)]: \(problem.message)"
                if let item = problem.item { text += " (in \"\(item)\")" }
                print(text)
            }
            let errors = problems.filter { $0.severity == .error }.count
            let warnings = problems.count - errors
            if errors > 0 || (strict && warnings > 0) { failed = true }
            if errors == 0 { print("\(file): valid" + (warnings > 0 ? " (\(warnings) warnings)" : "")) }
        }
        if failed { throw ExitCode(1) }
    }
}
