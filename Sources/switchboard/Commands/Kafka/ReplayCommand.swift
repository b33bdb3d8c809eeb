import ArgumentParser
import Foundation
import Logging
import SwitchboardKafka

/// `switchboard replay SPOOL`: re-sends spooled events and removes what Kafka acknowledged.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-send the events of a Kafka spool file; delivered ones are removed from it.",
        discussion: "Events that fail again stay in the spool with their attempt count raised. Exits non-zero if any remain."
    )

    @Argument(help: "The spool file (JSON lines), e.g. .switchboard/kafka-spool.jsonl.")
    var spool: String

    @Option(help: "`embedded` (read the bootstrap file) or a broker list host:port[,host:port].")
    var brokers = KafkaConfiguration.embeddedBrokers

    @Option(help: "The bootstrap file written by the embedded cluster.")
    var bootstrapFile = BootstrapFile.defaultPath

    @Option(name: .customLong("property"), help: "A librdkafka property name=value (repeatable).")
    var properties: [String] = []

    func run() async throws {
        var parsed: [String: String] = [:]
        for property in properties {
            guard let equals = property.firstIndex(of: "="), equals != property.startIndex else {
                throw ValidationError("--property must be name=value, got \"\(property.prefix { $0 != "=" })=...\"")
            }
            parsed[String(property[..<equals])] = String(property[property.index(after: equals)...])
        }
        let servers = try BootstrapFile.resolve(brokers: brokers, bootstrapFile: bootstrapFile)
        let configuration = KafkaConfiguration(brokers: servers, properties: parsed, spoolPath: spool, replayOnStart: false)
        var logger = Logger(label: "switchboard.replay")
        logger.logLevel = .warning
        let producer = try KafkaProducer(configuration: configuration, cluster: nil, logger: logger)
        let summary: ReplaySummary
        do {
            summary = try await producer.replaySpool()
        } catch {
            await producer.shutdown()
            throw error
        }
        await producer.shutdown()
        print("replayed \(summary.total): delivered \(summary.delivered), spooled again \(summary.spooledAgain)")
        if summary.spooledAgain > 0 { throw ExitCode(1) }
    }
}
