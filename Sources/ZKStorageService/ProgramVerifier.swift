import ZKContent
import ZKCrypto
import ZKProto
import ZKRPC
import ZKStore
import ZKWire

/// Turns untrusted bytes into a ``StoredProgram``: decompress under the cap, check it is a RISC-V ELF, hash it,
/// compute its CID, and compare with what the caller expected.
enum ProgramVerifier {
    /// Verifies an upload (or an upstream copy already compressed); returns the program and its uncompressed bytes.
    ///
    /// - Throws: INVALID_ARGUMENT for bad zstd data, sizes or non-RISC-V ELFs; DATA_LOSS when `expectedHash` or
    ///   `expectedCID` is given and does not match.
    static func verify(
        elfZstd: [UInt8],
        elfSize: UInt64,
        maxELFBytes: Int,
        expectedHash: [UInt8]? = nil,
        expectedCID: CID? = nil
    ) throws(RPCError) -> (program: StoredProgram, elf: [UInt8]) {
        let elf: [UInt8]
        do {
            elf = try Zstd.decompress(elfZstd, declaredSize: elfSize, maximumSize: maxELFBytes)
        } catch {
            throw RPCError(code: .invalidArgument, message: "elf_zstd: \(error)")
        }
        let program = try verify(elf: elf, compressed: elfZstd, expectedHash: expectedHash, expectedCID: expectedCID)
        return (program, elf)
    }

    /// Verifies uncompressed bytes (from IPFS or Arweave) and compresses them for the tiers.
    static func verify(
        elf: [UInt8],
        compressed: [UInt8]? = nil,
        expectedHash: [UInt8]? = nil,
        expectedCID: CID? = nil
    ) throws(RPCError) -> StoredProgram {
        do {
            try ELFCheck.validate(elf)
        } catch {
            throw RPCError(code: .invalidArgument, message: "not a RISC-V ELF: \(error)")
        }
        let hash = SHA256.hash(elf)
        if let expectedHash, expectedHash != hash {
            throw RPCError(
                code: .dataLoss,
                message: "bytes hash to \(Hex.encode(hash)), expected \(Hex.encode(expectedHash))"
            )
        }
        let cid = UnixFSImporter.cid(of: elf).root
        if let expectedCID, expectedCID.multihash != cid.multihash {
            throw RPCError(code: .dataLoss, message: "bytes have CID \(cid), expected \(expectedCID)")
        }
        let zstd: [UInt8]
        if let compressed {
            zstd = compressed
        } else {
            do { zstd = try Zstd.compress(elf) } catch {
                throw RPCError(code: .internalError, message: "cannot compress: \(error)")
            }
        }
        // SHA-256 digests are always 32 bytes: the key exists.
        return StoredProgram(elfZstd: zstd, elfSize: UInt64(elf.count), key: BlobKey(bytes: hash)!, cid: cid)
    }
}
