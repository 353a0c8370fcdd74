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
        // State goes to the temporary folder too: the test leaves nothing in the repository.
        let state = out.appendingPathComponent("state").path
        let feeds = out.appendingPathComponent("feeds")
        let run = try Self.run(["build", "--config", "config.json", "--out", feeds.path, "--state", state])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.isEmpty, "warnings or notes: \(run.errors)")
        // Every document: the three subscription feeds and their archive documents.
        let committedFolder = ParseCommandTests.root.appendingPathComponent("feeds")
        let names = try FileManager.default.subpathsOfDirectory(atPath: committedFolder.path).filter { $0.contains(".") }.sorted()
        #expect(names.count > 3, "the committed feeds include archive documents")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: feeds.path).filter { $0.contains(".") }.sorted() == names)
        for name in names {
            let built = FileManager.default.contents(atPath: feeds.appendingPathComponent(name).path)
            let committed = FileManager.default.contents(atPath: committedFolder.appendingPathComponent(name).path)
            #expect(built != nil && built == committed, "\(name) differs from the committed feeds/\(name)")
        }
        let again = try Self.run(["build", "--config", "config.json", "--out", feeds.path, "--state", state])
        #expect(again.output.contains("up to date"))
    }

    /// A fresh process compiles the RSS and Atom schemas side by side as its first libxml2 work: the
    /// moment libxml2 2.9 gets wrong when two schemas are compiled at once (about one build in twenty
    /// failed, "Error type 'nonNegativeInteger' is not exported by type library").
    @Test(.timeLimit(.minutes(2))) func everyFreshBuildCompilesItsSchemas() throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        var failures: [String] = []
        for round in 0..<80 {
            let folder = out.appendingPathComponent("round-\(round)")
            let run = try Self.run(["build", "--quiet", "--force", "--config", "config.json", "--out", folder.appendingPathComponent("feeds").path,
                                    "--state", folder.appendingPathComponent("state").path])
            if run.status != 0 { failures.append("round \(round): \(run.errors)") }
        }
        #expect(failures.isEmpty, "\(failures)")
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
        // The oldest archive page of the committed feeds: issues 332, 331 and 330.
        var feed = String(decoding: FileManager.default.contents(atPath: ParseCommandTests.root.appendingPathComponent("feeds/archive/feed-1.xml").path)!, as: UTF8.self)
        feed = feed.replacingOccurrences(of: "<pubDate>Mon, 22 May 2023", with: "<pubDate>Tue, 22 May 2023")
        feed = feed.replacingOccurrences(of: "https://importai.example.org/p/import-ai-331</guid>", with: "https://importai.example.org/p/import-ai-332</guid>")
        let path = folder.appendingPathComponent("broken.xml").path
        try Data(feed.utf8).write(to: URL(fileURLWithPath: path))
        let run = try Self.run(["validate", path, "feeds/atom.xml", "feeds/feed.json"])
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("\(path):") && $0.contains("error [rfc822-date]") && $0.contains("day of the week") })
        #expect(lines.contains { $0.hasPrefix("\(path):") && $0.contains("error [unique-id]") && $0.contains("Import AI 331") })
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

    /// A folder with two variants of the sample site sharing one output folder, what each builds on
    /// its own, and the first one published there.
    static func twoVariantsPublished() throws -> (folder: URL, out: URL, configs: [String], variants: [[String: Data]]) {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("feeds")
        let configs = try [1, 2].map { try writeConfig(in: folder, variant: $0, out: out) }
        let variants = try expectedFeeds(for: configs, in: folder)
        _ = try run(["build", "--config", configs[0]])
        return (folder, out, configs, variants)
    }

    /// Starts `importfeed build --force --quiet --config config` without waiting for it; its
    /// standard error goes to `config` + ".log".
    static func startBuild(config: String) throws -> Process {
        let process = Process()
        process.executableURL = ParseCommandTests.binary
        process.arguments = ["build", "--force", "--quiet", "--config", config]
        process.standardOutput = FileHandle.nullDevice
        FileManager.default.createFile(atPath: config + ".log", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: config + ".log")
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
            #expect(processes.allSatisfy { $0.terminationStatus == 0 },
                    "\(configs.map { (try? String(contentsOfFile: $0 + ".log", encoding: .utf8)) ?? "" })")
            // Whichever build went last, the folder holds exactly its three feeds.
            let now = Self.snapshot(out)
            #expect(now == expected[0] || now == expected[1])
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aBuildKilledAtAnyMomentLeavesOldOrNewFilesNeverTornOnes() throws {
        let (folder, out, configs, variants) = try Self.twoVariantsPublished()
        defer { try? FileManager.default.removeItem(at: folder) }
        var killed = 0
        for attempt in 0..<40 {
            let process = try Self.startBuild(config: configs[attempt % 2])
            usleep(UInt32.random(in: 0...40_000))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            // The set, not just each file: all three old or all three new.
            let files = Self.snapshot(out)
            #expect(files == variants[0] || files == variants[1], "attempt \(attempt): the feeds are a mixed set")
        }
        #expect(killed > 0, "no build was killed while running; the test proved nothing")
        // The next build cleans up whatever a killed one left behind.
        let final = try Self.run(["build", "--force", "--config", configs[0]])
        #expect(final.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".importfeed-new-") })
    }

    /// Starts a build that kills itself at a named point of publishing.
    static func buildStopping(at failpoint: String, config: String) throws -> Process {
        let process = Process()
        process.executableURL = ParseCommandTests.binary
        process.arguments = ["build", "--force", "--quiet", "--config", config]
        process.environment = ProcessInfo.processInfo.environment.merging(["IMPORTFEED_FAILPOINT": failpoint]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process
    }

    @Test(.timeLimit(.minutes(2)), arguments: [("before-exchange", 0), ("after-exchange", 1)])
    func aBuildStoppedAtEachStepOfPublishingLeavesAWholeSet(failpoint: String, expectedVariant: Int) throws {
        let (folder, out, configs, variants) = try Self.twoVariantsPublished()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stopped = try Self.buildStopping(at: failpoint, config: configs[1])
        #expect(stopped.terminationReason == .uncaughtSignal, "the build did not reach \(failpoint)")
        #expect(Self.snapshot(out) == variants[expectedVariant], "stopped at \(failpoint): not the whole \(expectedVariant == 0 ? "old" : "new") set")
        // The next build removes what the stopped one left beside the folder, and nothing else.
        try Data("keep".utf8).write(to: folder.appendingPathComponent(".feeds.importfeed-new-notours"))
        #expect(try Self.run(["build", "--force", "--config", configs[1]]).status == 0)
        let beside = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".feeds.") }
        #expect(beside == [".feeds.importfeed-new-notours"])
        #expect(Self.snapshot(out) == variants[1])
    }

    @Test func theOutputFolderHoldsTheFeedsAloneAndEachFolderHasItsOwnState() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("feeds")
        let second = folder.appendingPathComponent("mirror")
        let config = try Self.writeConfig(in: folder, variant: 1, out: first)
        let built = try Self.run(["build", "--config", config])
        #expect(built.status == 0, "\(built.errors)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: first.path)) == ["feed.xml", "atom.xml", "feed.json"])
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".importfeed").path),
                "build state lives beside config.json")
        // A build into another folder is not "up to date" because the first folder is.
        let into = try Self.run(["build", "--config", config, "--out", second.path])
        #expect(into.status == 0)
        #expect(!into.output.contains("up to date"))
        #expect(Self.snapshot(first) == Self.snapshot(second), "two builds of the same inputs, byte-identical folders")
        #expect(try Self.run(["build", "--config", config, "--out", second.path]).output.contains("up to date"))
    }

    @Test func whenTheStateCannotBeSavedAfterPublishingTheMessageSaysTheFeedsWereReplaced() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("feeds")
        let configs = try [1, 2].map { try Self.writeConfig(in: folder, variant: $0, out: out) }
        let variants = try Self.expectedFeeds(for: [configs[1]], in: folder)
        #expect(try Self.run(["build", "--config", configs[0]]).status == 0)
        // Make the manifest's place a folder, so that saving the state fails after publishing.
        let state = folder.appendingPathComponent(".importfeed")
        for outState in try FileManager.default.contentsOfDirectory(atPath: state.path) where outState.hasPrefix("out-") {
            let manifest = state.appendingPathComponent(outState).appendingPathComponent("manifest.json")
            try? FileManager.default.removeItem(at: manifest)
            try FileManager.default.createDirectory(at: manifest.appendingPathComponent("blocked"), withIntermediateDirectories: true)
        }
        let run = try Self.run(["build", "--config", configs[1]])
        #expect(run.status == 1)
        #expect(run.errors.contains("the feeds were published"))
        #expect(run.errors.contains("the feeds were replaced; only the build state is missing"))
        #expect(!run.errors.contains("no feed was replaced"))
        #expect(Self.snapshot(out) == variants[0])
    }
}
