import SwitchboardEvents
@testable import SwitchboardNormalizers
import Testing

/// The normalizers' fast parser must read every document exactly as `JSONValue.parse` does.
@Suite("Normalizers: wire JSON parser agrees with JSONValue.parse")
struct WireJSONParserTests {
    static let documents: [String] = [
        #"{"a":1,"b":-2,"c":1.5,"d":-0.25,"e":1e3,"f":2.5E-3,"g":1.0,"h":-0,"i":0}"#,
        #"{"big":12345678901234567890,"neg":-9223372036854775808,"max":9223372036854775807,"tiny":5e-324}"#,
        #"{"s":"plain","e":"a\"b\\c\/d\b\f\n\r\t","u":"\u00e9\u4e2d\ud83d\ude00","raw":"é中😀"}"#,
        #"[true,false,null,[],{},[[1]],{"x":{"y":[{"z":null}]}}]"#,
        #"  {"dup":1,"dup":2}  "#,
        #""just a string""#,
        "42",
        "\n\t[ 1 , 2 ]\r\n",
    ]

    static let broken: [String] = [
        "{", #"{"a":}"#, #"{"a" 1}"#, "[1 2]", "01", "1.", "-", "1e", "tru", "nul", #""abc"#,
        #""\x""#, #""\u12G4""#, #""\ud800""#, #"{"a":1}x"#, "[1]]", "{'a':1}", "\"tab\there\"", "NaN", "1e999",
    ]

    @Test("same values for valid documents", arguments: documents)
    func sameValues(document: String) throws {
        let expected = try JSONValue.parse(document)
        let actual = try WireJSONParser.parse(Array(document.utf8), limits: .default)
        #expect(actual == expected)
    }

    @Test("same values for every fixture")
    func fixtures() throws {
        for platform in Platform.allCases {
            for name in try TestSupport.fixtureNames(platform) {
                let bytes = try TestSupport.fixture(platform, name)
                guard !bytes.contains(0x1E) else { continue }
                #expect(try WireJSONParser.parse(bytes, limits: .default) == JSONValue.parse(bytes), "\(platform.rawValue)/\(name)")
            }
        }
    }

    @Test("same error codes for broken documents", arguments: broken)
    func sameErrors(document: String) {
        #expect(code { try JSONValue.parse(document) } == .malformed, "the reference refuses it")
        #expect(code { try WireJSONParser.parse(Array(document.utf8), limits: .default) } == .malformed)
    }

    @Test("trailing commas are refused (RFC 8259), though Foundation tolerates them")
    func trailingCommas() {
        #expect(code { try WireJSONParser.parse(Array("[1,]".utf8), limits: .default) } == .malformed)
        #expect(code { try WireJSONParser.parse(Array(#"{"a":1,}"#.utf8), limits: .default) } == .malformed)
    }

    @Test("limits: empty, size, depth and UTF-8 as JSONValue.parse")
    func limits() {
        let limits = JSONLimits(maximumBytes: 64, maximumDepth: 3)
        #expect(code { try WireJSONParser.parse([UInt8](), limits: limits) } == .empty)
        #expect(code { try WireJSONParser.parse(Array(" \r\n".utf8), limits: limits) } == .empty)
        #expect(code { try WireJSONParser.parse(Array("[\(String(repeating: "1,", count: 40))1]".utf8), limits: limits) } == .tooLarge)
        #expect(code { try WireJSONParser.parse(Array("[[[[1]]]]".utf8), limits: limits) } == .tooDeep)
        #expect(code { try WireJSONParser.parse(Array("[[[1]]]".utf8), limits: limits) } == nil)
        #expect(code { try WireJSONParser.parse([0x22, 0xC3, 0x28, 0x22], limits: limits) } == .invalidUTF8)
        #expect(code { try WireJSONParser.parse([0x5B, 0xFF, 0x5D], limits: limits) } == .invalidUTF8)
    }

    /// The parse error's code, nil on success; any other error is a test failure.
    private func code(_ body: () throws -> JSONValue) -> JSONParseError.Code? {
        do {
            _ = try body()
            return nil
        } catch let error as JSONParseError {
            return error.code
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }
}
