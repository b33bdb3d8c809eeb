import FuzzSupport

/// libFuzzer target: `JSONValue.parse` and its write/read round trip (see docs/fuzzing.md).
@main
enum FuzzJSONValueMain {
    static func main() {
        LibFuzzer.run { data, count in
            JSONValueFuzzing.run(UnsafeRawBufferPointer(start: data, count: count))
            return 0
        }
    }
}
