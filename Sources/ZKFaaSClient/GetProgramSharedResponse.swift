import ZKProto
public import ZKRPC

/// A `GetProgram` answer whose compressed ELF is not copied out of the received bytes (see
/// ``StorageClient/getProgramShared(_:timeout:)``): ``elfZstd`` shares the answer's storage, the small fields are
/// decoded as usual.
public struct GetProgramSharedResponse: Sendable {
    /// The zstd-compressed ELF, as received.
    public var elfZstd: SharedBytes
    public var elfSize: UInt64
    public var elfHash: [UInt8]
    public var cid: String
    public var tier: String

    /// Decodes an encoded `zkfaas.v1.StorageGetProgramResponse`, sharing its `elf_zstd` field's bytes.
    ///
    /// - Throws: ``RPCError`` INTERNAL when the bytes are not such a message.
    public init(decoding payload: SharedBytes) throws {
        let elfField = 1
        let (range, others): (Range<Int>?, StorageGetProgramResponse) = try payload.withUnsafeBytes { bytes in
            guard let fields = ProtoFieldScanner.scan(bytes) else {
                throw RPCError(code: .internalError, message: "malformed GetProgram answer")
            }
            // The last occurrence of a field wins (protobuf); the others are decoded without it.
            let elf = fields.last { $0.number == elfField && $0.value != nil }
            let others: StorageGetProgramResponse
            do {
                if let elf, elf.field.lowerBound == 0 {
                    // As storage sends it: the ELF first, then the small fields.
                    others = try StorageGetProgramResponse(
                        serializedBytes: UnsafeRawBufferPointer(rebasing: bytes[elf.field.upperBound...])
                    )
                } else {
                    var rest: [UInt8] = []
                    for field in fields where field.field != elf?.field {
                        rest += UnsafeRawBufferPointer(rebasing: bytes[field.field])
                    }
                    others = try StorageGetProgramResponse(serializedBytes: rest)
                }
            } catch {
                throw RPCError(code: .internalError, message: "malformed GetProgram answer: \(error)")
            }
            return (elf?.value, others)
        }
        self.elfZstd = range.map { payload.slice($0) } ?? SharedBytes([])
        self.elfSize = others.elfSize
        self.elfHash = others.elfHash
        self.cid = others.cid
        self.tier = others.tier
    }
}
