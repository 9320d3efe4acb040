import Logging
import ZKCrypto
import ZKProto
import ZKRPC

extension RegistryService {
    /// `RegisterProgram`.
    func register(_ request: RegisterProgramRequest, context: ServerContext) async throws
        -> RegisterProgramResponse
    {
        let (fields, cid) = try RegistrationValidator.validate(request)
        let author = try authenticate(
            fields, signature: request.signature, claim: context.metadata[Self.authorMetadataKey])
        let hashText = Hex.encode(fields.programHash, prefix: true)
        if let existing = try await store.program(hash: fields.programHash) {
            remember(existing)
            throw alreadyExists(existing)
        }
        if let check = configuration.storageCheck {
            do {
                try await check.verify(elfHash: fields.elfHash, cid: cid)
                // The record will point at the program for good: storage must keep it for good.
                try await check.pinForRegistration(elfHash: fields.elfHash)
                noteStorage(reachable: true)
            } catch {
                noteStorage(reachable: error.code != .unavailable)
                throw error
            }
        }
        let program = ProgramMetadata(
            programHash: fields.programHash,
            ipfsCid: fields.ipfsCID,
            elfHash: fields.elfHash,
            author: author.checksummedHex,
            timestamp: configuration.clock(),
            description: fields.description,
            zkvm: fields.zkvm.canonicalName,
            zkvmVersion: fields.zkvmVersion,
            vkHash: fields.vkHash,
            signature: request.signature
        )
        switch try await store.insert(program) {
        case .inserted:
            remember(program)
            logger.info(
                "program registered",
                metadata: ["registry.program_hash": "\(hashText)", "registry.author": "\(program.author)"]
            )
            return RegisterProgramResponse(program: program)
        case .alreadyExists(let existing):
            remember(existing)
            throw alreadyExists(existing)
        }
    }

    /// Recovers the author of `fields` from `signature` and checks it against the claimed author, if any.
    ///
    /// - Throws: ``RPCError`` UNAUTHENTICATED for a missing, malformed, high-s or unrecoverable signature or one
    ///   that does not recover to the claim; INVALID_ARGUMENT for a claim that is not an address.
    func authenticate(_ fields: RegistrationFields, signature: [UInt8], claim: String?)
        throws(RPCError)
        -> EthereumAddress
    {
        guard !signature.isEmpty else {
            throw RPCError(code: .unauthenticated, message: "signature is missing")
        }
        guard signature.count == 65 else {
            throw RPCError(
                code: .unauthenticated,
                message: "signature must be 65 bytes r‖s‖v, got \(signature.count)"
            )
        }
        let author: EthereumAddress
        do {
            author = try fields.recoverAuthor(signature: signature)
        } catch {
            throw RPCError(code: .unauthenticated, message: "signature does not verify: \(error.message)")
        }
        if let claim {
            let claimed: EthereumAddress
            do {
                claimed = try EthereumAddress(hex: claim.lowercased())
            } catch {
                throw RPCError(
                    code: .invalidArgument,
                    message: "\(Self.authorMetadataKey) '\(claim)' is not an Ethereum address"
                )
            }
            guard claimed == author else {
                throw RPCError(
                    code: .unauthenticated,
                    message: "the signature over these fields was not made by \(claimed.checksummedHex) "
                        + "(it was made over other fields or with another key)"
                )
            }
        }
        return author
    }

    private func alreadyExists(_ existing: ProgramMetadata) -> RPCError {
        RPCError(
            code: .alreadyExists,
            message: "program \(Hex.encode(existing.programHash, prefix: true)) is already registered by "
                + "\(existing.author) at \(existing.timestamp)"
        )
    }
}
