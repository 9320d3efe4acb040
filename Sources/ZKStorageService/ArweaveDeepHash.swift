import ZKCrypto

/// Arweave's deep hash, the digest a format 2 transaction's signature covers.
///
/// As arweave-js `src/common/lib/deepHash.ts` defines it (SHA-384 throughout):
/// - a blob `b`: `SHA384(SHA384("blob" ‖ decimal(len(b))) ‖ SHA384(b))`;
/// - a list of `n` items: start with `acc = SHA384("list" ‖ decimal(n))`, then for each item
///   `acc = SHA384(acc ‖ deepHash(item))`; the result is the final `acc`.
enum ArweaveDeepHash {
    /// A node of the structure being hashed.
    indirect enum Item: Sendable {
        case blob([UInt8])
        case list([Item])
    }

    /// The 48-byte deep hash of `item`.
    static func hash(_ item: Item) -> [UInt8] {
        switch item {
        case .blob(let bytes):
            let tag = SHA384.hash(Array("blob\(bytes.count)".utf8))
            return SHA384.hash(tag + SHA384.hash(bytes))
        case .list(let items):
            var accumulator = SHA384.hash(Array("list\(items.count)".utf8))
            for item in items { accumulator = SHA384.hash(accumulator + hash(item)) }
            return accumulator
        }
    }
}
