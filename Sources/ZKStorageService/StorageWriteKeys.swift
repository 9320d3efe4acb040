import ZKCrypto
public import ZKServiceKit

/// The write keys of storage-cache-service (`--write-keys FILE`).
///
/// The file holds one key a line; `#` starts a comment and blank lines are skipped, as in the router's API keys
/// file. A key is sent by clients in the `api-key` call metadata.
public enum StorageWriteKeys {
    /// Reads and parses the write-keys file at `path`.
    ///
    /// - Throws: ``ZKServiceKit/ConfigurationError`` naming `--write-keys` when the file cannot be read or parsed.
    public static func read(path: String) throws(ConfigurationError) -> Set<String> {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            throw ConfigurationError(setting: "--write-keys", message: "\(path): \(error)")
        }
        return try parse(String(decoding: bytes, as: UTF8.self))
    }

    /// Parses a write-keys file.
    ///
    /// - Throws: ``ZKServiceKit/ConfigurationError`` naming `--write-keys` for a line with more than one word, or a
    ///   file without any key (a keyed service nobody could write to is a mistake, not a policy).
    public static func parse(_ text: String) throws(ConfigurationError) -> Set<String> {
        var keys: Set<String> = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let key = words.first else { continue }
            guard words.count == 1 else {
                throw ConfigurationError(
                    setting: "--write-keys",
                    message: "line \(number + 1): one key a line, got \(words.count) words"
                )
            }
            keys.insert(String(key))
        }
        guard !keys.isEmpty else {
            throw ConfigurationError(setting: "--write-keys", message: "the file holds no key")
        }
        return keys
    }
}
