import Logging
import ServiceLifecycle
import SwitchboardRules

/// Hot reload as a service: polls the rules directory and swaps in every valid new rule set;
/// an invalid one is logged, counted (`switchboard_rules_reloads_total`) and rejected while the last good set stays active.
public struct RuleWatcherService: Service {
    public let watcher: RuleDirectoryWatcher
    private let logger: Logger

    public init(directory: String, pollIntervalSeconds: Double, store: RuleSetStore, logger: Logger) {
        self.logger = logger
        self.watcher = RuleDirectoryWatcher(
            configuration: .init(directory: directory, pollIntervalSeconds: pollIntervalSeconds),
            store: store,
            onReload: { outcome in
                switch outcome {
                case .unchanged:
                    break
                case .applied(let count):
                    logger.notice("rule set loaded", metadata: ["rules": .stringConvertible(count)])
                case .rejected(let error):
                    logger.error("rules rejected; the last good rule set stays active", metadata: ["errors": .string(error.description)])
                }
            }
        )
    }

    /// Loads the rule set now (at start, before any event is routed); the watcher remembers the
    /// directory's fingerprint, so `run` reloads only on a later change.
    public func loadInitialRuleSet() throws(RuleSetError) -> Int {
        switch watcher.check() {
        case .applied(let count): return count
        case .rejected(let error): throw error
        case .unchanged: return watcher.store.ruleSet.rules.count
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await watcher.run()
        }
    }
}
