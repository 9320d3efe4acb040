#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads without Foundation.
enum FileBytes {
    /// The contents of the file at `path`, or `nil` if it cannot be read.
    static func read(path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { result.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count {
                return ferror(file) == 0 ? result : nil
            }
        }
    }
}
