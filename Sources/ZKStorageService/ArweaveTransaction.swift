import ZKCrypto

/// A format 2 Arweave transaction that stores data and moves no tokens, as described under "Transaction format" in
/// https://docs.arweave.org/developers/arweave-node-server/http-api and built by arweave-js
/// (`src/common/lib/transaction.ts`).
///
/// The signature covers the deep hash (``ArweaveDeepHash``) of the list `["2", owner, target, quantity, reward,
/// last_tx, [[name, value], ...], data_size, data_root]`, where `format`, `quantity`, `reward` and `data_size` are
/// decimal strings and the rest raw bytes (target empty, quantity `"0"`). The id is base64url of SHA-256 of the
/// signature. The data itself is not signed: `data_root` (``ArweaveMerkle``) binds it.
struct ArweaveTransaction: Sendable {
    /// The modulus of the signing wallet.
    var owner: [UInt8]
    /// The anchor from `GET /tx_anchor` (a 48-byte block hash, or a 32-byte transaction id).
    var lastTransaction: [UInt8]
    /// The fee in winston, from `GET /price/{data_size}`: a decimal string.
    var reward: String
    var tags: [ArweaveTag]
    var dataSize: Int
    /// The Merkle root of the data (empty for no data).
    var dataRoot: [UInt8]
    /// Set by ``sign(with:)``.
    private(set) var signature: [UInt8] = []

    init(
        owner: [UInt8],
        lastTransaction: [UInt8],
        reward: String,
        tags: [ArweaveTag],
        dataSize: Int,
        dataRoot: [UInt8]
    ) {
        self.owner = owner
        self.lastTransaction = lastTransaction
        self.reward = reward
        self.tags = tags
        self.dataSize = dataSize
        self.dataRoot = dataRoot
    }

    /// The 48-byte message the owner signs.
    var signatureData: [UInt8] {
        ArweaveDeepHash.hash(
            .list([
                .blob(Array("2".utf8)),
                .blob(owner),
                .blob([]),  // target: none
                .blob(Array("0".utf8)),  // quantity
                .blob(Array(reward.utf8)),
                .blob(lastTransaction),
                .list(tags.map { .list([.blob($0.name), .blob($0.value)]) }),
                .blob(Array(String(dataSize).utf8)),
                .blob(dataRoot),
            ])
        )
    }

    /// The transaction id: base64url(SHA-256(signature)).
    var id: String { ArweaveBase64URL.encode(SHA256.hash(signature)) }

    /// Signs with `wallet`, which becomes the owner.
    mutating func sign(with wallet: ArweaveWallet) throws(ArweaveError) {
        owner = wallet.owner
        signature = try wallet.sign(signatureData)
    }

    /// The JSON body of `POST /tx`: every field of the format, `data` holding `data` as base64url (empty when the
    /// data follows in chunks).
    func json(data: [UInt8]) -> [UInt8] {
        func field(_ name: String, _ value: String) -> String { "\"\(name)\":\"\(value)\"" }
        let encodedTags = tags.map {
            "{" + field("name", ArweaveBase64URL.encode($0.name)) + ","
                + field("value", ArweaveBase64URL.encode($0.value)) + "}"
        }
        let members = [
            "\"format\":2",
            field("id", id),
            field("last_tx", ArweaveBase64URL.encode(lastTransaction)),
            field("owner", ArweaveBase64URL.encode(owner)),
            "\"tags\":[" + encodedTags.joined(separator: ",") + "]",
            field("target", ""),
            field("quantity", "0"),
            field("data", ArweaveBase64URL.encode(data)),
            field("data_size", String(dataSize)),
            field("data_root", ArweaveBase64URL.encode(dataRoot)),
            field("reward", reward),
            field("signature", ArweaveBase64URL.encode(signature)),
        ]
        return Array(("{" + members.joined(separator: ",") + "}").utf8)
    }
}
