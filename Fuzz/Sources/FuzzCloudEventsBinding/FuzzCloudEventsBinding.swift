import FuzzSupport

/// libFuzzer target: `CloudEventsHTTPBinding.decode` on headers and body cut from the input
/// (see docs/fuzzing.md).
@main
enum FuzzCloudEventsBindingMain {
    static func main() {
        LibFuzzer.run { data, count in
            CloudEventsBindingFuzzing.run(UnsafeRawBufferPointer(start: data, count: count))
            return 0
        }
    }
}
