import HTTPTypes

/// Header reads for the webhook path (trimming and comparing values: `ASCIIText`).
enum HeaderText {
    /// The value of the field `name`: what `headers[name]` returns (repeated fields joined with
    /// ", "), without its generic lazy-map-and-join path, which the standard library runs
    /// unspecialized (a type-metadata lookup per call) and which showed in the ingest profile.
    static func value(_ name: HTTPField.Name, in headers: HTTPFields) -> String? {
        var found: String?
        for field in headers where field.name == name {
            if let earlier = found {
                found = earlier + ", " + field.value
            } else {
                found = field.value
            }
        }
        return found
    }
}
