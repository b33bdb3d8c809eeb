"""Exit when the process that started us is gone.

The benchmarks (`switchboard-bench soak`, `steering`) start Python peers with a pipe on their
standard input and `--exit-with-stdin`. When the benchmark ends in any way, also `kill -9`, the
pipe's write end closes, the read below returns, and the peer exits instead of lingering.
"""
import os
import sys
import threading


def exit_when_stdin_closes():
    def watch():
        while sys.stdin.buffer.read(4096):
            pass
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
