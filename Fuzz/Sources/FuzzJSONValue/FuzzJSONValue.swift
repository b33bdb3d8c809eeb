import FuzzSupport

/// libFuzzer entry point: `JSONValue.parse` and its write/read round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONValue(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    JSONValueFuzzing.run(UnsafeRawBufferPointer(start: data, count: count))
    return 0
}
