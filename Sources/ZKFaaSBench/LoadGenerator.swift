import ZKRPC
import ZKRPCTransportNIO

/// Closed-loop load: `connections` connections, `inFlight` calls outstanding in total, each call issued as soon
/// as the previous one on its slot returns. Warms up, then measures for `seconds`, and prints one line:
/// `RESULT label=… rps=… p50_us=… p99_us=… calls=… errors=…` (the keys nio-echo prints). The calls of a slot
/// run on its connection's event loop (``RPCConnection/taskExecutor``).
enum LoadGenerator {
    struct Result {
        var label: String
        var requestsPerSecond: Double
        var p50: Double
        var p99: Double
        var calls: Int
        var errors: Int

        var line: String {
            "RESULT label=\(label) rps=\(Int(requestsPerSecond)) p50_us=\(format(p50)) p99_us=\(format(p99))"
                + " calls=\(calls) errors=\(errors)"
        }

        private func format(_ value: Double) -> String {
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        }
    }

    /// Runs the load the options describe (target, connections, calls in flight, seconds, label). `call` makes one
    /// call on the given connection and throws on failure.
    static func run(
        _ load: LoadOptions,
        warmupSeconds: Int = 1,
        call: @escaping @Sendable (RPCConnection, Int) async throws -> Void
    ) async throws -> Result {
        let (label, host, port) = (load.label, load.host, load.port)
        let (connections, inFlight, seconds) = (load.connections, load.concurrency, load.seconds)
        var pool: [RPCConnection] = []
        for _ in 0..<connections { pool.append(try await RPCConnection.connect(host: host, port: port)) }
        let connectionsList = pool
        let start = ContinuousClock.now
        let measureFrom = start + .seconds(warmupSeconds)
        let end = measureFrom + .seconds(seconds)
        let results = try await withThrowingTaskGroup(of: (LatencyRecorder, Int).self) { group in
            for slot in 0..<inFlight {
                let connection = connectionsList[slot % connectionsList.count]
                // Each slot runs on its connection's event loop, as an event-loop-native client would.
                group.addTask(executorPreference: connection.taskExecutor) {
                    var recorder = LatencyRecorder(capacity: 1 << 16)
                    var errors = 0
                    var index = slot
                    while true {
                        let before = ContinuousClock.now
                        if before >= end { break }
                        do {
                            try await call(connection, index)
                        } catch {
                            if before >= measureFrom { errors += 1 }
                        }
                        let after = ContinuousClock.now
                        if before >= measureFrom {
                            let elapsed = after - before
                            recorder.record(UInt64(elapsed / .nanoseconds(1)))
                        }
                        index += inFlight
                    }
                    return (recorder, errors)
                }
            }
            var all = LatencyRecorder()
            var errors = 0
            for try await (recorder, slotErrors) in group {
                all.merge(recorder)
                errors += slotErrors
            }
            return (all, errors)
        }
        for connection in connectionsList { await connection.close() }
        let (recorder, errors) = results
        let calls = recorder.samples.count
        return Result(
            label: label,
            requestsPerSecond: Double(calls - errors) / Double(seconds),
            p50: recorder.percentile(0.50),
            p99: recorder.percentile(0.99),
            calls: calls,
            errors: errors
        )
    }
}
