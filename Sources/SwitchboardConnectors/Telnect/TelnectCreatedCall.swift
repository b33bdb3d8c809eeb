import SwitchboardEvents

/// The answer of `POST /Calls`: the new call's id, URL and status.
public struct TelnectCreatedCall: Sendable, Hashable {
    public var id: String
    public var url: String?
    public var status: String?

    public init(id: String, url: String? = nil, status: String? = nil) {
        self.id = id
        self.url = url
        self.status = status
    }

    init(json: JSONValue, operation: String, httpStatus: Int) throws(TelnectError) {
        // The generic success envelope `{"data": {...}, "status": "success"}` is accepted too.
        let call = json["id"] == nil ? (json["data"] ?? json) : json
        guard let id = call["id"]?.stringValue ?? call["id"]?.integerValue.map({ String($0) }), !id.isEmpty else {
            throw TelnectError(.invalidResponse, "the created call has no id", operation: operation, httpStatus: httpStatus)
        }
        self.init(id: id, url: call["url"]?.stringValue, status: call["status"]?.stringValue)
    }
}
