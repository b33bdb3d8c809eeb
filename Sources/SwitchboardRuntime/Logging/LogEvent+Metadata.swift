import Logging

extension LogEvent {
    /// The metadata a line shows: the logger's, then the message's own (which wins for the same
    /// key), then `error.message` and `error.type` when the message carries an error.
    func effectiveMetadata(base: Logger.Metadata) -> Logger.Metadata {
        var merged = base
        if let explicit = metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, new in new }
        }
        if let error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return merged
    }
}
