import ArgumentParser
import Foundation
import Logging
import SwitchboardConnectors
import SwitchboardKafka
import SwitchboardRuntime

/// `switchboard-bench soak`: `serve` (in this process) under mixed load for a number of minutes —
/// CloudEvents webhooks, a Thello-like SignalR hub (aiosignalr) sending `BlocEvent`s that steer
/// calls with `SetVariable`, Kafka — printing resident memory every 30 s and, at the end, what was
/// sent, accepted, produced (consumed back from Kafka) and lost.
///
/// The Kafka cluster runs in a child process (`switchboard kafka dev`) and `calls` is read back
/// by `kcat` in another, so neither the messages the cluster keeps nor a consumer's buffers count
/// as `serve`'s resident memory. The load generator's own state is kept small (a bitmap of
/// accepted requests).
struct SoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run serve under webhook + SignalR hub + Kafka load; print RSS every 30 s and the final counts (lost must be 0)."
    )

    @Option(help: "Minutes of load.")
    var minutes: Double = 10

    @Option(help: "Webhook requests per second (one CloudEvent each).")
    var rate: Int = 200

    @Option(help: "BlocEvents per second from the hub.")
    var hubRate: Int = 20

    @Option(help: "Seconds between memory samples.")
    var sampleSeconds: Double = 30

    @Option(help: "Repository root (rules/, .venv, Tests/tools).")
    var repository: String = "."

    @Option(help: "The switchboard executable (for `kafka dev`); default: beside this one.")
    var switchboard: String?

    @Option(help: "Seconds serve remembers accepted event ids for de-duplication (serve's default is 600). Shorter, so the window is full — and its memory at its bound — within the warm-up.")
    var dedupWindowSeconds: Double = 60

    static let token = "soak-token-0123456789abcdef"
    static let apiKey = "soak-hub-key"

    func run() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-soak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let hub = try HelperProcess(executable: try HelperProcess.python(repository: repository), arguments: ["-u", "\(repository)/Tests/tools/signalr_hub.py", "--api-key", Self.apiKey])
        defer { hub.stop() }
        let hubURL = "http://127.0.0.1:\(try hub.readyPort())/hub"
        let executable = switchboard ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("switchboard").path
        let kafka = try HelperProcess(executable: executable, arguments: ["kafka", "dev", "--partitions", "3", "--bootstrap-file", work.appendingPathComponent("bootstrap").path])
        defer { kafka.stop() }
        let bootstrap = kafka.firstLine

        var logger = Logger(label: "soak")
        logger.logLevel = .warning
        let server = try ServeAssembly.make(
            configuration: configuration(hubURL: hubURL, bootstrap: bootstrap, work: work), logger: logger, metrics: nil,
            deduplication: DeduplicationWindow(window: dedupWindowSeconds)
        )
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run(signals: []) { portContinuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw ValidationError("serve did not start") }
            try await waitUntilReady(server)
            let driver = ThelloConnector(configuration: ThelloConfiguration(
                name: "soak-driver", managementBaseURL: "http://127.0.0.1:1", hubURL: hubURL, apiKey: Self.apiKey, blocs: ["soak-driver-unused"]
            ))
            try await driver.start()
            let webhooks = SoakWebhookLoad(url: "http://127.0.0.1:\(port)/webhooks/clicktodial", token: Self.token, rate: rate)
            let blocEvents = SoakHubLoad(driver: driver, bloc: "support-queue", rate: hubRate)
            progress("serve on port \(port), kafka at \(bootstrap), hub at \(hubURL); \(rate) webhooks/s + \(hubRate) BlocEvents/s for \(minutes) min")
            emit("time      serve RSS MiB   heap MiB   kafka-dev RSS MiB   webhooks sent   accepted   BlocEvents")

            var reader: SoakKafkaReader?
            let samples = try await withThrowingTaskGroup(of: Void.self) { load -> [Double] in
                load.addTask { await webhooks.run() }
                load.addTask { await blocEvents.run() }
                let start = ContinuousClock.now
                let end = start + .seconds(minutes * 60)
                var samples: [Double] = []
                var nextSample = start
                while ContinuousClock.now < end {
                    // The topic exists once the first events were produced.
                    if reader == nil, ContinuousClock.now - start > .seconds(3) {
                        reader = try SoakKafkaReader(bootstrap: bootstrap, topic: "calls", output: work.appendingPathComponent("calls.headers"))
                    }
                    if ContinuousClock.now >= nextSample {
                        let rss = ResidentMemory.megabytes() ?? -1
                        samples.append(rss)
                        let counts = webhooks.snapshot
                        emit(String(format: "%5.0f s   %13.1f   %8.1f   %17.1f   %13ld   %8ld   %10ld", (ContinuousClock.now - start).seconds, rss, ResidentMemory.heapMegabytes(),
                                     ResidentMemory.megabytes(pid: kafka.processIdentifier) ?? -1, counts.sent, counts.accepted, blocEvents.notifiedCount))
                        nextSample = nextSample + .seconds(sampleSeconds)
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
                webhooks.stop()
                blocEvents.stop()
                try await load.waitForAll()
                samples.append(ResidentMemory.megabytes() ?? -1)
                return samples
            }
            await driver.stop()
            guard let reader else { throw ValidationError("the soak ended before the Kafka reader started") }
            try await report(server: server, reader: reader, webhooks: webhooks, blocEvents: blocEvents, samples: samples)
            group.cancelAll()
        }
    }

    private func configuration(hubURL: String, bootstrap: String, work: URL) -> SwitchboardConfiguration {
        SwitchboardConfiguration(
            http: .init(host: "127.0.0.1", port: 0),
            rules: .init(directory: "\(repository)/rules", reloadIntervalSeconds: 2),
            webhooks: [.init(name: "clicktodial", path: "/webhooks/clicktodial", platform: .clicktodial, binding: .cloudevents, tokens: [Self.token])],
            kafka: KafkaConfiguration(
                brokers: bootstrap,
                spoolPath: work.appendingPathComponent("spool.jsonl").path,
                replayOnStart: false
            ),
            sources: SourcesConfiguration(thello: [ThelloConfiguration(
                name: "soak", managementBaseURL: "http://127.0.0.1:1", hubURL: hubURL, apiKey: Self.apiKey, blocs: ["support-queue"]
            )])
        )
    }

    private func waitUntilReady(_ server: SwitchboardServer) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !server.readiness.isReady {
            guard ContinuousClock.now < deadline else { throw ValidationError("serve never became ready: \(server.readiness.components)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Waits for queued work and for the reader to catch up, then prints the counts.
    private func report(server: SwitchboardServer, reader: SoakKafkaReader, webhooks: SoakWebhookLoad, blocEvents: SoakHubLoad, samples: [Double]) async throws {
        let router = server.sink as? EventRouter
        await router?.drain()
        let counts = webhooks.snapshot
        let accepted = webhooks.accepted
        let expected = accepted.count + blocEvents.notifiedCount
        progress("load stopped; waiting for the `calls` reader (\(expected) records expected)")
        // Until everything is read, or nothing new arrived for 15 s: extra records would be duplicates.
        var last = -1
        var quietSince = ContinuousClock.now
        while ContinuousClock.now - quietSince < .seconds(15) {
            let count = reader.recordCount()
            if count != last { last = count; quietSince = ContinuousClock.now }
            if count >= expected { try await Task.sleep(for: .seconds(2)); break }
            try await Task.sleep(for: .milliseconds(500))
        }
        reader.stop()
        let read = reader.summary(hubSource: "switchboard://thello/soak")
        let spooled = Set(((try? router?.producer?.spool.read()) ?? []).map(\.event.id))
        let lost = accepted.filter { !read.webhookNumbers.contains($0) && !spooled.contains(SoakWebhookLoad.id($0)) }
        let activity = server.activity.snapshot.first { $0.name == "thello:soak" }
        let warm = samples.count > 2 ? samples[2] : samples.first ?? -1
        print("")
        print("soak: \(minutes) min, \(rate) webhooks/s, \(hubRate) BlocEvents/s, de-duplication window \(Int(dedupWindowSeconds)) s")
        print("webhooks: sent \(counts.sent), accepted (2xx) \(counts.accepted), refused \(counts.refused), transport errors \(counts.transportErrors), skipped (backlog) \(counts.skipped)")
        print("BlocEvents: notified \(blocEvents.notifiedCount) (failed \(blocEvents.failedCount)), received by serve \(activity?.eventsReceived ?? 0), reconnects \(activity?.reconnects ?? 0)")
        print("Kafka `calls` read back: \(read.records) records — webhook events \(read.webhookNumbers.count) distinct, hub events \(read.hubEvents); spooled \(spooled.count)")
        print("lost (accepted, neither on Kafka nor spooled): \(lost.count)")
        print(String(format: "RSS MiB: first %.1f, after warm-up %.1f, max %.1f, last %.1f (growth after warm-up %+.1f)",
                     samples.first ?? -1, warm, samples.max() ?? -1, samples.last ?? -1, (samples.last ?? 0) - warm))
        if !lost.isEmpty { throw ExitCode(1) }
    }

    /// Writes a line at once (`print` is block-buffered when piped to a file): each sample shows as it is taken.
    private func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private func progress(_ text: String) {
        FileHandle.standardError.write(Data("soak: \(text)\n".utf8))
    }
}
