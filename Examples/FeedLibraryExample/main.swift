// Publishing feeds of your own items with importfeed's FeedPublishing library: no config.json, no
// issues — plain values in, three validated feeds (and their archive documents) out, published as
// one set.
//
//   swift run feed-library-example [OUTPUT_FOLDER]
import FeedPublishing
import Foundation
import IssueModel

let output = CommandLine.arguments.dropFirst().first ?? FileManager.default.temporaryDirectory
    .appendingPathComponent("feed-library-example").path

let site = FeedSite(
    title: "Lab notes", description: "What the lab tried this week.", homePageURL: "https://lab.example.org/",
    language: "en", author: "The Lab",
    rssURL: "https://lab.example.org/feeds/feed.xml", atomURL: "https://lab.example.org/feeds/atom.xml",
    jsonURL: "https://lab.example.org/feeds/feed.json")

// Five weekly notes, newest first, each published at 09:00 UTC on its Monday.
let items: [FeedItem] = (1...5).reversed().map { week in
    let published = IssueMoment(iso: "2024-01-\(String(format: "%02d", 1 + 7 * (week - 1)))T09:00:00Z")!
    return FeedItem(id: "https://lab.example.org/notes/\(week)", url: "https://lab.example.org/notes/\(week)",
                    title: "Lab note \(week)", published: published, summary: "Week \(week) in the lab.",
                    contentHTML: "<p>What we tried in week <strong>\(week)</strong>.</p>", authors: ["The Lab"])
}

// Two notes a page: weeks 1–2 and 3–4 become archive documents, week 5 is the subscription feed.
let publication = FeedPublication(site: site, archivePageSize: 2)
do {
    let outcome = try publication.publish(items, into: output, lockFile: output + ".lock")
    print("wrote \(outcome.written.sorted().joined(separator: ", ")) into \(output)")
} catch {
    print("feed-library-example: \(error)")
    exit(1)
}
