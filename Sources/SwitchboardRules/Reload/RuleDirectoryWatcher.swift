import Foundation

/// Polls a rules directory and reloads the store when any file under it changes.
///
/// Polling (not inotify) keeps it portable and works on network and container mounts; the
/// fingerprint covers every file's path and content, so an edit that keeps the size and the
/// modification time is still seen. Run `run()` as a long-running task: it returns when the
/// task is cancelled.
public struct RuleDirectoryWatcher: Sendable {
    /// Watcher settings, from the `rules` section of the service configuration.
    public struct Configuration: Sendable, Hashable, Decodable {
        /// The rules directory (default `rules`).
        public var directory: String
        /// Seconds between two looks at the directory (default 2).
        public var pollIntervalSeconds: Double
        /// How the rule files are loaded.
        public var loader: RuleSetLoader.Options

        public init(directory: String = "rules", pollIntervalSeconds: Double = 2, loader: RuleSetLoader.Options = .init()) {
            self.directory = directory
            self.pollIntervalSeconds = pollIntervalSeconds
            self.loader = loader
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Configuration()
            directory = try container.decodeIfPresent(String.self, forKey: .directory) ?? defaults.directory
            pollIntervalSeconds = try container.decodeIfPresent(Double.self, forKey: .pollIntervalSeconds) ?? defaults.pollIntervalSeconds
            loader = try container.decodeIfPresent(RuleSetLoader.Options.self, forKey: .loader) ?? defaults.loader
        }

        private enum CodingKeys: String, CodingKey {
            case directory, pollIntervalSeconds, loader
        }
    }

    /// What one look at the directory did.
    public enum Outcome: Sendable, Equatable {
        case unchanged
        case applied(ruleCount: Int)
        case rejected(RuleSetError)
    }

    public let configuration: Configuration
    public let store: RuleSetStore
    /// Called after each reload attempt that found a change (for logging); never with secrets.
    private let onReload: @Sendable (Outcome) -> Void
    private let lastFingerprint = FingerprintBox()

    /// A watcher that reloads `store` from `configuration.directory`; `onReload` hears every outcome but `unchanged`.
    public init(configuration: Configuration, store: RuleSetStore, onReload: @escaping @Sendable (Outcome) -> Void = { _ in }) {
        self.configuration = configuration
        self.store = store
        self.onReload = onReload
    }

    /// Polls until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            _ = check()
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                return
            }
        }
    }

    /// The configured interval, kept between 10 ms and one hour.
    private var pollInterval: Duration {
        let seconds = configuration.pollIntervalSeconds.isFinite ? configuration.pollIntervalSeconds : 2
        return .milliseconds(Int64(min(max(0.01, seconds), 3600) * 1000))
    }

    /// Looks at the directory once and reloads when its contents changed since the last look.
    ///
    /// The first call always loads. A rejected set is not retried until the files change again.
    @discardableResult
    public func check() -> Outcome {
        let fingerprint = Self.fingerprint(of: configuration.directory)
        guard lastFingerprint.swap(fingerprint) != fingerprint else { return .unchanged }
        let outcome: Outcome
        do {
            let ruleSet = try RuleSetLoader.load(directory: configuration.directory, options: configuration.loader)
            store.replace(with: ruleSet, fingerprint: fingerprint)
            outcome = .applied(ruleCount: ruleSet.rules.count)
        } catch {
            store.reject(error)
            outcome = .rejected(error)
        }
        onReload(outcome)
        return outcome
    }

    /// A hash of every file's relative path and bytes under `directory` (FNV-1a, 64 bits).
    static func fingerprint(of directory: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
        }
        let manager = FileManager.default
        let paths = (manager.subpaths(atPath: directory) ?? []).sorted()
        for path in paths {
            let full = (directory as NSString).appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            mix(path.utf8)
            mix([0])
            if let data = manager.contents(atPath: full) { mix(data) }
            mix([0xFF])
        }
        return hash
    }
}
