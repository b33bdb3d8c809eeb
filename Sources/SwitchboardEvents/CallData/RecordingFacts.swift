/// What is known about a call's recording.
public struct RecordingFacts: Sendable, Hashable, JSONRepresentable {
    /// `success`, `noRecord`, `fail` (CAMARA's vocabulary) or `available` when a reference exists.
    public var status: String?
    /// The platform's reference to the recording (file name, media id).
    public var reference: String?
    /// A URL to fetch it, when resolved.
    public var url: String?
    /// A local file it was downloaded to, when it was.
    public var file: String?

    public init(status: String? = nil, reference: String? = nil, url: String? = nil, file: String? = nil) {
        self.status = status
        self.reference = reference
        self.url = url
        self.file = file
    }

    public func jsonValue() -> JSONValue {
        var object = JSONObjectBuilder()
        object.set("file", file)
        object.set("reference", reference)
        object.set("status", status)
        object.set("url", url)
        return object.json
    }

    public init(json: JSONValue, path: String) throws(EventDecodingError) {
        let reader = try JSONObjectReader(json, path: path)
        status = try reader.optionalString("status")
        reference = try reader.optionalString("reference")
        url = try reader.optionalString("url")
        file = try reader.optionalString("file")
    }
}
