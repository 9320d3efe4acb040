/// What the soak's clients did in one reporting window.
struct SoakWindow: Sendable {
    var latency = LatencyRecorder(capacity: 1 << 16)
    var calls = 0
    var errors = 0
    var errorCodes: [String: Int] = [:]
    var abusiveConnections = 0
    var closedByServer = 0
}
