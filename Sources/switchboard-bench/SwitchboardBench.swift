import ArgumentParser

/// `switchboard-bench`: benchmark commands that print Switchboard's figures beside a baseline
/// measured in the same run (see docs/performance.md).
@main
struct SwitchboardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-bench",
        abstract: "Benchmarks that print Switchboard's numbers beside a same-run baseline.",
        subcommands: [
            KafkaBenchCommand.self,
            RulesBenchCommand.self,
            NormalizeBenchCommand.self,
            SteeringBench.self,
            WebhookBaselineCommand.self,
            IngestStagesBenchCommand.self,
            SoakCommand.self,
        ]
    )
}
