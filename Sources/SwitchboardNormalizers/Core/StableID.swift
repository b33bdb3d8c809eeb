/// Content-derived event ids for platforms that send none.
///
/// The id is `<platform>-<first 32 hex digits of SHA-256 over the parts>`, each part followed by
/// a 0x1F unit separator so that (`ab`, `c`) and (`a`, `bc`) differ. A re-delivered payload gives
/// the same id, so downstream deduplication on (`source`, `id`) works.
enum StableID {
    static func make(_ prefix: String, _ parts: [String?]) -> String {
        var bytes = [UInt8]()
        for part in parts {
            bytes.append(contentsOf: (part ?? "").utf8)
            bytes.append(0x1F)
        }
        return "\(prefix)-\(SHA256.hex(bytes).prefix(32))"
    }
}
