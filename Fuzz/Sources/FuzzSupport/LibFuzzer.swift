import CLibFuzzer
import Foundation

/// One fuzz input to one fuzz target; returns 0 (libFuzzer reserves other values).
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Hands the process to libFuzzer's driver.
///
/// The targets have an ordinary `@main` that calls this, rather than defining
/// `LLVMFuzzerTestOneInput` and borrowing libFuzzer's `main`: SwiftPM renames an executable's
/// `main` to `<Module>_main` and aliases `main` to it at link time, which a module without a
/// `main` cannot satisfy.
public enum LibFuzzer {
    public static func run(_ target: FuzzTarget) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, target))
    }
}
