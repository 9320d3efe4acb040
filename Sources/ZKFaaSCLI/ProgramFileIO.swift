import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// Whole-file reads for `zkfaas program` and `zkfaas keys`.
enum ProgramFileIO {
    static func read(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw ValidationError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            out += chunk[0..<count]
        }
        guard ferror(file) == 0 else { throw ValidationError("cannot read \(path)") }
        return out
    }
}
