/// What a successful guest run produced.
public struct ExecutionResult: Sendable, Hashable {
    /// The exit code passed to HALT (always 0 for a successful run: a non-zero code is
    /// ``ExecutorError/Code/guestPanicked``).
    public var exitCode: UInt32

    /// Every byte the guest wrote to the public-values file descriptor (13, or 3 for SP1 v1–v3 guests).
    public var publicValues: [UInt8]

    /// The 32 bytes the guest COMMITted (8 words, each little-endian): the SHA-256 of ``publicValues`` for SP1
    /// v1–v5 guests.
    public var publicValuesDigest: [UInt8]

    /// Whether ``publicValuesDigest`` equals SHA-256(``publicValues``).
    public var publicValuesDigestMatches: Bool

    /// The 8 words the guest passed to COMMIT_DEFERRED_PROOFS (all zero unless it verifies SP1 proofs).
    public var deferredProofsDigest: [UInt32]

    /// Cycles as SP1 counts them: one per executed instruction, ecalls included, instructions inside
    /// unconstrained blocks excluded.
    public var cycles: UInt64

    /// Instructions executed inside unconstrained blocks (not part of ``cycles``, but bounded by
    /// ``ExecutionLimits/maxUnconstrainedInstructions``): work to charge along with ``cycles``.
    public var unconstrainedInstructions: UInt64

    /// Bytes the guest wrote to fd 1 (cycle-tracker commands excluded, as SP1 does), up to the output limit.
    public var stdout: [UInt8]

    /// Bytes the guest wrote to fd 2, up to the output limit.
    public var stderr: [UInt8]

    /// Guest memory written, ELF image included, in bytes (a multiple of 4096).
    public var memoryBytesTouched: UInt64

    /// Input buffers the guest did not read.
    public var unreadInputBuffers: Int

    /// ``stdout`` decoded as UTF-8 (invalid sequences replaced).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

    /// ``stderr`` decoded as UTF-8 (invalid sequences replaced).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// Creates a result.
    public init(
        exitCode: UInt32,
        publicValues: [UInt8],
        publicValuesDigest: [UInt8],
        publicValuesDigestMatches: Bool,
        deferredProofsDigest: [UInt32],
        cycles: UInt64,
        unconstrainedInstructions: UInt64,
        stdout: [UInt8],
        stderr: [UInt8],
        memoryBytesTouched: UInt64,
        unreadInputBuffers: Int
    ) {
        self.exitCode = exitCode
        self.publicValues = publicValues
        self.publicValuesDigest = publicValuesDigest
        self.publicValuesDigestMatches = publicValuesDigestMatches
        self.deferredProofsDigest = deferredProofsDigest
        self.cycles = cycles
        self.unconstrainedInstructions = unconstrainedInstructions
        self.stdout = stdout
        self.stderr = stderr
        self.memoryBytesTouched = memoryBytesTouched
        self.unreadInputBuffers = unreadInputBuffers
    }
}
