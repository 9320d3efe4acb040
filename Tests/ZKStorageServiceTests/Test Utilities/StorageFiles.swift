import Foundation
import ZKCrypto

/// Finds and damages the disk tier's files, as a failing disk would.
enum StorageFiles {
    /// The blob file of `hash` under the data folder (its name contains the hash in hex).
    static func blobFile(in directory: String, hash: [UInt8]) -> String? {
        let hex = Hex.encode(hash)
        let root = URL(fileURLWithPath: directory)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return nil }
        for case let url as URL in walker
        where url.lastPathComponent.hasPrefix(hex) && url.deletingLastPathComponent().lastPathComponent != "tmp" {
            return url.path
        }
        return nil
    }

    /// Inverts the byte at `offset` in place.
    static func flipByte(_ path: String, at offset: Int) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset % bytes.count] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
