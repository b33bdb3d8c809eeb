#ifndef SWITCHBOARD_CLIBFUZZER_H
#define SWITCHBOARD_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, LLVM 11 and later), linked in by -sanitize=fuzzer. Calling
/// it from an ordinary `main` lets SwiftPM keep its own entry-point handling for executables.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
