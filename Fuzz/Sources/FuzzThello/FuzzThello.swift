import FuzzSupport

/// libFuzzer entry point: the Thello normalizer on raw bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzThello(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    NormalizerFuzzing.run(.thello, UnsafeRawBufferPointer(start: data, count: count))
    return 0
}
