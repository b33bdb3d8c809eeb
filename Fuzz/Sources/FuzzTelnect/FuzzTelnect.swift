import FuzzSupport

/// libFuzzer target: the Telnect normalizer on raw bytes (see docs/fuzzing.md).
@main
enum FuzzTelnectMain {
    static func main() {
        LibFuzzer.run { data, count in
            NormalizerFuzzing.run(.telnect, UnsafeRawBufferPointer(start: data, count: count))
            return 0
        }
    }
}
