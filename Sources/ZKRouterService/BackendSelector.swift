import ZKProto
import ZKRPC

/// Picks the backend of a job: a named one, or under `auto` the first healthy backend (in configured order) that
/// serves the program's zkVM and the mode and whose circuit is not open; the rest are the fallbacks tried, in
/// order, when a backend answers UNAVAILABLE.
struct BackendSelector: Sendable {
    struct Entry: Sendable {
        let backend: any ProverBackend
        let breaker: CircuitBreaker
    }

    let entries: [Entry]

    /// The backends to try, best first.
    ///
    /// - Throws: INVALID_ARGUMENT for an unknown backend name, FAILED_PRECONDITION when no backend serves the
    ///   zkVM and mode, UNAVAILABLE when the ones that do are all unhealthy or open.
    func candidates(requested: String, zkvm: String, mode: ProofMode) async throws(RPCError) -> [Entry] {
        let name = requested.isEmpty ? "auto" : requested.lowercased()
        let pool: [Entry]
        if name == "auto" {
            pool = entries
        } else {
            guard let entry = entries.first(where: { $0.backend.name == name }) else {
                let known = (["auto"] + entries.map(\.backend.name)).joined(separator: ", ")
                throw RPCError(code: .invalidArgument, message: "unknown backend '\(requested)'; known: \(known)")
            }
            pool = [entry]
        }
        let capable = pool.filter { $0.backend.zkvms.contains(zkvm) && $0.backend.modes.contains(mode) }
        guard !capable.isEmpty else {
            let offered = entries.map { "\($0.backend.name) (\($0.backend.modes.map(\.description).sorted().joined(separator: ", ")))" }
            throw RPCError(
                code: .failedPrecondition,
                message: "no configured backend makes \(mode) proofs for \(zkvm); configured: \(offered.joined(separator: "; "))"
            )
        }
        var ready: [Entry] = []
        for entry in capable where await entry.backend.isHealthy() && entry.breaker.state != .open {
            ready.append(entry)
        }
        guard !ready.isEmpty else {
            throw RPCError(code: .unavailable, message: "every backend able to serve this job is unavailable")
        }
        return ready
    }
}
