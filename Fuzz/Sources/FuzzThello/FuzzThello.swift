import FuzzSupport

/// libFuzzer target: the Thello normalizer on raw bytes (see docs/fuzzing.md).
@main
enum FuzzThelloMain {
    static func main() {
        LibFuzzer.run { data, count in
            NormalizerFuzzing.run(.thello, UnsafeRawBufferPointer(start: data, count: count))
            return 0
        }
    }
}
