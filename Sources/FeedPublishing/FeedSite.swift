import ImportFeedConfig
import IssueModel

/// What every feed says about the site, and where each feed lives.
public struct FeedSite: Sendable, Hashable {
    public var title: String
    public var description: String
    public var homePageURL: String
    public var language: String
    public var author: String
    /// The address of each feed (its self link).
    public var rssURL: String
    public var atomURL: String
    public var jsonURL: String

    /// The generator named in the feeds; a fixed string, so that output does not change by itself.
    public static let generator = "importfeed"
    public static let generatorVersion = ImportFeedVersion.current

    public init(title: String, description: String, homePageURL: String, language: String, author: String,
                rssURL: String, atomURL: String, jsonURL: String) {
        self.title = title
        self.description = description
        self.homePageURL = homePageURL
        self.language = language
        self.author = author
        self.rssURL = rssURL
        self.atomURL = atomURL
        self.jsonURL = jsonURL
    }

    /// The site as a configuration describes it.
    public init(_ configuration: SiteConfiguration) {
        self.init(title: configuration.title, description: configuration.description,
                  homePageURL: configuration.homePageURL, language: configuration.language,
                  author: configuration.author, rssURL: configuration.feedBaseURL + configuration.feedNames.rss,
                  atomURL: configuration.feedBaseURL + configuration.feedNames.atom,
                  jsonURL: configuration.feedBaseURL + configuration.feedNames.json)
    }

    func url(of kind: FeedKind) -> String {
        switch kind {
        case .rss: rssURL
        case .atom: atomURL
        case .json: jsonURL
        }
    }
}
