import ZKCrypto

/// Deterministic blob content derived from a key (mirrored in ZKStoreTests to check what survived).
enum CrashBlob {
    /// 1 KiB to 64 KiB of SHA-256 counter-mode bytes over `key`.
    static func content(for key: [UInt8]) -> [UInt8] {
        let size = 1024 + (Int(key[0]) << 8 | Int(key[1])) % (63 * 1024)
        var out: [UInt8] = []
        out.reserveCapacity(size + 32)
        var counter: UInt32 = 0
        while out.count < size {
            let block =
                key + [
                    UInt8(counter >> 24), UInt8(counter >> 16 & 0xff), UInt8(counter >> 8 & 0xff),
                    UInt8(counter & 0xff),
                ]
            out += SHA256.hash(block)
            counter += 1
        }
        return Array(out.prefix(size))
    }
}
