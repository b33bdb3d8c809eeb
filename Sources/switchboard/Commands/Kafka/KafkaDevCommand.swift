import ArgumentParser
import Dispatch
import Foundation
import SwitchboardKafka

/// `switchboard kafka dev`: runs librdkafka's in-process Kafka-protocol cluster on loopback until
/// interrupted, so any Kafka client (kcat, tail, serve with a broker list) can use it.
struct KafkaDevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run an in-memory Kafka-protocol cluster; prints its bootstrap address on the first line.",
        discussion: """
            The address is also written to the bootstrap file, where `switchboard tail --brokers embedded` \
            and `switchboard replay --brokers embedded` find it. Data lives in memory only and is gone when \
            this command stops (Ctrl-C or SIGTERM).
            """
    )

    @Option(name: .customLong("brokers"), help: "Number of brokers.")
    var brokers = 1

    @Option(help: "Partitions of the topics created with --topic.")
    var partitions = 6

    @Option(name: .customLong("topic"), help: "A topic to create up front (repeatable).")
    var topics: [String] = []

    @Option(help: "Where to write the bootstrap address.")
    var bootstrapFile = BootstrapFile.defaultPath

    /// For benchmarks that start the cluster as a helper: stop as on SIGTERM when standard input
    /// closes, which happens when the starter exits in any way (also `kill -9`).
    @Flag(help: .hidden)
    var exitWithStdin = false

    func run() async throws {
        let cluster = try EmbeddedKafkaCluster(options: EmbeddedClusterOptions(brokers: brokers, partitions: partitions))
        for topic in topics { try cluster.createTopic(topic) }
        try cluster.writeBootstrapFile(bootstrapFile)
        // Unbuffered, so a script reading the first line gets it at once.
        FileHandle.standardOutput.write(Data((cluster.bootstrapServers + "\n").utf8))
        FileHandle.standardError.write(Data("""
            WARNING: embedded Kafka cluster (\(brokers) broker(s)); data is kept IN MEMORY ONLY and lost on exit.
            bootstrap address written to \(bootstrapFile); stop with Ctrl-C.

            """.utf8))
        let signal = await Self.waitForTermination(orStandardInputClose: exitWithStdin)
        // Only remove the file if it still points at this cluster.
        if (try? BootstrapFile.read(from: bootstrapFile)) == cluster.bootstrapServers {
            try? FileManager.default.removeItem(atPath: bootstrapFile)
        }
        cluster.shutdown()
        FileHandle.standardError.write(Data("embedded Kafka cluster stopped (signal \(signal))\n".utf8))
    }

    /// Suspends until SIGINT or SIGTERM arrives, and returns it.
    static func waitForTermination(orStandardInputClose watchesStandardInput: Bool = false) async -> Int32 {
        await withCheckedContinuation { continuation in
            let queue = DispatchQueue(label: "switchboard.kafka-dev.signals")
            let resumed = SignalLatch(continuation)
            if watchesStandardInput {
                let watcher = Thread {
                    _ = FileHandle.standardInput.readDataToEndOfFile()
                    queue.async { resumed.fire(SIGTERM) }
                }
                watcher.name = "stdin-watch"
                watcher.start()
            }
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { resumed.fire(number) }
                source.resume()
                resumed.keep(source)
            }
        }
    }
}

/// Resumes a continuation once, from whichever signal comes first; keeps the sources alive.
private final class SignalLatch: @unchecked Sendable {
    // @unchecked: every member is touched only on the one serial signal queue, after setup.
    private var continuation: CheckedContinuation<Int32, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Int32, Never>) {
        self.continuation = continuation
    }

    func keep(_ source: any DispatchSourceSignal) { sources.append(source) }

    func fire(_ number: Int32) {
        continuation?.resume(returning: number)
        continuation = nil
        for source in sources { source.cancel() }
    }
}
