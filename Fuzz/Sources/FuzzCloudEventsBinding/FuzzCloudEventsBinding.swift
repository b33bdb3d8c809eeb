import FuzzSupport

/// libFuzzer entry point: `CloudEventsHTTPBinding.decode` on headers and body cut from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCloudEventsBinding(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    CloudEventsBindingFuzzing.run(UnsafeRawBufferPointer(start: data, count: count))
    return 0
}
