import SwitchboardEvents

/// What a normalizer knows about a payload besides its bytes: where it came from and when.
public struct NormalizationContext: Sendable, Hashable {
    /// The CloudEvents `source` of the events, naming the platform instance
    /// (`switchboard://thello/tenant-a`); `nil` uses `Platform.defaultSource`.
    /// CAMARA events keep the sender's own `source` (see docs/normalizers.md).
    public var source: String?
    /// When Switchboard received the payload: the event `time` when the platform gives none.
    public var receivedAt: Timestamp
    /// The numbering plan used to derive E.164 numbers when the payload carries none
    /// (Telnect payloads carry their own `dialplan`, which wins).
    public var defaultDialplan: Dialplan?
    /// Limits applied to the raw bytes before parsing.
    public var limits: JSONLimits

    /// The default byte limit: far above any single call event or CDR page, far below what
    /// could hurt the process.
    public static let defaultLimits = JSONLimits(maximumBytes: 1_048_576, maximumDepth: 32)

    public init(
        source: String? = nil,
        receivedAt: Timestamp = .now(),
        defaultDialplan: Dialplan? = nil,
        limits: JSONLimits = NormalizationContext.defaultLimits
    ) {
        self.source = source
        self.receivedAt = receivedAt
        self.defaultDialplan = defaultDialplan
        self.limits = limits
    }

    /// The `source` of events of `platform`.
    func source(for platform: Platform) -> String { source ?? platform.defaultSource }

    /// The E.164 form of `number`: international numbers as they are, others through `dialplan`
    /// (or the default dialplan).
    func e164(_ number: String?, dialplan: Dialplan? = nil) -> String? {
        guard let number, !number.isEmpty else { return nil }
        if let international = Dialplan.e164IfInternational(number) { return international }
        return (dialplan ?? defaultDialplan)?.e164(number)
    }
}
