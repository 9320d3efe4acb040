/// The guest's input: SP1's `SP1Stdin`, a list of byte buffers read one per HINT_LEN/HINT_READ pair.
///
/// SP1 (succinctlabs/sp1 v5.2.4 `crates/core/machine/src/io.rs`) defines
/// `struct SP1Stdin { buffer: Vec<Vec<u8>>, ptr: usize, proofs: Vec<(SP1ReduceProof, StarkVerifyingKey)> }` and
/// users save it with bincode 1's default options: fixed-width little-endian integers, `u64` lengths. Executors
/// feed every `buffer` entry to the guest (`runtime.write_vecs(&stdin.buffer)` in `crates/prover/src/lib.rs`) and
/// ignore `ptr`. ``init(bincode:)`` reads `buffer` and `ptr` and stops there: the proofs that may follow are only
/// needed to verify deferred proofs, which this executor does not do.
public struct SP1Stdin: Sendable, Hashable {
    /// The input buffers, in the order the guest reads them.
    public var buffers: [[UInt8]]

    /// Creates an input from buffers.
    public init(buffers: [[UInt8]] = []) {
        self.buffers = buffers
    }

    /// Parses a bincode-serialized `SP1Stdin`.
    ///
    /// - Throws: ``ExecutorError/Code/invalidInput`` when the bytes end early or a length is impossible.
    public init(bincode bytes: [UInt8]) throws(ExecutorError) {
        var offset = 0
        func readU64() throws(ExecutorError) -> UInt64 {
            guard bytes.count - offset >= 8 else {
                throw ExecutorError(code: .invalidInput, message: "SP1Stdin ends inside a length at byte \(offset)")
            }
            var value: UInt64 = 0
            for index in 0..<8 {
                value |= UInt64(bytes[offset + index]) << (8 * UInt64(index))
            }
            offset += 8
            return value
        }
        let count = try readU64()
        // Every buffer takes at least its 8-byte length, which bounds a hostile count.
        guard count <= UInt64(bytes.count - offset) / 8 else {
            throw ExecutorError(code: .invalidInput, message: "SP1Stdin claims \(count) buffers in \(bytes.count) bytes")
        }
        var buffers: [[UInt8]] = []
        buffers.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let length = try readU64()
            guard length <= UInt64(bytes.count - offset) else {
                throw ExecutorError(
                    code: .invalidInput,
                    message: "SP1Stdin buffer \(index) claims \(length) bytes but \(bytes.count - offset) remain"
                )
            }
            buffers.append(Array(bytes[offset..<offset + Int(length)]))
            offset += Int(length)
        }
        if offset < bytes.count {
            _ = try readU64()  // ptr; the proofs may follow.
        }
        self.buffers = buffers
    }

    /// The bincode serialization of an `SP1Stdin` holding these buffers, `ptr` 0 and no proofs.
    public func bincode() -> [UInt8] {
        var out: [UInt8] = []
        func append(_ value: UInt64) {
            for index in 0..<8 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
        }
        append(UInt64(buffers.count))
        for buffer in buffers {
            append(UInt64(buffer.count))
            out.append(contentsOf: buffer)
        }
        append(0)
        append(0)
        return out
    }
}
