#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ByteScanning
import IssueModel

/// Reads input files of any of the three formats into one archive.
///
/// Each file is read, checked for UTF-8, handed to its reader, and its blocks to the one
/// ``IssueRecognizer``. The archive then keeps each issue once (see ``IssueDeduplicator``) and gives
/// issues the dates other pages state for them.
public struct ArchiveParser: Sendable {
    public init() {}

    /// The files `paths` stand for: folders searched for issue files, glob patterns expanded;
    /// nothing at or below `excluded` (a build's output folder).
    public static func expandInputs(_ paths: [String], excluding excluded: String? = nil) -> [String] {
        InputFile.expand(paths, excluding: excluded).files
    }

    /// Parses every file of `paths` (folders are searched for issue files, glob patterns expanded;
    /// nothing at or below `excluded` is read). A file that fails is reported in the result's errors
    /// and does not stop the others; a folder with no issue file is an error too.
    public func parse(paths: [String], excluding excluded: String? = nil) -> ArchiveParseResult {
        let read = readFiles(paths: paths, excluding: excluded)
        return assemble(read.inputs.map(\.result), errors: read.errors)
    }

    /// The issues of each file of `paths`, as the files hold them — an untitled draft as an issue
    /// with no number — before the archive is assembled (no duplicates merged, no dates shared):
    /// what the link checker audits. The errors are those of ``parse(paths:excluding:)``.
    public func issuesByFile(paths: [String]) -> (files: [(file: String, issues: [Issue])], errors: [ParseError]) {
        let read = readFiles(paths: paths, excluding: nil)
        return (read.inputs.map { ($0.file, $0.result.issues) }, read.errors)
    }

    private func readFiles(paths: [String], excluding excluded: String?)
        -> (inputs: [(file: String, result: IssueRecognizer.Result)], errors: [ParseError]) {
        var inputs: [(file: String, result: IssueRecognizer.Result)] = []
        let expansion = InputFile.expand(paths, excluding: excluded)
        var errors = expansion.emptyFolders.map { ParseError(file: $0, reason: .noIssueFiles) }
        for path in expansion.files {
            do throws(ParseError) {
                inputs.append((path, try recognize(path: path)))
            } catch {
                errors.append(error)
            }
        }
        return (inputs, errors)
    }

    /// Parses in-memory inputs, each with the name used in messages and an optional format
    /// (detected when nil).
    public func parse(sources: [(name: String, bytes: [UInt8], format: InputFormat?)]) -> ArchiveParseResult {
        var inputs: [IssueRecognizer.Result] = []
        var errors: [ParseError] = []
        for source in sources {
            do throws(ParseError) {
                inputs.append(try recognize(bytes: source.bytes, file: source.name, format: source.format))
            } catch {
                errors.append(error)
            }
        }
        return assemble(inputs, errors: errors)
    }

    /// Reads the file at `path` into blocks.
    /// - Throws: ``ParseError`` when the file cannot be read or is not UTF-8.
    public func readDocument(path: String) throws(ParseError) -> BlockDocument {
        try readDocument(bytes: try InputFile.read(path), file: path, format: nil)
    }

    /// Reads bytes into blocks with the reader for `format` (detected from `file` and the bytes when nil).
    /// - Throws: ``ParseError`` with reason `.invalidUTF8` when the bytes are not UTF-8.
    public func readDocument(bytes: [UInt8], file: String, format: InputFormat?) throws(ParseError) -> BlockDocument {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let invalid: (offset: Int, line: Int, column: Int)? = bytes.withUnsafeBufferPointer { buffer in
            guard let offset = UTF8Validation.firstInvalidOffset(buffer) else { return nil }
            let position = UTF8Validation.lineAndColumn(of: offset, in: buffer)
            return (offset, position.line, position.column)
        }
        if let invalid {
            throw ParseError(file: file, line: invalid.line, column: invalid.column,
                             reason: .invalidUTF8(byte: bytes[invalid.offset]))
        }
        let nul: (line: Int, column: Int)? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let found = memchr(base, 0, buffer.count) else { return nil }
            return UTF8Validation.lineAndColumn(of: base.distance(to: found.assumingMemoryBound(to: UInt8.self)), in: buffer)
        }
        if let nul { throw ParseError(file: file, line: nul.line, column: nul.column, reason: .nulCharacter) }
        switch format ?? InputFormat.detect(path: file, bytes: bytes) {
        case .text: return PlainTextReader().read(bytes, file: file)
        case .markdown: return MarkdownReader().read(bytes, file: file)
        case .html: return try HTMLReader().read(bytes, file: file)
        }
    }

    private func recognize(path: String) throws(ParseError) -> IssueRecognizer.Result {
        try recognize(document: try readDocument(path: path))
    }

    private func recognize(bytes: [UInt8], file: String, format: InputFormat?) throws(ParseError)
        -> IssueRecognizer.Result {
        try recognize(document: try readDocument(bytes: bytes, file: file, format: format))
    }

    private func recognize(document: consuming BlockDocument) throws(ParseError) -> IssueRecognizer.Result {
        let file = document.file
        let result = IssueRecognizer().recognize(consume document)
        if let outOfRange = result.problems.first { throw outOfRange }
        if result.issues.isEmpty {
            throw ParseError(file: file, reason: .noIssue)
        }
        return result
    }

    private func assemble(_ inputs: [IssueRecognizer.Result], errors: [ParseError]) -> ArchiveParseResult {
        var statedDates: [IssueNumber: IssueDate] = [:]
        for input in inputs {
            for (number, date) in input.statedDates where statedDates[number] == nil { statedDates[number] = date }
        }
        var deduplicator = IssueDeduplicator()
        for input in inputs {
            for issue in input.issues { deduplicator.add(issue) }
        }
        // Each array is moved along, never shared, so that setting a date copies no issue.
        var (issues, duplicates, unplaced) = deduplicator.finish()
        for index in issues.indices where issues[index].date == nil {
            if let number = issues[index].number, let date = statedDates[number] { issues[index].date = date }
        }
        let warnings = issues.compactMap { issue -> ParseError? in
            guard issue.stories.isEmpty, let number = issue.number else { return nil }
            return ParseError(file: issue.location.file, line: issue.location.line, reason: .noStories(number))
        }
        // Handed over, not copied: the archive sorts the array in place.
        return ArchiveParseResult(archive: Archive(issues: consume issues), errors: errors + unplaced, warnings: warnings,
                                  duplicates: duplicates, statedDates: statedDates)
    }
}

/// What parsing a set of inputs gives: the archive, and what went wrong or was merged on the way.
public struct ArchiveParseResult: Sendable {
    /// Every issue once, newest first.
    public var archive: Archive
    /// Files that could not be read and issues that could not be placed, in input order.
    public var errors: [ParseError]
    /// What was read but deserves a look: an issue with no story.
    public var warnings: [ParseError]
    /// Issues that arrived more than once, and which copy was kept.
    public var duplicates: [DuplicateIssue]
    /// Dates the inputs state for issues (their own, or others' in an archive page's list).
    public var statedDates: [IssueNumber: IssueDate]
}

/// An issue that arrived twice: which copy the archive kept and which it dropped.
public struct DuplicateIssue: Sendable, Hashable, CustomStringConvertible {
    public var number: IssueNumber
    public var kept: SourceLocation
    public var dropped: SourceLocation

    public init(number: IssueNumber, kept: SourceLocation, dropped: SourceLocation) {
        self.number = number
        self.kept = kept
        self.dropped = dropped
    }

    public var description: String {
        "issue \(number) appears twice: kept \(kept), dropped \(dropped)"
    }
}
