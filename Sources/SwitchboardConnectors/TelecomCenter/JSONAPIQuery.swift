/// The query of a JSON:API collection request: `filter[...]`, `sort`, `include`, `fields[...]`
/// and page-based pagination (`page[number]`, `page[size]`), as the Operator API document lists them.
public struct JSONAPIQuery: Sendable, Hashable {
    /// `filter[<key>]=<value>`, sent in key order.
    public var filters: [String: String]
    /// Sort fields in order; a leading `-` sorts descending (`time_start`, `-id`).
    public var sort: [String]
    /// Relationship paths for `include` (compound documents).
    public var include: [String]
    /// Sparse fieldsets: `fields[<type>]=<comma-separated attributes>`.
    public var fields: [String: [String]]
    /// `page[number]`, 1-based; `nil` leaves it to the server.
    public var pageNumber: Int?
    /// `page[size]`; `nil` leaves it to the server.
    public var pageSize: Int?

    public init(filters: [String: String] = [:], sort: [String] = [], include: [String] = [], fields: [String: [String]] = [:],
                pageNumber: Int? = nil, pageSize: Int? = nil) {
        self.filters = filters
        self.sort = sort
        self.include = include
        self.fields = fields
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }

    /// The percent-encoded query string without the leading `?` (empty when there is nothing to
    /// send). Brackets are encoded (`filter%5Bid%5D`), as the Operator API's own links show: RFC
    /// 3986 reserves them in queries.
    public var encoded: String {
        var items: [(String, String)] = filters.sorted { $0.key < $1.key }.map { ("filter[\($0.key)]", $0.value) }
        if !sort.isEmpty { items.append(("sort", sort.joined(separator: ","))) }
        if !include.isEmpty { items.append(("include", include.joined(separator: ","))) }
        for (type, names) in fields.sorted(by: { $0.key < $1.key }) { items.append(("fields[\(type)]", names.joined(separator: ","))) }
        if let pageNumber { items.append(("page[number]", String(pageNumber))) }
        if let pageSize { items.append(("page[size]", String(pageSize))) }
        return items.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters and `,` (the list
    /// separator JSON:API shows unencoded) — so a space becomes `%20`, never `+`.
    static func encode(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ","):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
