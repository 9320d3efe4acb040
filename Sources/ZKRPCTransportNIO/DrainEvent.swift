/// Outbound user event asking a server connection to finish its in-flight calls, refuse new ones, then close.
struct DrainEvent: Sendable {}
