import JSONText
import Testing

struct JSONReaderTests {
    private func read(_ text: String) throws(JSONReader.SyntaxError) -> Any { try JSONReader.parse(Array(text.utf8)) }

    @Test func readsEveryKindOfValue() throws {
        let value = try #require(try read(#"{"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}}"#) as? [String: Any])
        let list = try #require(value["a"] as? [Any])
        #expect((list[0] as? JSONNumber)?.integer == 1)
        #expect((list[1] as? JSONNumber)?.value == -2500)
        #expect(list[2] as? Bool == true && list[3] as? Bool == false && list[4] is JSONReader.JSONNull)
        #expect((value["b"] as? [String: Any])?["c"] as? String == "d")
    }

    /// Long strings are read in runs between escapes: every escape, at every distance from the
    /// last, comes back as its character.
    @Test func stringsWithEscapesAnywhereComeBackWhole() throws {
        let pieces = ["<p class=\"x\">", "back\\slash", "tab\there", "é and 😀", "line\nbreak", String(repeating: "a", count: 40)]
        for count in 1...pieces.count {
            let original = pieces.prefix(count).joined()
            var writer = JSONWriter()
            writer.write(.string(original), indent: 0)
            let text = String(decoding: writer.bytes, as: UTF8.self)
            #expect(try read(text) as? String == original, "\(text)")
        }
        #expect(try read(#""\u00e9\ud83d\ude00\/""#) as? String == "é😀/")
    }

    @Test func errorsSayWhereAndWhat() {
        func failure(_ text: String) -> JSONReader.SyntaxError? {
            do { _ = try read(text); return nil } catch { return error }
        }
        let duplicate = failure("{\n  \"a\": 1,\n  \"a\": 2\n}")
        #expect(duplicate?.line == 3 && duplicate?.column == 3 && duplicate?.message.contains("duplicate key \"a\"") == true)
        #expect(failure("[1,\n 2,,]")?.line == 2)
        #expect(failure("\"tab\there\"")?.message.contains("control character") == true)
        #expect(failure("\"\\ud800\"")?.message.contains("lone surrogate") == true)
        #expect(failure("[1] 2")?.message.contains("after the JSON value") == true)
        #expect(failure("0123")?.message.contains("must not start with 0") == true)
        let notUTF8 = (try? JSONReader.parse([0x22, 0x61, 0xFF, 0x22])) == nil
        #expect(notUTF8)
        // The document is checked once: the string that holds the bad byte is named, after good ones.
        var later = Array(#"{"a": "ok", "b": "x?"}"#.utf8)
        later[later.firstIndex(of: UInt8(ascii: "?"))!] = 0xFF
        do {
            _ = try JSONReader.parse(later)
            Issue.record("a later string's bad byte was accepted")
        } catch {
            #expect(error.message.contains("not UTF-8") && error.column == 18, "\(error)")
        }
        // Escapes and characters beyond ASCII in good strings read as they are.
        let escaped = try? JSONReader.parse(Array(#"["\n é", "\u00fc\t"]"#.utf8)) as? [String]
        #expect(escaped == ["\n é", "ü\t"])
    }
}
