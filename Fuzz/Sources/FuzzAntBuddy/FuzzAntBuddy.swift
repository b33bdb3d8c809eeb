import FuzzSupport

/// libFuzzer entry point: the AntBuddy normalizer on raw bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAntBuddy(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    NormalizerFuzzing.run(.antbuddy, UnsafeRawBufferPointer(start: data, count: count))
    return 0
}
