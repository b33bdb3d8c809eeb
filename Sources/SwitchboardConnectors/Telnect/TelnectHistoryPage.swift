import SwitchboardEvents

/// One page of `GET /Calls/history`: the call records as received (the normalizer reads them)
/// and the paging numbers.
public struct TelnectHistoryPage: Sendable, Hashable {
    public var calls: [JSONValue]
    /// All records matching the query, when the answer says.
    public var total: Int?
    public var limit: Int?
    public var offset: Int?

    public init(calls: [JSONValue], total: Int? = nil, limit: Int? = nil, offset: Int? = nil) {
        self.calls = calls
        self.total = total
        self.limit = limit
        self.offset = offset
    }

    init(json: JSONValue, operation: String, httpStatus: Int) throws(TelnectError) {
        let page = json["calls"] == nil ? (json["data"] ?? json) : json
        guard let calls = page["calls"]?.arrayValue else {
            throw TelnectError(.invalidResponse, "the history answer has no calls array", operation: operation, httpStatus: httpStatus)
        }
        self.init(calls: calls, total: page["total"]?.integerValue.map { Int($0) }, limit: page["limit"]?.integerValue.map { Int($0) },
                  offset: page["offset"]?.integerValue.map { Int($0) })
    }
}
