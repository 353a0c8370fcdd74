/// importfeed's version: the one constant the feeds' generator, the link checker's user agent, the
/// SARIF report and `importfeed --version` all name. A new version rewrites every published
/// document once (the generator is named in each).
public enum ImportFeedVersion {
    public static let current = "0.3"
}
