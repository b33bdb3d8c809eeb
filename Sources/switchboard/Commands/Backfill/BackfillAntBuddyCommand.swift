import ArgumentParser
import Foundation
import Logging
import SwitchboardKafka
import SwitchboardRules
import SwitchboardRuntime

/// `switchboard backfill antbuddy --from DATE --to DATE [--config FILE] [--account NAME]`.
struct BackfillAntBuddyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "antbuddy",
        abstract: "Read AntBuddy call history for a range (31-day windows, every page) and route it to Kafka.",
        discussion: """
            Every record becomes a switchboard.call.completed event (recordings resolved to signed URLs) and goes \
            through the rules and the Kafka producer that `serve` uses. Platform actions that rules plan for these \
            events are not run; they are reported on the dead-letter topic. Exits 1 when the history could not be read \
            completely, 2 on a configuration error.
            """
    )

    @Option(help: "The first day (YYYY-MM-DD, UTC) or instant (RFC 3339) to read.")
    var from: String

    @Option(help: "The last day (YYYY-MM-DD, included) or instant (RFC 3339, excluded) to read.")
    var to: String

    @Option(name: .shortAndLong, help: "The YAML configuration file (sources.antbuddy, rules, kafka).")
    var config: String = "config/switchboard.yaml"

    @Option(help: "The account (sources.antbuddy[].name); required when several are configured.")
    var account: String?

    @Option(help: "Override kafka.brokers: `embedded` (the bootstrap file of `switchboard kafka dev`) or host:port[,host:port].")
    var brokers: String?

    @Option(help: "The bootstrap file written by the embedded cluster (with --brokers embedded).")
    var bootstrapFile = BootstrapFile.defaultPath

    func run() async throws {
        guard let start = BackfillRange.parse(from, endOfDay: false), let end = BackfillRange.parse(to, endOfDay: true) else {
            throw ValidationError("--from and --to must be YYYY-MM-DD or RFC 3339 times")
        }
        guard start < end else { throw ValidationError("--from must be before --to") }
        var configuration: SwitchboardConfiguration
        do {
            configuration = try ConfigurationLoader().load(file: config)
        } catch {
            FileHandle.standardError.write(Data("switchboard: invalid configuration\n\(error)\n".utf8))
            throw ExitCode(2)
        }
        let accounts = configuration.sources.antbuddy
        guard let selected = account.map({ name in accounts.first { $0.name == name } }) ?? (accounts.count == 1 ? accounts.first : nil) else {
            let names = accounts.map(\.name).joined(separator: ", ")
            FileHandle.standardError.write(Data("switchboard: name one AntBuddy account with --account (configured: \(names.isEmpty ? "none" : names))\n".utf8))
            throw ExitCode(2)
        }
        if let brokers {
            configuration.kafka.brokers = try BootstrapFile.resolve(brokers: brokers, bootstrapFile: bootstrapFile)
        }
        LoggingBootstrap.bootstrap(configuration.logging)
        let logger = Logger(label: "switchboard.backfill")
        if configuration.kafka.usesEmbeddedCluster {
            logger.warning("kafka.brokers is `embedded`: this process's in-memory cluster ends with it; pass --brokers to keep the events")
        }

        let store = RuleSetStore()
        let watcher = RuleWatcherService(directory: configuration.rules.directory, pollIntervalSeconds: 0, store: store, logger: logger)
        do {
            _ = try watcher.loadInitialRuleSet()
        } catch {
            FileHandle.standardError.write(Data("switchboard: rules (\(configuration.rules.directory))\n\(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let producer = try KafkaProducer(configuration: configuration.kafka, logger: logger)
        let router = EventRouter(
            rules: store,
            choice: OperatorChoiceState(configuration: configuration.rules.choice),
            producer: producer,
            deadLetterTopic: configuration.rules.deadLetterTopic,
            logger: logger
        )
        let outcome: Result<AntBuddyBackfill.Summary, AntBuddyBackfill.Failure>
        do throws(AntBuddyBackfill.Failure) {
            outcome = .success(try await AntBuddyBackfill.run(account: selected, from: start, to: end, sink: router, logger: logger))
        } catch {
            outcome = .failure(error)
        }
        await router.drain()
        await producer.shutdown()
        switch outcome {
        case .success(let summary):
            print("antbuddy \(selected.name) \(start)…\(end): \(summary)")
        case .failure(let failure):
            print("antbuddy \(selected.name) \(start)…\(end): stopped: \(failure)")
            throw ExitCode(1)
        }
    }
}
