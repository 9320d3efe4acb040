import ZKCrypto

/// The `stdin_digest` of a proof record: SHA-256 of the canonical stdin encoding that `DevAttestation.stdinEncoding`
/// (ZKFaaSClient) documents — the public and the private buffer counts, then every buffer, public ones first, each
/// as an 8-byte big-endian length followed by its bytes.
///
/// The encoding is fed to a streaming hasher piece by piece, so a job's inputs (megabytes, for big guests) are not
/// copied into one buffer just to be hashed.
enum StdinDigest {
    /// The digest of the stdin made of `publicInputs` then `privateInputs`.
    static func sha256(publicInputs: [[UInt8]], privateInputs: [[UInt8]]) -> [UInt8] {
        let hasher = SHA256()
        func number(_ value: Int) {
            withUnsafeBytes(of: UInt64(value).bigEndian) { hasher.update($0) }
        }
        number(publicInputs.count)
        number(privateInputs.count)
        for inputs in [publicInputs, privateInputs] {
            for buffer in inputs {
                number(buffer.count)
                buffer.withUnsafeBytes { hasher.update($0) }
            }
        }
        return hasher.finalize()
    }
}
