import ZKProto

/// One program as the tiers hold it: the client's zstd frame, untouched, and what it was verified to be.
struct StoredProgram: Sendable {
    var elfZstd: [UInt8]
    var elfSize: UInt64
    var elfHash: [UInt8]
    var cid: String

    /// The disk tier's metadata of the program.
    var meta: [UInt8] {
        StatProgramResponse(elfHash: elfHash, cid: cid, elfSize: elfSize, compressedSize: UInt64(elfZstd.count))
            .serializedBytes()
    }
}
