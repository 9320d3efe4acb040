/// What one soak client does in one step; the mix is fixed by the step's index, so two runs make the same calls.
enum SoakAction: Int, CaseIterable, Sendable {
    /// `Prove` of a fixed input: an L1 cache hit after the first.
    case cacheHit
    /// `Prove` of an input not asked before: a new job (a short execution).
    case cacheMiss
    /// `Prove` without waiting of a long job, then `CancelJob`.
    case cancel
    /// storage `GetProgram` of the registered program.
    case storageGet
    /// registry `GetProgram` of the registered program.
    case registryGet
    /// A connection that sends bytes that are no frame (garbage, an oversized length, an empty frame, a frame that
    /// is no protobuf), then waits for the server to close it.
    case badFrames
    /// A connection that sends many PINGs and never reads the answers, then goes away.
    case slowReader

    /// Out of every 20 steps: 8 hits, 3 misses, 2 cancels, 2 storage reads, 2 registry reads, 2 bad-frame connections,
    /// 1 slow reader.
    static func of(step: Int) -> SoakAction {
        switch step % 20 {
        case 0..<8: .cacheHit
        case 8..<11: .cacheMiss
        case 11..<13: .cancel
        case 13..<15: .storageGet
        case 15..<17: .registryGet
        case 17..<19: .badFrames
        default: .slowReader
        }
    }

    /// Whether the step's latency counts in the figures (raw-socket abuse has no answer to time).
    var isTimed: Bool {
        switch self {
        case .badFrames, .slowReader: false
        default: true
        }
    }
}
