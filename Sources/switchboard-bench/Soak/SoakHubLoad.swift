import Foundation
import Synchronization
import SwitchboardConnectors

/// Plays the Thello platform: a second hub client that asks the hub to notify the subscribed
/// bloc (`BlocNotify`), so Switchboard's tenant connection receives `BlocEvent`s at a paced rate.
/// Queue entries alternate with hang-ups, so half of them make the steering rule call
/// `SetVariable` back on the hub.
final class SoakHubLoad: Sendable {
    let driver: ThelloConnector
    let bloc: String
    let rate: Int
    private let notified = Atomic<Int>(0)
    private let failed = Atomic<Int>(0)
    private let stopRequested = Atomic<Bool>(false)
    /// Distinct caller numbers: callers come back, as they do on a real queue, so the steering
    /// rule's sticky choices (bounded by `rules.choice.maximumStickyEntries`) stop growing.
    static let callers = 1_000

    init(driver: ThelloConnector, bloc: String, rate: Int) {
        self.driver = driver
        self.bloc = bloc
        self.rate = rate
    }

    var notifiedCount: Int { notified.load(ordering: .relaxed) }
    var failedCount: Int { failed.load(ordering: .relaxed) }

    /// Stops notifying after the invocation under way.
    func stop() { stopRequested.store(true, ordering: .relaxed) }

    /// Notifies at `rate` per second until `stop()`. One at a time: BlocNotify is
    /// an invocation, so the next waits for the hub's completion (the hub is the bottleneck, not us).
    func run() async {
        let start = ContinuousClock.now
        var sequence = 0
        while !stopRequested.load(ordering: .relaxed) {
            let due = Int(Double(rate) * (ContinuousClock.now - start).seconds)
            while sequence < due, !stopRequested.load(ordering: .relaxed) {
                let call = sequence / 2
                let event = sequence.isMultiple(of: 2) ? "QUEUE_ENTER" : "QUEUE_HANGUP"
                sequence += 1
                do {
                    try await driver.blocNotify(
                        blocId: bloc, eventName: event, sipCallId: "soak-sip-\(call)", fromName: "Soak",
                        fromNumber: "+4670\(String(format: "%07d", call % Self.callers))", to: "3900", data: "",
                        contextId: "soak-context-\(call)"
                    )
                    notified.add(1, ordering: .relaxed)
                } catch {
                    failed.add(1, ordering: .relaxed)
                }
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
