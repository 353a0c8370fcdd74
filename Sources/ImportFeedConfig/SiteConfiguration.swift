import Foundation
import IssueModel
import JSONText

/// `config.json`: what to read, where to write, and what the feeds say about the site.
///
/// Key names are stable (scripts and other tools write these files). Paths are relative to the
/// configuration file's folder.
public struct SiteConfiguration: Sendable, Hashable {
    /// A time of day, in whole minutes.
    public struct TimeOfDay: Sendable, Hashable {
        public var hour: Int
        public var minute: Int

        public init(hour: Int, minute: Int) {
            self.hour = hour
            self.minute = minute
        }
    }

    /// The feed files' names, each configurable.
    public struct FeedNames: Sendable, Hashable {
        public var rss = "feed.xml"
        public var atom = "atom.xml"
        public var json = "feed.json"
        public init() {}
    }

    /// The configuration file as named.
    public var file: String
    public var title: String
    public var description: String
    public var homePageURL: String
    /// The address the feed files are published under; each feed's own address is this plus its name.
    public var feedBaseURL: String
    public var author: String
    public var language: String
    /// Input files, folders or glob patterns, resolved against the configuration's folder.
    public var inputs: [String]
    /// The output folder, resolved against the configuration's folder.
    public var outputDirectory: String
    public var itemsPerFeed: Int
    /// An issue's address, with `{number}` standing for its number in lower case ("320", "320b").
    public var permalink: String
    /// Publication dates by issue number, for inputs that do not state them.
    public var dates: [IssueNumber: IssueDate]
    public var feedNames: FeedNames
    /// The link checker's settings (`"link_check"`).
    public var linkCheck: LinkCheckConfiguration
    /// The time of day at which an issue whose input gives only a day is published
    /// (`"publish_time"`, `HH:MM`, default 12:00), so that readers west of UTC do not show the day before.
    public var publishTime = TimeOfDay(hour: 12, minute: 0)
    /// The zone of ``publishTime`` (`"time_zone"`): `UTC` (the default), an offset such as `+01:00`,
    /// or a zone name such as `Europe/London` (its offset on each day, summer time included).
    public var timeZone: String = "UTC"
    /// Issues per archive document (`"archive_page_size"`, default: `items_per_feed`). The oldest
    /// issues fill page 1; only full pages are archived, and the subscription feed carries the rest.
    public var archivePageSize: Int = 20
    /// Where archive documents go, relative to the output folder (`"archive_pattern"`, with `{name}`,
    /// `{ext}` and `{page}`); nil for the publisher's default, `archive/{name}-{page}.{ext}`.
    public var archivePattern: String?

    /// The moment an issue of `date` is published when its input states no time: ``publishTime`` in
    /// ``timeZone`` on that day.
    public func publicationMoment(on date: IssueDate) -> IssueMoment {
        let offset = Self.utcOffsetMinutes(of: timeZone, on: date, hour: publishTime.hour, minute: publishTime.minute) ?? 0
        return IssueMoment(date: date, hour: publishTime.hour, minute: publishTime.minute, utcOffsetMinutes: offset)
            ?? IssueMoment(date: date, hour: 12, minute: 0)!
    }

    /// Minutes east of UTC of `zone` at that day and time; nil for a zone this machine does not know.
    static func utcOffsetMinutes(of zone: String, on date: IssueDate, hour: Int, minute: Int) -> Int? {
        if zone == "UTC" || zone == "Z" || zone == "GMT" { return 0 }
        if let first = zone.first, first == "+" || first == "-" {
            let digits = zone.dropFirst().filter { $0 != ":" }
            guard digits.count == 4, digits.allSatisfy(\.isNumber), let value = Int(digits) else { return nil }
            let minutes = value / 100 * 60 + value % 100
            guard value % 100 < 60, minutes <= 18 * 60 else { return nil }
            return first == "-" ? -minutes : minutes
        }
        guard let timeZone = TimeZone(identifier: zone),
              let utc = IssueMoment(date: date, hour: hour, minute: minute) else { return nil }
        return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc.secondsSinceEpoch))) / 60
    }

    /// Every key this version reads; anything else is reported as a likely typo.
    public static let knownKeys: Set<String> = [
        "title", "description", "home_page_url", "feed_base_url", "author", "language", "inputs", "output_dir",
        "items_per_feed", "permalink", "dates", "feeds", "link_check", "publish_time", "time_zone",
        "archive_page_size", "archive_pattern",
    ]

    /// Reads and checks the configuration file at `path`.
    /// - Throws: ``ConfigurationError`` naming the key and what is wrong.
    public static func load(path: String) throws(ConfigurationError) -> SiteConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(file: path, problem: "cannot read the configuration file (\(Self.reason(error)))")
        }
        return try parse(data, file: path)
    }

    /// Reads a configuration from JSON bytes; `file` names it in errors and anchors relative paths.
    /// - Throws: ``ConfigurationError`` naming the key and what is wrong.
    public static func parse(_ data: Data, file: String) throws(ConfigurationError) -> SiteConfiguration {
        let object: Any
        do throws(JSONReader.SyntaxError) {
            object = try JSONReader.parse([UInt8](data))
        } catch {
            throw ConfigurationError(file: file, problem: "not valid JSON: \(error.description)")
        }
        guard let root = object as? [String: Any] else {
            throw ConfigurationError(file: file, problem: "expected a JSON object at the top level")
        }
        var reader = KeyReader(file: file, object: root)
        for key in root.keys.sorted() where !knownKeys.contains(key) {
            throw ConfigurationError(file: file, key: key, problem:
                "unknown key (known keys: \(knownKeys.sorted().joined(separator: ", ")))")
        }
        let folder = (file as NSString).deletingLastPathComponent
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") || folder.isEmpty ? path : folder + "/" + path
        }

        var configuration = SiteConfiguration(
            file: file,
            title: try reader.string("title"),
            description: try reader.string("description"),
            homePageURL: try reader.url("home_page_url"),
            feedBaseURL: try reader.url("feed_base_url"),
            author: try reader.string("author"),
            language: try reader.languageTag("language", default: "en"),
            inputs: try reader.strings("inputs").map(resolve),
            outputDirectory: resolve(try reader.string("output_dir", default: "feeds")),
            itemsPerFeed: try reader.positiveInteger("items_per_feed", default: 20),
            permalink: try reader.url("permalink"),
            dates: try reader.dates("dates"),
            feedNames: FeedNames(),
            linkCheck: try reader.linkCheck("link_check", resolve: resolve)
        )
        guard configuration.permalink.contains("{number}") else {
            throw ConfigurationError(file: file, key: "permalink", problem:
                "must contain {number}, e.g. \"https://importai.substack.com/p/import-ai-{number}\"")
        }
        if !configuration.feedBaseURL.hasSuffix("/") { configuration.feedBaseURL += "/" }
        configuration.feedNames = try reader.feedNames("feeds")
        if root["publish_time"] != nil {
            let text = try reader.string("publish_time")
            let parts = text.split(separator: ":")
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
                  let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60 else {
                throw ConfigurationError(file: file, key: "publish_time", problem: "expected a time as HH:MM, found \"\(text)\"")
            }
            configuration.publishTime = TimeOfDay(hour: hour, minute: minute)
        }
        configuration.archivePageSize = try reader.positiveInteger("archive_page_size", default: configuration.itemsPerFeed)
        if root["archive_pattern"] != nil {
            let pattern = try reader.string("archive_pattern")
            let pages = pattern.components(separatedBy: "{page}").count - 1
            guard pages == 1, pattern.contains("{name}"), !pattern.hasPrefix("/"), !pattern.hasPrefix("."),
                  !pattern.split(separator: "/").contains("..") else {
                throw ConfigurationError(file: file, key: "archive_pattern", problem:
                    "expected a relative path with {name} and one {page}, e.g. \"archive/{name}-{page}.{ext}\"")
            }
            configuration.archivePattern = pattern
        }
        if root["time_zone"] != nil {
            let zone = try reader.string("time_zone")
            guard Self.utcOffsetMinutes(of: zone, on: IssueDate(year: 2024, month: 1, day: 1)!, hour: 12, minute: 0) != nil else {
                throw ConfigurationError(file: file, key: "time_zone", problem:
                    "expected UTC, an offset such as \"+01:00\" or a zone name such as \"Europe/London\", found \"\(zone)\"")
            }
            configuration.timeZone = zone
        }
        return configuration
    }

    /// The permalink of issue `number`.
    public func permalink(for number: IssueNumber) -> String {
        permalink.replacingEvery("{number}", with: number.description.lowercased())
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}

/// Reads typed values out of the configuration object, each failure naming its key.
private struct KeyReader {
    let file: String
    let object: [String: Any]

    func fail(_ key: String, _ problem: String) -> ConfigurationError {
        ConfigurationError(file: file, key: key, problem: problem)
    }

    func string(_ key: String, default fallback: String? = nil) throws(ConfigurationError) -> String {
        guard let value = object[key] else {
            if let fallback { return fallback }
            throw fail(key, "missing; it is required")
        }
        guard let text = value as? String else { throw fail(key, "expected a string") }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw fail(key, "must not be empty") }
        return text
    }

    func url(_ key: String) throws(ConfigurationError) -> String {
        let text = try string(key)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host?.isEmpty == false else {
            throw fail(key, "expected an absolute http or https URL, found \"\(text)\"")
        }
        return text
    }

    func languageTag(_ key: String, default fallback: String) throws(ConfigurationError) -> String {
        let tag = try string(key, default: fallback)
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        let valid = !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.count <= 8 && $0.allSatisfy(\.isASCII) }
            && parts[0].allSatisfy(\.isLetter) && parts.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber } }
        guard valid else { throw fail(key, "expected a language tag such as \"en\" or \"en-US\", found \"\(tag)\"") }
        return tag
    }

    func strings(_ key: String) throws(ConfigurationError) -> [String] {
        guard let value = object[key] else { throw fail(key, "missing; list the input files, folders or globs") }
        guard let list = value as? [Any], !list.isEmpty else {
            throw fail(key, "expected a non-empty list of paths or glob patterns")
        }
        var result: [String] = []
        for (index, item) in list.enumerated() {
            guard let path = item as? String, !path.isEmpty else { throw fail("\(key)[\(index)]", "expected a path") }
            result.append(path)
        }
        return result
    }

    func positiveInteger(_ key: String, default fallback: Int) throws(ConfigurationError) -> Int {
        guard let value = object[key] else { return fallback }
        guard let number = (value as? JSONNumber)?.integer, number >= 1 else {
            throw fail(key, "expected a whole number of at least 1")
        }
        return number
    }

    func dates(_ key: String) throws(ConfigurationError) -> [IssueNumber: IssueDate] {
        guard let value = object[key] else { return [:] }
        guard let table = value as? [String: Any] else {
            throw fail(key, "expected an object from issue number to date, e.g. {\"320\": \"2023-03-13\"}")
        }
        var dates: [IssueNumber: IssueDate] = [:]
        for (number, date) in table {
            guard let issue = IssueNumber(number) else {
                throw fail("\(key).\(number)", "\"\(number)\" is not an issue number")
            }
            guard let text = date as? String, text.utf8.count == 10, let day = IssueDate(iso: text) else {
                throw fail("\(key).\(number)", "expected a date as YYYY-MM-DD")
            }
            dates[issue] = day
        }
        return dates
    }

    func linkCheck(_ key: String, resolve: (String) -> String) throws(ConfigurationError) -> LinkCheckConfiguration {
        var settings = LinkCheckConfiguration()
        guard let value = object[key] else { return settings }
        guard let table = value as? [String: Any] else { throw fail(key, "expected an object of link-checker settings") }
        for name in table.keys.sorted() where !LinkCheckConfiguration.keys.contains(name) {
            throw fail("\(key).\(name)", "unknown key (known keys: \(LinkCheckConfiguration.keys.sorted().joined(separator: ", ")))")
        }
        let nested = KeyReader(file: file, object: table)
        func whole(_ name: String, _ fallback: Int, minimum: Int) throws(ConfigurationError) -> Int {
            guard table[name] != nil else { return fallback }
            guard let number = (table[name] as? JSONNumber)?.integer, number >= minimum else {
                throw fail("\(key).\(name)", "expected a whole number of at least \(minimum)")
            }
            return number
        }
        func seconds(_ name: String, _ fallback: Double, positive: Bool) throws(ConfigurationError) -> Double {
            guard table[name] != nil else { return fallback }
            guard let number = (table[name] as? JSONNumber)?.value, number >= 0, !positive || number > 0 else {
                throw fail("\(key).\(name)", positive ? "expected a number of seconds above 0" : "expected a number of seconds")
            }
            return number
        }
        settings.maxConcurrency = try whole("max_concurrency", settings.maxConcurrency, minimum: 1)
        settings.hostConcurrency = try whole("host_concurrency", settings.hostConcurrency, minimum: 1)
        settings.hostRequestInterval = try seconds("host_request_interval", settings.hostRequestInterval, positive: false)
        settings.connectTimeout = try seconds("connect_timeout", settings.connectTimeout, positive: true)
        settings.timeout = try seconds("timeout", settings.timeout, positive: true)
        settings.maxRetries = try whole("max_retries", settings.maxRetries, minimum: 0)
        settings.maxRedirects = try whole("max_redirects", settings.maxRedirects, minimum: 0)
        settings.retryAfterCap = try seconds("retry_after_cap", settings.retryAfterCap, positive: false)
        settings.retryBackoff = try seconds("retry_backoff", settings.retryBackoff, positive: false)
        settings.deadline = try seconds("deadline", settings.deadline, positive: true)
        settings.linkBudget = try seconds("link_budget", settings.linkBudget, positive: true)
        settings.cacheMaxAge = try seconds("cache_max_age", settings.cacheMaxAge, positive: false)
        settings.arxivBatchSize = try whole("arxiv_batch_size", settings.arxivBatchSize, minimum: 1)
        if table["cache"] != nil {
            do {
                settings.cacheFile = resolve(try nested.string("cache"))
            } catch {
                throw fail("\(key).cache", error.problem)
            }
        }
        if let value = table["exclude"] {
            guard let patterns = value as? [Any] else { throw fail("\(key).exclude", "expected a list of regular expressions") }
            for (index, pattern) in patterns.enumerated() {
                guard let text = pattern as? String, (try? NSRegularExpression(pattern: text)) != nil else {
                    throw fail("\(key).exclude[\(index)]", "expected a regular expression")
                }
                settings.exclude.append(text)
            }
        }
        for name in ["arxiv_api", "wayback_api"] where table[name] != nil {
            do {
                let address = try nested.url(name)
                if name == "arxiv_api" { settings.arxivAPI = address } else { settings.waybackAPI = address }
            } catch {
                throw fail("\(key).\(name)", error.problem)
            }
        }
        func flag(_ name: String, _ fallback: Bool) throws(ConfigurationError) -> Bool {
            guard let value = table[name] else { return fallback }
            guard let flag = value as? Bool else { throw fail("\(key).\(name)", "expected true or false") }
            return flag
        }
        settings.soft404Probe = try flag("soft_404_probe", settings.soft404Probe)
        settings.suggest = try flag("suggest", settings.suggest)
        return settings
    }

    func feedNames(_ key: String) throws(ConfigurationError) -> SiteConfiguration.FeedNames {
        var names = SiteConfiguration.FeedNames()
        guard let value = object[key] else { return names }
        guard let table = value as? [String: Any] else {
            throw fail(key, "expected an object such as {\"rss\": \"feed.xml\", \"atom\": \"atom.xml\", \"json\": \"feed.json\"}")
        }
        for (name, file) in table {
            guard let file = file as? String, !file.isEmpty, !file.contains("/"), !file.hasPrefix(".") else {
                throw fail("\(key).\(name)", "expected a plain file name")
            }
            switch name {
            case "rss": names.rss = file
            case "atom": names.atom = file
            case "json": names.json = file
            default: throw fail("\(key).\(name)", "unknown feed; the feeds are rss, atom and json")
            }
        }
        if Set([names.rss, names.atom, names.json]).count != 3 {
            throw fail(key, "the three feeds need three different file names")
        }
        return names
    }
}
