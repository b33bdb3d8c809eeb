import FuzzSupport

/// libFuzzer target: the AntBuddy normalizer on raw bytes (see docs/fuzzing.md).
@main
enum FuzzAntBuddyMain {
    static func main() {
        LibFuzzer.run { data, count in
            NormalizerFuzzing.run(.antbuddy, UnsafeRawBufferPointer(start: data, count: count))
            return 0
        }
    }
}
