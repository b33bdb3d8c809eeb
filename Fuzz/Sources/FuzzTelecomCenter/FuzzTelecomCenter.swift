import FuzzSupport

/// libFuzzer target: the TelecomCenter normalizer on raw bytes (see docs/fuzzing.md).
@main
enum FuzzTelecomCenterMain {
    static func main() {
        LibFuzzer.run { data, count in
            NormalizerFuzzing.run(.telecomcenter, UnsafeRawBufferPointer(start: data, count: count))
            return 0
        }
    }
}
