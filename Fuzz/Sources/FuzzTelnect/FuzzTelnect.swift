import FuzzSupport

/// libFuzzer entry point: the Telnect normalizer on raw bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTelnect(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    NormalizerFuzzing.run(.telnect, UnsafeRawBufferPointer(start: data, count: count))
    return 0
}
