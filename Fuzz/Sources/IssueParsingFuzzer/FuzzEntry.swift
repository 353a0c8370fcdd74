import CFuzzerDriver
import IssueModel
import IssueParsing

/// libFuzzer's entry point: any bytes, read as each of the three formats and recognised. Every
/// call must return a model or an error; a crash, a trap or a hang is a bug. Valid UTF-8 is also
/// read as Markdown whole and in pieces, which must agree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let parser = ArchiveParser()
    for format in InputFormat.allCases {
        let result = parser.parse(sources: [(name: "fuzz-input", bytes: bytes, format: format)])
        // The archive's invariant: every issue in it has a number.
        if result.archive.issues.contains(where: { $0.number == nil }) {
            fatalError("an issue without a number reached the archive")
        }
        // Every link and style of every text stays inside its text.
        for issue in result.archive.issues {
            let bodies = issue.notes + issue.stories.flatMap(\.body) + (issue.tale?.body ?? [])
            for text in bodies.flatMap(\.texts) {
                let count = text.text.utf8.count
                let ranges = text.anchors.map { ($0.start, $0.end) } + text.styles.map { ($0.start, $0.end) }
                if ranges.contains(where: { $0.0 < 0 || $0.0 > $0.1 || $0.1 > count }) {
                    fatalError("a link or style runs outside its text: \(text)")
                }
            }
        }
    }
    // Markdown read in pieces of one line wherever a cut is allowed reads as a whole.
    if Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes,
       MarkdownReader(pieceLines: 1).read(bytes, file: "fuzz-input") != MarkdownReader(pieceLines: .max).read(bytes, file: "fuzz-input") {
        fatalError("Markdown read in pieces differs from reading it whole")
    }
    return 0
}

/// The program's entry point. SwiftPM names an executable's entry `<Target>_main`; this one hands
/// the command line to libFuzzer's driver.
@_cdecl("IssueParsingFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) }
}
