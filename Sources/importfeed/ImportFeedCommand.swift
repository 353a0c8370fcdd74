import ArgumentParser
internal import CSystem
import IssueModel
import Foundation

/// `importfeed`: the Import AI archive as a typed model, feeds and a link audit.
@main
struct ImportFeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "importfeed",
        abstract: "Parse the Import AI newsletter archive, publish it as feeds, and check feeds.",
        discussion: """
            Reads issues from plain text, Markdown drafts and HTML pages (one or many issues per file) \
            and prints them (parse), publishes them as RSS, Atom and JSON feeds (build), validates \
            feed files (validate), and checks the links of drafts or of the archive (check). Run `importfeed help SUBCOMMAND` for the details of each.
            """,
        version: ImportFeedVersion.current,
        subcommands: [BuildCommand.self, CheckCommand.self, ParseCommand.self, ValidateCommand.self]
    )

    /// Runs the subcommand; a usage error (unknown option, bad value, missing argument) exits with
    /// status 2, as scripts that call importfeed expect, after the usual message and usage.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if command is CheckCommand {
                // The checker's threads mostly wait on the network: one malloc arena for all of them
                // (set before any of them allocates) lets the engine reuse what parsing the drafts
                // freed; a 20,000-link draft peaks at 60 MB instead of 75.
                importfeed_share_one_memory_arena()
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
