import Foundation

/// One `GET /oapi/v1/call/histories` time filter: `created_from` … `created_to`, both inclusive,
/// whole seconds, never longer than the configured maximum (the document allows 31 days).
public struct AntBuddyHistoryWindow: Sendable, Hashable, CustomStringConvertible {
    /// The first second of the window.
    public let from: Date
    /// The last second of the window (inclusive, as `created_to` is read by the PBX).
    public let to: Date

    public init(from: Date, to: Date) {
        self.from = from
        self.to = to
    }

    /// Splits the half-open range `[from, to)` into consecutive windows of at most `maximumDays`
    /// days that neither overlap nor leave a second out: each ends one second before the next
    /// begins. Fractions of seconds are dropped (`from` rounds down, `to` rounds up).
    public static func split(from: Date, to: Date, maximumDays: Int) -> [AntBuddyHistoryWindow] {
        let start = from.timeIntervalSince1970.rounded(.down)
        let end = to.timeIntervalSince1970.rounded(.up)
        let span = Double(max(1, maximumDays)) * 86_400
        var windows: [AntBuddyHistoryWindow] = []
        var cursor = start
        while cursor < end {
            let next = min(cursor + span, end)
            windows.append(AntBuddyHistoryWindow(from: Date(timeIntervalSince1970: cursor), to: Date(timeIntervalSince1970: next - 1)))
            cursor = next
        }
        return windows
    }

    public var description: String { "\(from)…\(to)" }
}
