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

    /// The typed reading: members keep the document's order and are found by key; the tree of `Any`
    /// is the same document.
    @Test func typedValuesKeepTheirOrderAndMatchTheAnyTree() throws {
        let text = #"{"z": "last", "a": [1, "two", null, {"k": false}], "m": {}}"#
        let value = try JSONReader.parseValue(Array(text.utf8))
        let object = try #require(value.object)
        #expect(object.keys == ["z", "a", "m"])
        #expect(value["z"]?.string == "last" && value["missing"] == nil && value["a"]?.string == nil)
        let list = try #require(value["a"]?.array)
        #expect(list.count == 4 && list[1].string == "two" && list[3]["k"] != nil && list[0].object == nil)
        if case .number(let number) = list[0] { #expect(number.integer == 1) } else { Issue.record("not a number") }
        if case .null = list[2] {} else { Issue.record("not null") }
        #expect(value["m"]?.object?.members.isEmpty == true)
        let tree = try #require(try read(text) as? [String: Any])
        #expect(Set(tree.keys) == ["z", "a", "m"] && (tree["a"] as? [Any])?.count == 4)
    }

    /// A key written twice is refused in a small object (keys compared one by one) and in a large one
    /// (keys kept in a set), and keys equal as text (é composed or not) count as the same key.
    @Test func duplicateKeysAreFoundInObjectsOfAnySize() {
        for count in [2, 15, 16, 17, 40] {
            var members = (0..<count).map { "\"key\($0)\": \($0)" }
            members.append("\"key\(count / 2)\": 0")
            let text = "{" + members.joined(separator: ", ") + "}"
            #expect(throws: JSONReader.SyntaxError.self, "\(count) keys") { try JSONReader.parseValue(Array(text.utf8)) }
            let unique = "{" + members.dropLast().joined(separator: ", ") + "}"
            #expect((try? JSONReader.parseValue(Array(unique.utf8)))?.object?.members.count == count)
        }
        #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.parseValue(Array("{\"\u{E9}\": 1, \"e\u{301}\": 2}".utf8)) }
    }
}
