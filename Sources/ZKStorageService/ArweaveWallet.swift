import ZKCrypto

/// An Arweave wallet: an RSA key from a JWK file (RFC 7517/7518 §6.3; `kty` `RSA` with `n`, `e`, `d`, `p`, `q`,
/// `dp`, `dq`, `qi` as unpadded base64url big-endian integers), held in a `ZKCrypto.RSAPrivateKey`.
///
/// A transaction's `owner` is the modulus `n`, and it signs with RSA-PSS over SHA-256 with MGF1-SHA-256 and a
/// 32-byte salt: arweave-js's web-crypto driver signs with `saltLength: 32`; nodes recover the salt length when they
/// verify (`rsa_pss:verify` in `ar_wallet.erl`). Arweave accepts only the public exponent 65537 and owners of at
/// most 512 bytes (4096-bit keys, the size of Arweave's own wallets).
final class ArweaveWallet: Sendable {
    /// The modulus `n`, big-endian: the transaction `owner`.
    let owner: [UInt8]
    private let key: RSAPrivateKey


    /// Reads the JWK file at `path`.
    ///
    /// - Throws: ``ArweaveError`` with ``ArweaveError/Code/invalidWallet`` if the file cannot be read or is not a
    ///   consistent RSA key with exponent 65537 of 2048 to 4096 bits.
    convenience init(path: String) throws(ArweaveError) {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, maximumBytes: 1 << 20)  // a JWK is a few KiB
        } catch {
            throw ArweaveError(code: .invalidWallet, message: "cannot read the wallet: \(error)")
        }
        try self.init(jwk: bytes)
    }

    /// Parses a JWK (the JSON text of an Arweave key file).
    ///
    /// - Throws: ``ArweaveError`` with ``ArweaveError/Code/invalidWallet``.
    init(jwk: [UInt8]) throws(ArweaveError) {
        guard let object = JSONObject(jwk) else {
            throw ArweaveError(code: .invalidWallet, message: "the wallet is not a JSON object")
        }
        guard object.strings["kty"] == "RSA" else {
            throw ArweaveError(code: .invalidWallet, message: "the wallet's kty is not RSA")
        }
        let fields = ["n", "e", "d", "p", "q", "dp", "dq", "qi"]
        var values: [[UInt8]] = []
        for field in fields {
            guard let text = object.strings[field], let value = ArweaveBase64URL.decode(text), !value.isEmpty else {
                throw ArweaveError(code: .invalidWallet, message: "the wallet lacks a base64url \"\(field)\"")
            }
            values.append(value)
        }
        let modulus = Array(values[0].drop { $0 == 0 })
        guard Array(values[1].drop { $0 == 0 }) == [0x01, 0x00, 0x01] else {
            throw ArweaveError(code: .invalidWallet, message: "the wallet's public exponent is not 65537")
        }
        guard (256...512).contains(modulus.count) else {
            throw ArweaveError(
                code: .invalidWallet,
                message: "the wallet's modulus has \(modulus.count * 8) bits; Arweave needs 2048 to 4096"
            )
        }
        do {
            key = try RSAPrivateKey(
                modulus: values[0],
                publicExponent: values[1],
                privateExponent: values[2],
                prime1: values[3],
                prime2: values[4],
                exponent1: values[5],
                exponent2: values[6],
                coefficient: values[7]
            )
        } catch {
            throw ArweaveError(code: .invalidWallet, message: "the wallet's fields do not form one RSA key: \(error)")
        }
        owner = modulus
    }

    /// The RSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) signature of `message`, as long as the modulus.
    ///
    /// - Throws: ``ArweaveError`` with ``ArweaveError/Code/signingFailed`` if the key cannot sign.
    func sign(_ message: [UInt8]) throws(ArweaveError) -> [UInt8] {
        do {
            return try key.signPSSSHA256(message, saltLength: Self.saltLength)
        } catch {
            throw ArweaveError(code: .signingFailed, message: "RSA-PSS signing failed: \(error)")
        }
    }

    /// The RSA-PSS salt length arweave-js uses.
    private static let saltLength = 32
}
