import Synchronization
import Foundation
@testable import FeedPublishing
import ImportFeedConfig
import IssueModel
import Testing

/// Builds into temporary folders: validation gates publishing, nothing is half-written, unchanged
/// files are left alone.
struct FeedBuilderTests {
    /// A temporary site folder with a config.json and an archive of one text issue per entry.
    struct Site {
        let folder: URL
        var feeds: URL { folder.appendingPathComponent("feeds") }

        init(issues: [(number: Int, date: String?)]) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-build-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("archive"), withIntermediateDirectories: true)
            try write(issues: issues)
            let dates = issues.compactMap { issue in issue.date.map { "\"\(issue.number)\": \"\($0)\"" } }
            let config = """
                {"title": "Test", "description": "Test feed", "home_page_url": "https://example.org/",
                 "feed_base_url": "https://example.org/feeds/", "author": "Jack Clark", "inputs": ["archive"],
                 "permalink": "https://example.org/p/import-ai-{number}", "dates": {\(dates.joined(separator: ", "))}}
                """
            try Data(config.utf8).write(to: folder.appendingPathComponent("config.json"))
        }

        func write(issues: [(number: Int, date: String?)]) throws {
            for issue in issues {
                let text = "Import AI \(issue.number): Test issue\nHeadline \(issue.number):\n…dek…\nBody.\n   Read more: Paper (arXiv).\n"
                try Data(text.utf8).write(to: folder.appendingPathComponent("archive/\(issue.number).txt"))
            }
        }

        func builder() throws -> FeedBuilder {
            FeedBuilder(configuration: try SiteConfiguration.load(path: folder.appendingPathComponent("config.json").path))
        }

        func feedBytes() -> [String: Data] {
            var result: [String: Data] = [:]
            for name in ["feed.xml", "atom.xml", "feed.json"] {
                result[name] = FileManager.default.contents(atPath: feeds.appendingPathComponent(name).path)
            }
            return result
        }

        func modificationDates() throws -> [String: Date] {
            var result: [String: Date] = [:]
            for name in ["feed.xml", "atom.xml", "feed.json"] {
                let attributes = try FileManager.default.attributesOfItem(atPath: feeds.appendingPathComponent(name).path)
                result[name] = attributes[.modificationDate] as? Date
            }
            return result
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func buildsThreeValidFeedsAndThenIsUpToDate() throws {
        let site = try Site(issues: [(320, "2023-03-13"), (321, "2023-03-20")])
        defer { site.remove() }
        let first = try site.builder().build()
        #expect(!first.upToDate)
        #expect(Set(first.written) == ["feed.xml", "atom.xml", "feed.json"])
        #expect(first.itemCount == 2)
        let validator = FeedValidator()
        for (name, data) in site.feedBytes() {
            let bytes = [UInt8](try #require(data, "\(name) missing"))
            #expect(validator.validate(bytes).isEmpty, "\(name)")
        }
        let second = try site.builder().build()
        #expect(second.upToDate)
    }

    @Test func aRebuildWithNothingNewLeavesFilesAndTimesAlone() throws {
        let site = try Site(issues: [(320, "2023-03-13")])
        defer { site.remove() }
        _ = try site.builder().build()
        let before = try site.modificationDates()
        let bytes = site.feedBytes()
        Thread.sleep(forTimeInterval: 0.02)
        let forced = try site.builder().build(force: true)
        #expect(forced.written.isEmpty)
        #expect(Set(forced.unchanged) == ["feed.xml", "atom.xml", "feed.json"])
        #expect(try site.modificationDates() == before)
        #expect(site.feedBytes() == bytes)
    }

    @Test func aNewInputFileIsPickedUpWithoutForce() throws {
        let site = try Site(issues: [(320, "2023-03-13")])
        defer { site.remove() }
        _ = try site.builder().build()
        let draft = "---\ndate: 2023-03-20\n---\n# Import AI 321: New\n\n**Headline:**\n*…dek…*\n\nBody.\n"
        try Data(draft.utf8).write(to: site.folder.appendingPathComponent("archive/321.md"))
        let report = try site.builder().build()
        #expect(!report.upToDate)
        #expect(report.itemCount == 2)
    }

    @Test func aNewIssueWithoutADateFailsTheBuildAndReplacesNothing() throws {
        let site = try Site(issues: [(320, "2023-03-13")])
        defer { site.remove() }
        _ = try site.builder().build()
        try site.write(issues: [(321, nil)])
        // 321 has no date anywhere: the build fails, names it, and replaces nothing.
        let before = site.feedBytes()
        #expect {
            try site.builder().build()
        } throws: { error in
            guard case .items(let errors) = error as? FeedBuildError else { return false }
            return errors.map(\.number) == [IssueNumber(321)] && "\(errors[0])".contains("321.txt:1")
        }
        #expect(site.feedBytes() == before)
    }

    @Test func anInvalidFeedPublishesNothing() throws {
        let site = try Site(issues: [(320, "2023-03-13")])
        defer { site.remove() }
        _ = try site.builder().build()
        let before = site.feedBytes()
        let builder = try site.builder()
        var hostile = try FeedFixtures.items([FeedFixtures.issue(330, day: 1)])
        hostile[0].contentHTML = "<p>hello</p><script>alert(1)</script>"
        #expect {
            _ = try builder.render(hostile)
        } throws: { error in
            guard case .invalidFeeds(let feeds) = error as? FeedBuildError else { return false }
            // Every feed carries the content, so all three fail, each naming the rule and the issue.
            return feeds.count == 3 && feeds.allSatisfy { feed in
                feed.problems.contains { $0.rule == "content-safety" && $0.item?.hasPrefix("Import AI 330") == true }
            }
        }
        #expect(site.feedBytes() == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.folder.path).filter { $0.contains(".importfeed-") }
        #expect(leftovers.isEmpty)
    }

    @Test func anUnreadableInputPublishesNothing() throws {
        let site = try Site(issues: [(320, "2023-03-13")])
        defer { site.remove() }
        _ = try site.builder().build()
        let before = site.feedBytes()
        try Data([0x49, 0xFF]).write(to: site.folder.appendingPathComponent("archive/bad.txt"))
        #expect(throws: FeedBuildError.self) { try site.builder().build() }
        #expect(site.feedBytes() == before)
    }

    @Test(.timeLimit(.minutes(1))) func upToDateIsDecidedHoldingTheLock() throws {
        let site = try Site(issues: [(320, "2023-03-13")])
        defer { site.remove() }
        let builder = try site.builder()
        _ = try builder.build()
        // While another build holds the lock, a second one waits rather than answering "up to date".
        let holder = AtomicPublisher(directory: builder.outputDirectory, lockFile: builder.state.lockFile)
        let finished = Mutex(false)
        try holder.withLock {
            let thread = Thread {
                _ = try? builder.build()
                finished.withLock { $0 = true }
            }
            thread.start()
            usleep(400_000)
            #expect(finished.withLock { $0 } == false, "the build did not wait for the lock")
        }
        for _ in 0..<100 where !finished.withLock({ $0 }) { usleep(50_000) }
        #expect(finished.withLock { $0 })
    }

    @Test func aSecondPublisherWaitsForTheLock() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lock = folder.appendingPathComponent("state/lock").path
        let first = AtomicPublisher(directory: folder.appendingPathComponent("feeds").path, lockFile: lock)
        let second = AtomicPublisher(directory: folder.appendingPathComponent("feeds").path, lockFile: lock)
        try first.withLock {
            #expect {
                try second.withLock(timeout: 0.2) {}
            } throws: { error in
                "\(error)".contains("another build has held the lock")
            }
        }
        // Released: the second gets it now.
        try second.withLock(timeout: 0.2) {}
    }

    @Test func publishingReplacesTheFolderAsOneSetAndKeepsWhatItDoesNotWrite() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-publish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("feeds")
        let publisher = AtomicPublisher(directory: folder.path, lockFile: root.appendingPathComponent("lock").path)
        try publisher.withLock {
            try publisher.publish([FeedFile(name: "a.xml", bytes: Array("old a".utf8)), FeedFile(name: "b.xml", bytes: Array("b".utf8))])
        }
        try Data("mine".utf8).write(to: folder.appendingPathComponent("index.html"))
        let unchangedBefore = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("b.xml").path)
        // A killed build's leftovers, and two names that only look like them.
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent(".feeds.importfeed-new-Ab12Cd"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent(".feeds.importfeed-new-mine"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: root.appendingPathComponent(".notes.tmp-ABC123"))

        let outcome = try publisher.withLock {
            try publisher.publish([FeedFile(name: "a.xml", bytes: Array("new a".utf8)), FeedFile(name: "b.xml", bytes: Array("b".utf8))])
        }
        #expect(outcome.written == ["a.xml"])
        #expect(outcome.unchanged == ["b.xml"])
        #expect(fm.contents(atPath: folder.appendingPathComponent("a.xml").path) == Data("new a".utf8))
        #expect(fm.contents(atPath: folder.appendingPathComponent("index.html").path) == Data("mine".utf8))
        let unchangedAfter = try fm.attributesOfItem(atPath: folder.appendingPathComponent("b.xml").path)
        #expect(unchangedAfter[.modificationDate] as? Date == unchangedBefore[.modificationDate] as? Date)
        #expect(unchangedAfter[.systemFileNumber] as? Int == unchangedBefore[.systemFileNumber] as? Int,
                "an unchanged file is the same file, linked into the new folder")
        let names = Set(try fm.contentsOfDirectory(atPath: root.path))
        #expect(names == ["feeds", "lock", ".feeds.importfeed-new-mine", ".notes.tmp-ABC123"],
                "only the exact leftover pattern is removed")
    }

    /// Files staged from several threads at once (as the build stages each document when it is
    /// validated) are published together, nested folders included; an abandoned set leaves the
    /// published folder as it was and no staging folder behind.
    @Test func filesStagedFromManyThreadsArePublishedAsOneSetOrNotAtAll() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("importfeed-staging-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let folder = root.appendingPathComponent("feeds")
        let publisher = AtomicPublisher(directory: folder.path, lockFile: root.appendingPathComponent("lock").path)
        let files = (0..<40).map { FeedFile(name: $0 % 2 == 0 ? "feed-\($0).xml" : "archive/feed-\($0).xml", bytes: Array("v1 \($0)".utf8)) }
        try publisher.withLock {
            let staging = try publisher.beginStaging()
            DispatchQueue.concurrentPerform(iterations: files.count) { try? staging.stage(files[$0]) }
            let outcome = try staging.commit()
            #expect(outcome.written == files.map(\.name).sorted() && outcome.unchanged.isEmpty)
        }
        for file in files { #expect(fm.contents(atPath: folder.appendingPathComponent(file.name).path) == Data(file.bytes)) }

        // A second set changes half the files, then is abandoned: every old file stays.
        try publisher.withLock {
            let staging = try publisher.beginStaging()
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                var file = files[index]
                if index % 2 == 0 { file.bytes = Array("v2 \(index)".utf8) }
                try? staging.stage(file)
            }
            staging.abandon()
        }
        for file in files { #expect(fm.contents(atPath: folder.appendingPathComponent(file.name).path) == Data(file.bytes)) }
        #expect(Set(try fm.contentsOfDirectory(atPath: root.path)) == ["feeds", "lock"])
    }

    /// A file where the output folder's parent should be: the message names it and says why, and
    /// nothing is left behind.
    @Test func aFileInTheWayOfTheOutputFolderIsNamed() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("importfeed-in-the-way-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: root.appendingPathComponent("site"))
        let publisher = AtomicPublisher(directory: root.appendingPathComponent("site/feeds").path,
                                        lockFile: root.appendingPathComponent("lock").path)
        #expect {
            try publisher.withLock { try publisher.publish([FeedFile(name: "a.xml", bytes: Array("a".utf8))]) }
        } throws: { error in
            "\(error)" == "\(root.appendingPathComponent("site").path): cannot create the folder: a file of that name is in the way"
        }
        #expect(Set(try fm.contentsOfDirectory(atPath: root.path)) == ["site", "lock"])
    }
}
