import SwitchboardEvents
import Testing

@Suite("JSON objects: sorted members, dictionary behaviour")
struct JSONObjectTests {
    @Test("get, set, replace and remove by name; a missing name is nil, not .null")
    func readWrite() {
        var object: JSONObject = ["b": 2, "a": 1]
        #expect(object["a"] == 1)
        #expect(object["missing"] == nil)
        object["c"] = .null
        #expect(object["c"] == .null)
        object["a"] = "one"
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object["a"] == "one")
        #expect(object.removeValue(forKey: "c") == .null)
        #expect(object.removeValue(forKey: "c") == nil)
        #expect(object.count == 1)
    }

    @Test("members come out in name order whatever the input order; a repeated name keeps the last value")
    func order() throws {
        let object = JSONObject(members: [
            .init(key: "type", value: 1), .init(key: "id", value: 2), .init(key: "data", value: 3), .init(key: "id", value: 4),
        ])
        #expect(object.keys == ["data", "id", "type"])
        #expect(object["id"] == 4)
        #expect(try JSONValue.parse(#"{"k": 1, "k": 2}"#) == ["k": 2])
    }

    @Test("large objects (binary search) agree with a dictionary", arguments: [9, 17, 200])
    func large(count: Int) {
        var dictionary: [String: JSONValue] = [:]
        var object = JSONObject()
        for index in (0..<count).reversed() {
            let key = "member-\(index * 7 % count)"
            dictionary[key] = .integer(Int64(index))
            object[key] = .integer(Int64(index))
        }
        #expect(object.dictionary == dictionary)
        #expect(object.keys == dictionary.keys.sorted())
        for key in dictionary.keys { #expect(object[key] == dictionary[key]) }
        #expect(object["member-x"] == nil)
        #expect(JSONObject(members: object.members.reversed()) == object)
    }

    @Test("equal objects are equal however they were built, and hash alike")
    func equality() {
        let literal: JSONValue = ["x": [1, 2], "y": ["z": true]]
        let parsed = try? JSONValue.parse(#"{"y": {"z": true}, "x": [1, 2]}"#)
        #expect(parsed == literal)
        #expect(parsed?.hashValue == literal.hashValue)
    }
}
