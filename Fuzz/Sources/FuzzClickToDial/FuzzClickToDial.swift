import FuzzSupport

/// libFuzzer target: the ClickToDial normalizer on raw bytes (see docs/fuzzing.md).
@main
enum FuzzClickToDialMain {
    static func main() {
        LibFuzzer.run { data, count in
            NormalizerFuzzing.run(.clicktodial, UnsafeRawBufferPointer(start: data, count: count))
            return 0
        }
    }
}
