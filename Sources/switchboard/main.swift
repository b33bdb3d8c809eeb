import SwitchboardEvents

print("switchboard \(SwitchboardVersion.current)")
