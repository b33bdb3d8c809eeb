print("switchboard-bench: no benchmarks yet")
