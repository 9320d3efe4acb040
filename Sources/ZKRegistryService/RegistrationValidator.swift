public import ZKContent
public import ZKProto
public import ZKRPC

/// Checks a `RegisterProgramRequest` and turns it into ``RegistrationFields`` and the parsed `ipfs_cid`.
///
/// Every rule failure is INVALID_ARGUMENT whose message names the field. The signature is not checked here.
public enum RegistrationValidator {
    /// Largest `description`, in UTF-8 bytes.
    public static let maximumDescriptionBytes = 1024
    /// Largest `zkvm_version`, in bytes of printable ASCII.
    public static let maximumVersionBytes = 64
    /// Largest `ipfs_cid` considered at all.
    public static let maximumCIDBytes = 256

    /// Validates `request`.
    ///
    /// - Returns: the fields the author signed, and `ipfs_cid` parsed (for the storage check), so it is parsed once.
    /// - Throws: ``RPCError`` INVALID_ARGUMENT naming the first field at fault.
    public static func validate(_ request: RegisterProgramRequest) throws(RPCError)
        -> (fields: RegistrationFields, cid: CID)
    {
        try checkHash(request.programHash, field: "program_hash")
        try checkHash(request.elfHash, field: "elf_hash")
        guard request.vkHash.isEmpty || request.vkHash.count == 32 else {
            throw invalid("vk_hash must be empty or 32 bytes, got \(request.vkHash.count)")
        }
        guard request.ipfsCid.utf8.count <= maximumCIDBytes else {
            throw invalid("ipfs_cid is longer than \(maximumCIDBytes) bytes")
        }
        let cid: CID
        do {
            cid = try CID(request.ipfsCid)
        } catch {
            throw invalid("ipfs_cid is not a valid CID: \(error.message)")
        }
        guard let zkvm = ZKVMName(spelling: request.zkvm) else {
            throw invalid("zkvm '\(request.zkvm)' is not supported; use SP1 or RISC Zero")
        }
        guard request.description.utf8.count <= maximumDescriptionBytes else {
            throw invalid(
                "description is \(request.description.utf8.count) bytes of UTF-8; at most \(maximumDescriptionBytes)"
            )
        }
        try checkVersion(request.zkvmVersion)
        let fields = RegistrationFields(
            programHash: request.programHash,
            ipfsCID: request.ipfsCid,
            elfHash: request.elfHash,
            description: request.description,
            zkvm: zkvm,
            zkvmVersion: request.zkvmVersion,
            vkHash: request.vkHash
        )
        return (fields, cid)
    }

    /// Requires a 32-byte hash.
    public static func checkHash(_ bytes: [UInt8], field: String) throws(RPCError) {
        guard bytes.count == 32 else {
            throw invalid("\(field) must be 32 bytes, got \(bytes.count)")
        }
    }

    private static func checkVersion(_ version: String) throws(RPCError) {
        guard version.utf8.count <= maximumVersionBytes else {
            throw invalid("zkvm_version is \(version.utf8.count) bytes; at most \(maximumVersionBytes)")
        }
        guard version.utf8.allSatisfy({ (0x20...0x7e).contains($0) }) else {
            throw invalid("zkvm_version must be printable ASCII")
        }
    }

    private static func invalid(_ message: String) -> RPCError {
        RPCError(code: .invalidArgument, message: message)
    }
}
