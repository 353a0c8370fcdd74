import ArgumentParser

/// `importfeed`: the Import AI archive as a typed model, feeds and a link audit.
@main
struct ImportFeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "importfeed",
        abstract: "Parse the Import AI newsletter archive into a typed model.",
        discussion: """
            Reads issues from plain text, Markdown drafts and HTML pages (one or many issues per file) \
            and prints them. Run `importfeed help parse` for the details of each subcommand.
            """,
        subcommands: [ParseCommand.self]
    )
}
