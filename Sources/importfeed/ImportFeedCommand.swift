import ArgumentParser

/// `importfeed`: the Import AI archive as a typed model, feeds and a link audit.
@main
struct ImportFeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "importfeed",
        abstract: "Parse the Import AI newsletter archive, publish it as feeds, and check feeds.",
        discussion: """
            Reads issues from plain text, Markdown drafts and HTML pages (one or many issues per file) \
            and prints them (parse), publishes them as RSS, Atom and JSON feeds (build), and validates \
            feed files (validate). Run `importfeed help SUBCOMMAND` for the details of each.
            """,
        subcommands: [BuildCommand.self, ParseCommand.self, ValidateCommand.self]
    )
}
