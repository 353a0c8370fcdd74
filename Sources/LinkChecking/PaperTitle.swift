/// Whether a link's cited title names the paper an address holds: "Read more: Title (arXiv)"
/// against the title the arXiv API gives for the ID. Both are normalised (case, punctuation, LaTeX
/// commands and math markers, "the"/"a"/"of"…), then compared as sets of words: a citation that
/// shortens or reorders the title still matches; one that shares few words with it does not.
enum PaperTitle {
    private static let minor: Set<String> = ["a", "an", "the", "of", "for", "and", "in", "on", "to", "with", "via", "by", "at", "from"]

    /// The title's significant words.
    static func words(_ title: String) -> Set<String> {
        var text = ""
        var skippingCommand = false
        for scalar in title.lowercased().unicodeScalars {
            if scalar == "\\" {
                // A LaTeX command (\emph, \textbf): drop its name, keep its argument.
                skippingCommand = true
                text.append(" ")
                continue
            }
            if skippingCommand {
                if scalar.properties.isAlphabetic { continue }
                skippingCommand = false
            }
            text.unicodeScalars.append(scalar.properties.isAlphabetic || scalar.properties.numericType != nil ? scalar : " ")
        }
        return Set(text.split(separator: " ").map(String.init).filter { !minor.contains($0) })
    }

    /// Whether `cited` is a citation of `actual`. Titles of fewer than three significant words say
    /// too little to judge, and match.
    static func matches(cited: String, actual: String) -> Bool {
        let citedWords = words(cited)
        let actualWords = words(actual)
        guard citedWords.count >= 3, !actualWords.isEmpty else { return true }
        let shared = citedWords.intersection(actualWords).count
        return Double(shared) / Double(min(citedWords.count, actualWords.count)) >= 0.5
    }
}
