import ArgumentParser
import Foundation
import IssueModel
import IssueParsing

/// `importfeed parse`: prints the archive the inputs hold.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse issue files and print the archive.",
        discussion: """
            Each FILE may be plain text (.txt), Markdown (.md) or HTML (.html), detected from its name \
            and content, and may hold one issue or many. A folder stands for the issue files below it.

            The same issue arriving twice is kept once; a note on standard error says which copy was \
            kept. A file that cannot be read (missing, not UTF-8, a NUL character, a FIFO or device, \
            HTML the parser could not read to its end), a folder with no issue file, a file with no \
            issue and an issue number out of range are reported on standard error with file, line and \
            column; the other files are still printed, and the exit status is 1. An issue with no \
            story is printed and gets a warning.

            Formats:
              summary  one line per issue, newest first:
                       NUMBER<TAB>STORIES<TAB>TALE(yes|no)<TAB>LINKS<TAB>TITLE
              json     {"issues": [...]} with every issue's number, title, date, stories (headline, dek,
                       body, links with text, title, source, url, file, line), tale and source.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case summary, json
    }

    @Option(name: .long, help: "Output format: summary or json.")
    var format: OutputFormat = .summary

    @Argument(help: "Issue files or folders to parse.")
    var files: [String]

    mutating func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one FILE to parse.") }
    }

    func run() throws {
        let result = ArchiveParser().parse(paths: files)
        var standardError = StandardError()
        for error in result.errors { print("importfeed: error: \(error)", to: &standardError) }
        for warning in result.warnings { print("importfeed: warning: \(warning)", to: &standardError) }
        for duplicate in result.duplicates { print("importfeed: note: \(duplicate)", to: &standardError) }

        switch format {
        case .summary:
            let lines = result.archive.summaryLines
            if !lines.isEmpty { FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8)) }
        case .json:
            var data = try result.archive.jsonData()
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        }
        if !result.errors.isEmpty { throw ExitCode(1) }
    }
}

/// Standard error as a `TextOutputStream`.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
