import Foundation
import Testing

/// Runs the built `importfeed` binary, as a user would.
struct ParseCommandTests {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The binary beside the test bundle in the build folder.
    static var binary: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !folder.path.isEmpty, folder.path != "/" {
            let candidate = folder.appendingPathComponent("importfeed")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/importfeed")
    }

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        process.currentDirectoryURL = root
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
                   errors: String(decoding: errData, as: UTF8.self))
    }

    /// libcurl (and the TLS, SSH, LDAP… libraries it pulls in) is loaded only when links are
    /// checked: parsing, building and validating start without it (glibc's loader lists every
    /// library it opens under LD_DEBUG=files).
    @Test func onlyTheLinkCheckerLoadsLibcurl() throws {
        let run = try Self.run(["parse", "archive"], environment: ["LD_DEBUG": "files"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.contains("libxml2"), "the loader's trace is there")
        #expect(!run.errors.contains("libcurl"))
    }

    @Test func summaryOfTheSampleArchive() throws {
        let run = try Self.run(["parse", "archive"])
        #expect(run.status == 0, "\(run.errors)")
        let lines = run.output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(lines.map { $0.first.map(String.init) } == ["336", "335", "334", "333", "332", "331", "330"])
        #expect(lines.allSatisfy { $0.count == 5 && $0[2] == "yes" })
        #expect(lines[0][4] == "Weather on a laptop; an eval for patience; the quiet rise of small models")
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let run = try Self.run(["parse", "--format", "json", "archive/import-ai-332.md"])
        #expect(run.status == 0, "\(run.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let issue = try #require((object["issues"] as? [[String: Any]])?.first)
        #expect(issue["number"] as? Int == 332)
        #expect(issue["date"] as? String == "2023-05-22")
        let link = try #require(((issue["stories"] as? [[String: Any]])?.first?["links"] as? [[String: Any]])?.last)
        #expect(link["url"] as? String == "https://example.org/papers/compute-and-statecraft")
        #expect(link["file"] as? String == "archive/import-ai-332.md")
        #expect(link["line"] as? Int == 19)
    }

    @Test func aBadFileBesideAGoodOneIsReportedAndTheGoodOneStillPrinted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.txt")
        try Data([0x49, 0x6D, 0x0A, 0xC3, 0x28]).write(to: bad)
        let run = try Self.run(["parse", bad.path, "archive/import-ai-330-331.txt", folder.appendingPathComponent("none.txt").path])
        #expect(run.status == 1)
        #expect(run.output.split(separator: "\n").count == 2)
        #expect(run.errors.contains("\(bad.path):2:1: invalid UTF-8"))
        #expect(run.errors.contains("none.txt: cannot read file: No such file or directory"))
    }

    @Test func usageErrorsAndHelp() throws {
        let missing = try Self.run(["parse"])
        #expect(missing.status != 0)
        #expect(missing.errors.contains("FILE") || missing.errors.contains("files"))
        let format = try Self.run(["parse", "--format", "xml", "archive"])
        #expect(format.status != 0)
        #expect(format.errors.contains("xml"))
        let help = try Self.run(["parse", "--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("NUMBER<TAB>STORIES<TAB>TALE(yes|no)<TAB>LINKS<TAB>TITLE"))
    }

    @Test func duplicatesAreReportedOnStandardError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-dup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("copy.md")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("archive/import-ai-332.md"), to: copy)
        let run = try Self.run(["parse", "archive/import-ai-332.md", copy.path, "archive/import-ai-332.md"])
        #expect(run.status == 0)
        #expect(run.output.split(separator: "\n").count == 1)
        #expect(run.errors.contains("note: issue 332 appears twice: kept archive/import-ai-332.md:8, dropped \(copy.path):8"))
        // A file named twice is read once: one note, not two.
        #expect(run.errors.split(separator: "\n").count == 1)
    }
}
