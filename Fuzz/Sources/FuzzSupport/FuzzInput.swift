/// Splits one libFuzzer input into the parts of an HTTP request.
///
/// Layout: byte 0 picks the request shape (see `CloudEventsBindingFuzzing`); then, up to the
/// first `0x00`, header lines `name: value` separated by `\n`; everything after that `0x00` is
/// the body. Without a `0x00` there are no extra headers and the rest is the body. The layout
/// keeps seeds readable (`Fuzz/scripts/make-seeds.py` writes fixtures behind a mode byte and a
/// `0x00`) and lets the fuzzer grow or drop headers by mutating a few bytes.
public struct FuzzInput: Sendable {
    /// Byte 0, or 0 for an empty input.
    public let mode: UInt8
    /// The `name: value` pairs of the header block, in order, as text.
    public let headerLines: [(name: String, value: String)]
    /// The request body.
    public let body: [UInt8]

    public init(_ bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first else {
            self.init(mode: 0, headerLines: [], body: [])
            return
        }
        let rest = bytes.dropFirst()
        guard let separator = rest.firstIndex(of: 0) else {
            self.init(mode: first, headerLines: [], body: Array(rest))
            return
        }
        let block = String(decoding: rest[rest.startIndex..<separator], as: UTF8.self)
        let lines = block.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            return (String(line[..<colon]), String(value))
        }
        self.init(mode: first, headerLines: lines, body: Array(rest[(separator + 1)...]))
    }

    private init(mode: UInt8, headerLines: [(name: String, value: String)], body: [UInt8]) {
        self.mode = mode
        self.headerLines = headerLines
        self.body = body
    }
}
