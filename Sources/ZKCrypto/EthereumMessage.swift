/// Message hashing conventions used for Ethereum signatures.
public enum EthereumMessage {
    private static let personalPrefix = Array("\u{19}Ethereum Signed Message:\n".utf8)

    /// The EIP-191 version `0x45` ("personal_sign") hash of `message`:
    /// `keccak256("\x19Ethereum Signed Message:\n" ‖ decimal(len(message)) ‖ message)`.
    ///
    /// This is what `eth_sign`/`personal_sign` wallets and eth-account's `encode_defunct` sign.
    ///
    /// - Parameter message: The raw message bytes (not hex-decoded or otherwise interpreted).
    /// - Returns: The 32-byte digest to pass to ``Secp256k1/PrivateKey/sign(digest:)``.
    public static func personalMessageHash(_ message: some Collection<UInt8>) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(personalPrefix)
        hasher.update(Array(String(message.count).utf8))
        hasher.update(message)
        return hasher.finalize()
    }

    /// ``personalMessageHash(_:)`` of the UTF-8 bytes of `message`.
    public static func personalMessageHash(_ message: String) -> [UInt8] {
        personalMessageHash(Array(message.utf8))
    }
}
