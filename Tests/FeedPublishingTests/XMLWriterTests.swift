@testable import FeedPublishing
import Testing

/// The writer's output is what libxml2's `xmlTextWriter` writes for the same calls (the expected
/// bytes below were taken from libxml2 2.9), so feeds published before keep their bytes.
struct XMLWriterTests {
    @Test func documentsAreIndentedAndEscapedAsLibxml2WritesThem() {
        var writer = XMLWriter(withDeclaration: true)
        writer.start("rss")
        writer.attribute("a", "x\"<>&'\t\n\ré’😀]]>")
        writer.element("t", "x\"<>&'\t\n\ré]]>")
        writer.emptyElement("e", attributes: [:])
        writer.start("p")
        writer.element("q", "")
        writer.end()
        let text = String(decoding: writer.finish(), as: UTF8.self)
        #expect(text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss a="x&quot;&lt;&gt;&amp;'&#9;&#10;&#13;é’😀]]&gt;">
              <t>x&quot;&lt;&gt;&amp;'\t
            &#13;é]]&gt;</t>
              <e/>
              <p>
                <q></q>
              </p>
            </rss>

            """)
    }

    @Test func fragmentsHaveNoWhiteSpaceAndReferenceNonASCIIInAttributes() {
        var writer = XMLWriter(withDeclaration: false)
        writer.start("p")
        writer.text("a")
        writer.element("a", "b", attributes: ["href": "https://example.org/é/😀"])
        writer.emptyElement("img", attributes: [:])
        writer.element("em", "")
        writer.text("c é")
        writer.end()
        writer.element("h2", "z")
        #expect(String(decoding: writer.finish(), as: UTF8.self)
            == "<p>a<a href=\"https://example.org/&#xE9;/&#x1F600;\">b</a><img/><em></em>c é</p><h2>z</h2>")
    }
}
