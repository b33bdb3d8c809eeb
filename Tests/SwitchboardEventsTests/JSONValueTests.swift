import Foundation
import SwitchboardEvents
import Testing

@Suite("JSONValue parsing of untrusted input")
struct JSONValueTests {
    @Test("keeps integers exact and doubles as doubles")
    func numbers() throws {
        let value = try JSONValue.parse(#"{"big": 9007199254740993, "pi": 3.5, "neg": -2}"#)
        #expect(value["big"] == .integer(9_007_199_254_740_993))
        #expect(value["pi"] == .double(3.5))
        #expect(value["neg"] == .integer(-2))
    }

    @Test("empty bodies are a typed error", arguments: ["", "   \n"])
    func empty(text: String) {
        #expect(throws: JSONParseError(.empty, "the body is empty")) { try JSONValue.parse(text) }
    }

    @Test("invalid UTF-8 is rejected")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]
        do {
            _ = try JSONValue.parse(bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidUTF8)
        }
    }

    @Test("deep nesting is rejected before decoding")
    func deepNesting() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONValue.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooDeep)
        }
    }

    @Test("brackets inside strings do not count as nesting")
    func bracketsInStrings() throws {
        let value = try JSONValue.parse(#"{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"{{"}"#)
        #expect(value["a"]?.stringValue?.hasPrefix("[[[") == true)
    }

    @Test("documents over the size limit are rejected")
    func tooLarge() {
        let text = "\"" + String(repeating: "x", count: 2_000) + "\""
        do {
            _ = try JSONValue.parse(text, limits: JSONLimits(maximumBytes: 1_000))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }

    @Test("malformed JSON is a typed error", arguments: ["{", "{\"a\":}", "nul", "[1,]", "{'a':1}"])
    func malformed(text: String) {
        do {
            _ = try JSONValue.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .malformed)
        }
    }

    @Test("path lookup walks objects and arrays")
    func paths() throws {
        let value = try JSONValue.parse(#"{"data": {"items": [{"id": "x"}]}}"#)
        #expect(value.value(atPath: "data.items.0.id") == "x")
        #expect(value.value(atPath: "data.missing") == nil)
    }
}

@Suite("JSON reader and writer")
struct JSONReaderWriterTests {
    @Test("escapes and unicode round-trip", arguments: [
        #""a\"b\\c\/d\n\t\r\b\f""#,
        #""\u00e9\ud83d\ude00 é 😀""#,
        #""\u0001 control""#,
    ])
    func strings(text: String) throws {
        let value = try JSONValue.parse(text)
        #expect(try JSONValue.parse(value.jsonString()) == value)
    }

    @Test("rejects what RFC 8259 rejects", arguments: [
        "01", "1.", ".5", "-", "1e", "+1", "\"\\x\"", "\"\\ud800\"", "\"a\u{01}\"", "tru", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "[1]x", "NaN",
    ])
    func strict(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test("the writer sorts keys and is stable")
    func writer() throws {
        let value = try JSONValue.parse(#"{"b": [1, 2.5, true, null], "a": {"z": "x", "y": -0.001}}"#)
        #expect(value.jsonString() == #"{"a":{"y":-0.001,"z":"x"},"b":[1,2.5,true,null]}"#)
    }

    @Test("keys sort by their UTF-8 bytes: a prefix first, upper case before lower, non-ASCII last")
    func writerKeyOrder() {
        let value: JSONValue = .object(["ab": 1, "a": 2, "B": 3, "é": 4, "z": 5, "": 6])
        #expect(value.jsonString() == #"{"":6,"B":3,"a":2,"ab":1,"z":5,"é":4}"#)
    }

    @Test("escapes are written wherever they fall in a string", arguments: [
        ("plain", #""plain""#),
        ("\"quoted\" at the start", #""\"quoted\" at the start""#),
        ("tail\n", #""tail\n""#),
        ("mid\tdle \\ and \u{01}", #""mid\tdle \\ and \u0001""#),
        ("naïve \r", #""naïve \r""#),
    ])
    func writerEscapes(text: String, expected: String) throws {
        #expect(JSONValue.string(text).jsonString() == expected)
        #expect(try JSONValue.parse(JSONValue.string(text).jsonString()) == .string(text))
    }

    @Test("every byte that needs escaping is found at every offset of a word-at-a-time scan")
    func writerEscapesAtEveryOffset() throws {
        // The writer scans eight bytes at a time; each special byte at each position of the
        // first words, between non-ASCII bytes, must be escaped and round-trip.
        for special in ["\"", "\\", "\u{00}", "\u{1F}", "\n"] as [String] {
            for offset in 0..<20 {
                let text = String(repeating: "é", count: offset / 2) + String(repeating: "a", count: offset % 2) + special + "~\u{7F}ü"
                let written = JSONValue.string(text).jsonString()
                #expect(!written.dropFirst().dropLast().contains { $0.unicodeScalars.allSatisfy { $0.value < 0x20 } })
                #expect(try JSONValue.parse(written) == .string(text), "\(written)")
            }
        }
        #expect(JSONValue.string("~\u{7F}\u{80}ÿ 0123456789abcdef").jsonString() == "\"~\u{7F}\u{80}ÿ 0123456789abcdef\"")
    }

    @Test("integers are written in decimal, the extremes included", arguments: [Int64.min, -1, 0, 7, 1_234_567_890_123, Int64.max])
    func writerIntegers(integer: Int64) {
        #expect(JSONValue.integer(integer).jsonString() == String(integer))
    }

    @Test("output longer than the first buffer grows without losing bytes")
    func writerGrows() throws {
        let value: JSONValue = .array((0..<500).map { .string("element \($0) \"quoted\"") })
        let written = value.jsonString()
        #expect(written.utf8.count > 960)
        #expect(try JSONValue.parse(written) == value)
    }

    @Test("1 MB strings are accepted within the size limit")
    func largeString() throws {
        let big = String(repeating: "x", count: 1_000_000)
        let value = try JSONValue.parse("{\"a\": \"\(big)\"}")
        #expect(value["a"]?.stringValue?.count == 1_000_000)
    }
}
