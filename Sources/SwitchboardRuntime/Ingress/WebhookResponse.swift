import HTTPTypes

/// A webhook route's answer, independent of the server that writes it.
public struct WebhookResponse: Sendable, Hashable {
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var body: [UInt8]

    public init(status: HTTPResponse.Status, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
