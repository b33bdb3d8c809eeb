import Metrics

/// One bounded buffer whose depth is published as a gauge: what it is called in `/metrics` and
/// how to read its current depth (a cheap, thread-safe read).
public struct BufferProbe: Sendable {
    public let gauge: Gauge
    public let read: @Sendable () -> Int

    /// A probe publishing `read()` as the gauge `label` with `dimensions`.
    public init(label: String, dimensions: [(String, String)] = [], read: @escaping @Sendable () -> Int) {
        self.gauge = Gauge(label: label, dimensions: dimensions)
        self.read = read
    }

    func publish() { gauge.record(read()) }
}
