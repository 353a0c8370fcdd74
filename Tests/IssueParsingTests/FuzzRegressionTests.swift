import Foundation
import IssueModel
import IssueParsing
import Testing

/// Replays every input in Fixtures/fuzz-regressions — crashes the fuzzer found and hostile inputs
/// written by hand — through all three readers: each must give a model or a clear error.
struct FuzzRegressionTests {
    static let inputs: [URL] = {
        guard let folder = Bundle.module.url(forResource: "Fixtures/fuzz-regressions", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return names.sorted().map { folder.appendingPathComponent($0) }
    }()

    @Test func thereAreRegressionInputs() {
        #expect(Self.inputs.count >= 10)
    }

    @Test(arguments: inputs)
    func everyReaderGivesAModelOrAnError(input: URL) throws {
        let bytes = try [UInt8](Data(contentsOf: input))
        for format in InputFormat.allCases {
            let result = ArchiveParser().parse(sources: [(input.lastPathComponent, bytes, format)])
            #expect(result.archive.issues.allSatisfy { $0.number != nil })
            #expect(result.errors.allSatisfy { $0.file == input.lastPathComponent && !$0.message.isEmpty })
            #expect(!result.archive.issues.isEmpty || !result.errors.isEmpty,
                    "\(input.lastPathComponent) as \(format): neither issues nor an error")
        }
    }

    @Test func billionLaughsIsNotExpanded() throws {
        let input = try #require(Self.inputs.first { $0.lastPathComponent == "html-entities.html" })
        let result = ArchiveParser().parse(sources: [("entities.html", try [UInt8](Data(contentsOf: input)), .html)])
        let text = result.archive.issues.flatMap(\.notes).flatMap(\.texts).map(\.text).joined()
        #expect(!text.contains("xxxxxxxxxxxxxxxx"))
    }
}
