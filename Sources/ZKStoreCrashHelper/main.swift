// Test helper for the BlobStore crash test: puts blobs in a tight loop and prints "ACK <hex key>" (flushed) after
// each put returns, so a test can SIGKILL it mid-burst and check that every acknowledged blob survived.
//
// Usage: ZKStoreCrashHelper <directory> <count> [seed]
// Blob i has key SHA-256("zkstore-crash/<seed>/<i>"); its content is CrashBlob.content(for: key), metadata the key's
// first 4 bytes. The test recomputes both from the key.

import ZKCrypto
import ZKStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a line straight to a file descriptor (unbuffered, so nothing is lost when the process is killed).
func emit(_ line: String, to descriptor: Int32 = 1) {
    let bytes = Array((line + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
        if written <= 0 { return }
        offset += written
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let count = Int(arguments[2]) else {
    emit("usage: ZKStoreCrashHelper <directory> <count> [seed]", to: 2)
    exit(2)
}
let seed = arguments.count >= 4 ? arguments[3] : "0"

do {
    let store = try BlobStore(directory: arguments[1], maxBytes: 1 << 30)
    emit("READY")
    for index in 0..<count {
        let digest = SHA256.hash(Array("zkstore-crash/\(seed)/\(index)".utf8))
        guard let key = BlobKey(bytes: digest) else { exit(3) }
        try store.put(key, CrashBlob.content(for: digest), meta: Array(digest.prefix(4)))
        emit("ACK \(key.hex)")
    }
    emit("DONE")
} catch {
    emit("error: \(error)", to: 2)
    exit(1)
}
