import Foundation
import Testing
import ZKCrypto
import ZKRegistryService
import ZKTestSupport

/// eth-account, eth-abi and eth-utils (PyPI) as an independent implementation of the registration signature.
///
/// The script spells the digest out itself from Protos/REGISTRY-SIGNATURE.md; it shares no code with the registry.
enum EthAccountOracle {
    struct Answer: Decodable {
        /// keccak256(abi.encode(...)) as hex.
        var digest: String
        /// `Account.from_key(key).address` (EIP-55).
        var address: String
        /// `Account.sign_message(encode_defunct(primitive=digest), key).signature` as hex.
        var signature: String
        /// The key used, hex.
        var key: String
    }

    private static let script = """
        import sys, json
        from eth_abi import encode
        from eth_utils import keccak
        from eth_account import Account
        from eth_account.messages import encode_defunct
        f = json.loads(sys.stdin.read())
        vk = bytes.fromhex(f['vk_hash']) if f['vk_hash'] else bytes(32)
        digest = keccak(encode(
            ['string', 'bytes32', 'string', 'bytes32', 'string', 'string', 'string', 'bytes32'],
            ['zkfaas.v1.RegisterProgram', bytes.fromhex(f['program_hash']), f['ipfs_cid'],
             bytes.fromhex(f['elf_hash']), f['description'], f['zkvm'], f['zkvm_version'], vk]))
        account = Account.from_key(f['key']) if f['key'] else Account.create()
        signed = Account.sign_message(encode_defunct(primitive=digest), account.key)
        print(json.dumps({'digest': digest.hex(), 'address': account.address,
                          'signature': bytes(signed.signature).hex(), 'key': bytes(account.key).hex()}))
        """

    /// Computes the digest of `fields` and signs it with `key` (hex) or a fresh key.
    static func sign(_ fields: RegistrationFields, key: String? = nil) throws -> Answer {
        let input: [String: String] = [
            "program_hash": Hex.encode(fields.programHash),
            "ipfs_cid": fields.ipfsCID,
            "elf_hash": Hex.encode(fields.elfHash),
            "description": fields.description,
            "zkvm": fields.zkvm.canonicalName,
            "zkvm_version": fields.zkvmVersion,
            "vk_hash": Hex.encode(fields.vkHash),
            "key": key ?? "",
        ]
        return try PythonOracle.json(Answer.self, script, stdin: Array(try JSONEncoder().encode(input)))
    }
}
