import ZKContent
import ZKProto
import ZKRPC
import ZKStore

/// One program as the tiers hold it: the client's zstd frame, untouched, and what it was verified to be.
///
/// The CID is kept typed; it becomes text only in the protobuf messages built here and by the service.
///
/// The frame is kept as ``SharedBytes`` so that memory hits are sent without copying it (the connection's send-ready
/// form replaces the array the first time it is sent).
struct StoredProgram: Sendable {
    var compressed: SharedBytes
    var elfSize: UInt64
    /// The SHA-256 of the ELF, as the tiers' key.
    var key: BlobKey
    var cid: CID

    init(elfZstd: [UInt8], elfSize: UInt64, key: BlobKey, cid: CID) {
        self.compressed = SharedBytes(elfZstd)
        self.elfSize = elfSize
        self.key = key
        self.cid = cid
    }

    /// The SHA-256 of the ELF.
    var elfHash: [UInt8] { key.bytes }

    /// The zstd frame as an array (a copy once a connection has adopted the bytes).
    var elfZstd: [UInt8] { compressed.bytes }

    /// The zstd frame's size.
    var compressedSize: Int { compressed.count }

    /// The disk tier's metadata of the program.
    var meta: [UInt8] {
        StatProgramResponse(
            elfHash: elfHash,
            cid: cid.description,
            elfSize: elfSize,
            compressedSize: UInt64(compressedSize)
        ).serializedBytes()
    }

    /// The `GetProgram` answer in parts: `elf_zstd` (field 1, the first one written) as the shared bytes, the other
    /// fields after it, so the concatenation is the message's encoding.
    func responseParts(tier: String) -> ResponseParts {
        let rest = StorageGetProgramResponse(elfSize: elfSize, elfHash: elfHash, cid: cid.description, tier: tier)
        return ResponseParts(field: 1, shared: compressed, after: rest.serializedBytes())
    }
}
