import ZKCrypto
import ZKStore

/// Test keys and contents derived by hashing, so every blob is distinct and checkable.
enum TestBlobs {
    static func key(_ label: String) -> BlobKey {
        BlobKey(bytes: SHA256.hash(Array(label.utf8)))!
    }

    static func content(_ label: String, size: Int) -> [UInt8] {
        var out: [UInt8] = []
        var block = SHA256.hash(Array("content/\(label)".utf8))
        while out.count < size {
            out += block
            block = SHA256.hash(block)
        }
        return Array(out.prefix(size))
    }

    /// Mirror of `CrashBlob.content(for:)` in ZKStoreCrashHelper.
    static func crashContent(for key: [UInt8]) -> [UInt8] {
        let size = 1024 + (Int(key[0]) << 8 | Int(key[1])) % (63 * 1024)
        var out: [UInt8] = []
        var counter: UInt32 = 0
        while out.count < size {
            let counterBytes = [
                UInt8(counter >> 24), UInt8(counter >> 16 & 0xff), UInt8(counter >> 8 & 0xff),
                UInt8(counter & 0xff),
            ]
            out += SHA256.hash(key + counterBytes)
            counter += 1
        }
        return Array(out.prefix(size))
    }
}
