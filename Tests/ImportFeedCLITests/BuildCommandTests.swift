import Foundation
import Testing

/// `importfeed build` and `importfeed validate`, run as the cron job and the author run them.
@Suite(.serialized)
struct BuildCommandTests {
    typealias Run = ParseCommandTests.Run

    static func run(_ arguments: [String]) throws -> Run { try ParseCommandTests.run(arguments) }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func theDefaultBuildReproducesTheCommittedFeedsByteForByte() throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try Self.run(["build", "--config", "config.json", "--out", out.path])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.isEmpty, "warnings or notes: \(run.errors)")
        for name in ["feed.xml", "atom.xml", "feed.json"] {
            let built = FileManager.default.contents(atPath: out.appendingPathComponent(name).path)
            let committed = FileManager.default.contents(atPath: ParseCommandTests.root.appendingPathComponent("feeds/\(name)").path)
            #expect(built != nil && built == committed, "\(name) differs from the committed feeds/\(name)")
        }
        let again = try Self.run(["build", "--config", "config.json", "--out", out.path])
        #expect(again.output.contains("up to date"))
    }

    @Test func aConfigurationErrorNamesTheKey() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config.json")
        try Data(#"{"title": "T", "description": "d", "home_page_url": "https://e.org/", "feed_base_url": "https://e.org/", "author": "A", "inputs": ["x"], "permalink": "https://e.org/{number}", "items_per_feed": -1}"#.utf8).write(to: config)
        let run = try Self.run(["build", "--config", config.path])
        #expect(run.status == 2)
        #expect(run.errors.contains("\"items_per_feed\": expected a whole number of at least 1"))
        let missing = try Self.run(["build", "--config", folder.appendingPathComponent("none.json").path])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("none.json"))
    }

    @Test func validateReportsEveryProblemWithItsLine() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var feed = String(decoding: FileManager.default.contents(atPath: ParseCommandTests.root.appendingPathComponent("feeds/feed.xml").path)!, as: UTF8.self)
        feed = feed.replacingOccurrences(of: "<pubDate>Mon, 29 May 2023", with: "<pubDate>Tue, 29 May 2023")
        feed = feed.replacingOccurrences(of: "https://importai.example.org/p/import-ai-332</guid>", with: "https://importai.example.org/p/import-ai-333</guid>")
        let path = folder.appendingPathComponent("broken.xml").path
        try Data(feed.utf8).write(to: URL(fileURLWithPath: path))
        let run = try Self.run(["validate", path, "feeds/atom.xml", "feeds/feed.json"])
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("\(path):") && $0.contains("error [rfc822-date]") && $0.contains("day of the week") })
        #expect(lines.contains { $0.hasPrefix("\(path):") && $0.contains("error [unique-id]") && $0.contains("Import AI 332") })
        #expect(lines.contains("feeds/atom.xml: valid"))
        #expect(lines.contains("feeds/feed.json: valid"))
    }

    /// Builds the sample archive into `out`, changing the site's title so that each variant's feeds differ.
    static func writeConfig(in folder: URL, variant: Int, out: URL) throws -> String {
        let config = folder.appendingPathComponent("config-\(variant).json")
        let archive = ParseCommandTests.root.appendingPathComponent("archive").path
        let text = """
            {"title": "Variant \(variant)", "description": "d", "home_page_url": "https://e.org/",
             "feed_base_url": "https://e.org/feeds/", "author": "Jack Clark", "inputs": ["\(archive)"],
             "output_dir": "\(out.path)", "permalink": "https://e.org/p/{number}", "dates": {"334": "2023-06-05"}}
            """
        try Data(text.utf8).write(to: config)
        return config.path
    }

    /// The feeds each configuration builds on its own, into a folder of its own.
    static func expectedFeeds(for configs: [String], in folder: URL) throws -> [[String: Data]] {
        try configs.enumerated().map { index, config in
            let single = folder.appendingPathComponent("single-\(index)")
            _ = try run(["build", "--config", config, "--out", single.path])
            return snapshot(single)
        }
    }

    static func snapshot(_ out: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        for name in ["feed.xml", "atom.xml", "feed.json"] {
            result[name] = FileManager.default.contents(atPath: out.appendingPathComponent(name).path)
        }
        return result
    }

    /// Starts `importfeed build --force --quiet --config config` without waiting for it.
    static func startBuild(config: String) throws -> Process {
        let process = Process()
        process.executableURL = ParseCommandTests.binary
        process.arguments = ["build", "--force", "--quiet", "--config", config]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test(.timeLimit(.minutes(2)))
    func twoBuildsAtOnceNeverInterleave() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("feeds")
        let configs = try [1, 2].map { try Self.writeConfig(in: folder, variant: $0, out: out) }
        let expected = try Self.expectedFeeds(for: configs, in: folder)
        for _ in 0..<5 {
            let processes = try configs.map { try Self.startBuild(config: $0) }
            for process in processes { process.waitUntilExit() }
            #expect(processes.allSatisfy { $0.terminationStatus == 0 })
            // Whichever build went last, the folder holds exactly its three feeds.
            let now = Self.snapshot(out)
            #expect(now == expected[0] || now == expected[1])
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aBuildKilledAtAnyMomentLeavesOldOrNewFilesNeverTornOnes() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("feeds")
        let configs = try [1, 2].map { try Self.writeConfig(in: folder, variant: $0, out: out) }
        let variants = try Self.expectedFeeds(for: configs, in: folder)
        _ = try Self.run(["build", "--config", configs[0]])
        var killed = 0
        for attempt in 0..<40 {
            let process = try Self.startBuild(config: configs[attempt % 2])
            usleep(UInt32.random(in: 0...40_000))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            let files = Self.snapshot(out)
            for name in ["feed.xml", "atom.xml", "feed.json"] {
                let bytes = files[name]
                #expect(bytes == variants[0][name] || bytes == variants[1][name], "attempt \(attempt): \(name) is torn")
            }
        }
        #expect(killed > 0, "no build was killed while running; the test proved nothing")
        // The next build cleans up whatever a killed one left behind.
        let final = try Self.run(["build", "--force", "--config", configs[0]])
        #expect(final.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).allSatisfy { !$0.contains(".tmp-") })
    }
}
