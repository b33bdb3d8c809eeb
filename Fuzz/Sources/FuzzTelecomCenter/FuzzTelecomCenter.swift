import FuzzSupport

/// libFuzzer entry point: the TelecomCenter normalizer on raw bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTelecomCenter(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    NormalizerFuzzing.run(.telecomcenter, UnsafeRawBufferPointer(start: data, count: count))
    return 0
}
