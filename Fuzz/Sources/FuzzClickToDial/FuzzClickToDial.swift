import FuzzSupport

/// libFuzzer entry point: the ClickToDial normalizer on raw bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClickToDial(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    NormalizerFuzzing.run(.clicktodial, UnsafeRawBufferPointer(start: data, count: count))
    return 0
}
