import Foundation

/// The package's own executables (`switchboard`, `switchboard-bench`), from the build directory
/// the test runner lives in: `swift build --build-tests` builds them beside the test bundle.
public enum BuiltExecutable {
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "no executable at \(path): run `swift build --build-tests` first" }
    }

    /// The executable `name` in the same build directory as the running tests.
    public static func url(_ name: String) throws -> URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        // The runner may sit inside an .xctest bundle directory.
        while directory.path.contains(".xctest") { directory = directory.deletingLastPathComponent() }
        let candidate = directory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else { throw Missing(path: candidate.path) }
        return candidate
    }
}
