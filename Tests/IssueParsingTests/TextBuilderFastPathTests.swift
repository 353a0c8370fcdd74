@testable import IssueParsing
import Testing

/// Readers skip the builder for text it would give back unchanged: that test must never let
/// through text the builder changes.
struct TextBuilderFastPathTests {
    @Test func textThatPassesUnchangedIsWhatTheBuilderGives() {
        let pieces = ["word", " ", "  ", "\t", "\n", "\r", "\u{A0}", "\u{C}", "\u{1}", "é", "Â", " ©", "**", "[x](u)", "—"]
        var texts: [String] = []
        for first in pieces {
            for second in pieces {
                for third in pieces { texts.append(first + second + third) }
            }
        }
        texts.append(String(repeating: "ordinary words ", count: 20) + "end")
        texts.append(String(repeating: "ordinary words ", count: 20))
        texts.append(String(repeating: "a", count: 40) + "  " + String(repeating: "b", count: 40))
        texts.append(String(repeating: "a", count: 40) + "\u{A0}" + String(repeating: "b", count: 40))
        var passed = 0
        for text in texts {
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { mutable in
                let buffer = UnsafeBufferPointer(mutable)
                var builder = TextBuilder()
                builder.append(buffer)
                let built = builder.finish()
                if TextBuilder.passesUnchanged(buffer) {
                    passed += 1
                    #expect(built.text == text && built.anchors.isEmpty && built.styles.isEmpty,
                            "\(Array(text.unicodeScalars))")
                }
            }
        }
        #expect(passed > 100, "ordinary text takes the fast path")
    }
}
