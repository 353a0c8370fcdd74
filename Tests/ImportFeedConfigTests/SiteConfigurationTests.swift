import Foundation
import ImportFeedConfig
import IssueModel
import Testing

struct SiteConfigurationTests {
    static var valid: [String: Any] { [
        "title": "Import AI", "description": "d", "home_page_url": "https://example.org/",
        "feed_base_url": "https://example.org/feeds", "author": "Jack Clark", "language": "en-US",
        "inputs": ["archive", "drafts/*.md"], "permalink": "https://example.org/p/import-ai-{number}",
        "dates": ["320": "2023-03-13", "320B": "2023-03-15"], "feeds": ["rss": "rss.xml"],
    ] }

    static func parse(_ object: [String: Any], file: String = "site/config.json") throws(ConfigurationError)
        -> SiteConfiguration {
        let data = try! JSONSerialization.data(withJSONObject: object)
        return try SiteConfiguration.parse(data, file: file)
    }

    static func problem(_ change: (inout [String: Any]) -> Void) -> ConfigurationError? {
        var object = valid
        change(&object)
        do {
            _ = try parse(object)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsEveryKeyWithDefaultsAndRelativePaths() throws {
        let configuration = try Self.parse(Self.valid)
        #expect(configuration.inputs == ["site/archive", "site/drafts/*.md"])
        #expect(configuration.outputDirectory == "site/feeds")
        #expect(configuration.itemsPerFeed == 20)
        #expect(configuration.feedBaseURL == "https://example.org/feeds/")
        #expect(configuration.feedNames.rss == "rss.xml")
        #expect(configuration.feedNames.atom == "atom.xml")
        #expect(configuration.dates[IssueNumber(320, suffix: "B")] == IssueDate(year: 2023, month: 3, day: 15))
        #expect(configuration.permalink(for: IssueNumber(320, suffix: "B")) == "https://example.org/p/import-ai-320b")
    }

    @Test(arguments: [
        ("title", "missing; it is required"),
        ("permalink", "missing; it is required"),
        ("inputs", "missing; list the input files, folders or globs"),
    ])
    func aMissingRequiredKeyIsNamed(key: String, problem: String) {
        let error = Self.problem { $0.removeValue(forKey: key) }
        #expect(error?.key == key)
        #expect(error?.problem == problem)
    }

    @Test func wrongValuesNameTheirKey() {
        #expect(Self.problem { $0["items_per_feed"] = 0 }?.key == "items_per_feed")
        #expect(Self.problem { $0["items_per_feed"] = true }?.key == "items_per_feed")
        #expect(Self.problem { $0["items_per_feed"] = "20" }?.key == "items_per_feed")
        #expect(Self.problem { $0["home_page_url"] = "example.org" }?.key == "home_page_url")
        #expect(Self.problem { $0["feed_base_url"] = "ftp://example.org/" }?.key == "feed_base_url")
        #expect(Self.problem { $0["permalink"] = "https://example.org/p/" }?.problem.contains("{number}") == true)
        #expect(Self.problem { $0["dates"] = ["320": "13 March 2023"] }?.key == "dates.320")
        #expect(Self.problem { $0["dates"] = ["three": "2023-03-13"] }?.key == "dates.three")
        #expect(Self.problem { $0["language"] = "english language" }?.key == "language")
        #expect(Self.problem { $0["feeds"] = ["rss": "../escape.xml"] }?.key == "feeds.rss")
        #expect(Self.problem { $0["feeds"] = ["rss": "a.xml", "atom": "a.xml"] }?.key == "feeds")
        #expect(Self.problem { $0["inputs"] = [] as [String] }?.key == "inputs")
    }

    @Test func anUnknownKeyIsReportedAsATypo() {
        let error = Self.problem { $0["items_per_page"] = 10 }
        #expect(error?.key == "items_per_page")
        #expect(error?.problem.contains("unknown key") == true)
        #expect(error?.description.hasPrefix("site/config.json: \"items_per_page\": unknown key") == true)
    }

    @Test func unreadableAndMalformedFiles() {
        #expect(throws: ConfigurationError.self) { try SiteConfiguration.load(path: "/nonexistent/config.json") }
        #expect(throws: ConfigurationError.self) { try SiteConfiguration.parse(Data("{".utf8), file: "c.json") }
        #expect(throws: ConfigurationError.self) { try SiteConfiguration.parse(Data("[]".utf8), file: "c.json") }
    }

    @Test func theRepositorysOwnConfigurationLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let configuration = try SiteConfiguration.load(path: root.appendingPathComponent("config.json").path)
        #expect(configuration.inputs.count == 1)
        #expect(configuration.itemsPerFeed == 20)
    }
}

struct LinkCheckConfigurationTests {
    @Test func linkCheckSettingsAreReadAndCheckedByKey() throws {
        var object = SiteConfigurationTests.valid
        object["link_check"] = ["max_concurrency": 64, "host_request_interval": 0.5, "cache": ".cache/links.json",
                                "arxiv_api": "http://127.0.0.1:9/api/query"]
        let configuration = try SiteConfigurationTests.parse(object)
        #expect(configuration.linkCheck.maxConcurrency == 64)
        #expect(configuration.linkCheck.hostConcurrency == 4)
        #expect(configuration.linkCheck.hostRequestInterval == 0.5)
        #expect(configuration.linkCheck.cacheFile == "site/.cache/links.json")
        #expect(configuration.linkCheck.arxivAPI == "http://127.0.0.1:9/api/query")
        #expect(SiteConfigurationTests.problem { $0["link_check"] = ["timeout": 0] }?.key == "link_check.timeout")
        #expect(SiteConfigurationTests.problem { $0["link_check"] = ["max_conncurrency": 3] }?.key == "link_check.max_conncurrency")
        #expect(SiteConfigurationTests.problem { $0["link_check"] = ["arxiv_api": "ftp://x"] }?.key == "link_check.arxiv_api")
    }

    /// config.json as text, for what an object literal cannot say (order, duplicates, syntax).
    static func parseText(_ text: String) throws(ConfigurationError) -> SiteConfiguration {
        try SiteConfiguration.parse(Data(text.utf8), file: "config.json")
    }

    static let minimalText = """
        {"title": "T", "description": "d", "home_page_url": "https://example.org/",
         "feed_base_url": "https://example.org/feeds/", "author": "A", "inputs": ["archive"],
         "permalink": "https://example.org/p/{number}"
        """

    @Test func zeroAndOneAreNumbersNotBooleans() throws {
        let configuration = try Self.parseText(Self.minimalText + """
            , "items_per_feed": 1,
             "link_check": {"max_retries": 0, "host_request_interval": 0, "max_concurrency": 1, "timeout": 1,
                            "max_redirects": 1, "retry_backoff": 0}}
            """)
        #expect(configuration.itemsPerFeed == 1)
        #expect(configuration.linkCheck.maxRetries == 0)
        #expect(configuration.linkCheck.hostRequestInterval == 0)
        #expect(configuration.linkCheck.maxConcurrency == 1)
        #expect(configuration.linkCheck.timeout == 1)
        #expect(configuration.linkCheck.maxRedirects == 1)
        // A boolean is still no number, and 1.5 no whole number.
        #expect(throws: ConfigurationError.self) { try Self.parseText(Self.minimalText + #", "items_per_feed": true}"#) }
        #expect(throws: ConfigurationError.self) { try Self.parseText(Self.minimalText + #", "items_per_feed": 1.5}"#) }
    }

    @Test func aSyntaxErrorNamesLineAndColumn() {
        do {
            _ = try Self.parseText("{\n  \"title\": \"T\",\n  \"author\" \"A\"\n}")
            Issue.record("a missing colon was accepted")
        } catch {
            #expect(error.description == "config.json: not valid JSON: line 3, column 12: expected ':' after the key \"author\"")
        }
    }

    @Test func aDuplicateKeyIsAnError() {
        do {
            _ = try Self.parseText(Self.minimalText + ",\n \"items_per_feed\": 5, \"items_per_feed\": 10}")
            Issue.record("a duplicate key was accepted")
        } catch {
            #expect(error.description.contains("duplicate key \"items_per_feed\""))
            #expect(error.description.contains("line 4"))
        }
    }

    @Test func aDayWithoutATimeIsPublishedAtTheConfiguredTimeAndZone() throws {
        let day = try #require(IssueDate(year: 2024, month: 7, day: 1))
        let noon = try Self.parseText(Self.minimalText + "}")
        #expect(noon.publicationMoment(on: day).description == "2024-07-01T12:00:00Z", "default: noon UTC")
        let offset = try Self.parseText(Self.minimalText + #", "publish_time": "09:30", "time_zone": "-05:00"}"#)
        #expect(offset.publicationMoment(on: day).description == "2024-07-01T09:30:00-05:00")
        let named = try Self.parseText(Self.minimalText + #", "publish_time": "08:00", "time_zone": "Europe/London"}"#)
        #expect(named.publicationMoment(on: day).description == "2024-07-01T08:00:00+01:00", "summer time")
        #expect(named.publicationMoment(on: try #require(IssueDate(year: 2024, month: 1, day: 8))).description
                    == "2024-01-08T08:00:00Z")
        #expect(throws: ConfigurationError.self) { try Self.parseText(Self.minimalText + #", "publish_time": "25:00"}"#) }
        #expect(throws: ConfigurationError.self) { try Self.parseText(Self.minimalText + #", "time_zone": "Mars/Olympus"}"#) }
    }

    @Test func linkCheckExcludeTakesRegularExpressions() throws {
        let configuration = try Self.parseText(Self.minimalText + #", "link_check": {"exclude": ["^https://x\\.com/", "utm_"]}}"#)
        #expect(configuration.linkCheck.exclude == [#"^https://x\.com/"#, "utm_"])
        do {
            _ = try Self.parseText(Self.minimalText + #", "link_check": {"exclude": ["(unclosed"]}}"#)
            Issue.record("an invalid regular expression was accepted")
        } catch {
            #expect(error.description.contains("link_check.exclude[0]"))
        }
    }

    @Test func softNotFoundProbeAndArchivedCopiesAreSwitchedByBooleans() throws {
        let defaults = try Self.parseText(Self.minimalText + "}")
        #expect(defaults.linkCheck.soft404Probe && !defaults.linkCheck.suggest)
        #expect(defaults.linkCheck.waybackAPI == "https://archive.org/wayback/available")
        let set = try Self.parseText(Self.minimalText + #", "link_check": {"soft_404_probe": false, "suggest": true, "wayback_api": "http://127.0.0.1:9/wayback/available"}}"#)
        #expect(!set.linkCheck.soft404Probe && set.linkCheck.suggest)
        #expect(set.linkCheck.waybackAPI == "http://127.0.0.1:9/wayback/available")
        for bad in [#""suggest": 1"#, #""soft_404_probe": "no""#, #""wayback_api": "archive.org""#] {
            do {
                _ = try Self.parseText(Self.minimalText + #", "link_check": {"# + bad + "}}")
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.description.contains("link_check."), "\(error)")
            }
        }
    }
}
