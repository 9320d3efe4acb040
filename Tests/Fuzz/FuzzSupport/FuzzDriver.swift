#if FUZZING
internal import CFuzzDriver
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `main` of every fuzz target: one entry function, run over inputs.
///
/// - In a normal build it is a corpus replayer: every file named on the command line (directories are walked,
///   recursively) is read and passed to the entry function once, and a summary line is printed. A trap ends the
///   process with a signal, which is how `FuzzCorpusTests` and `Scripts/fuzz.sh` see a crash.
/// - Built with `-Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING` (see `Scripts/fuzz.sh`) it hands the command line to
///   libFuzzer (`LLVMFuzzerRunDriver`), which calls the entry function with its generated inputs; every libFuzzer
///   flag works (`-max_total_time=`, `-runs=`, corpus directories, a single crash file to reproduce it).
///
/// The entry function gets the input as raw bytes (the fuzzer's own buffer, so AddressSanitizer catches a read one
/// byte past it) and must return normally for any input: a failure it expects is a typed error it catches; anything
/// else (a trap, an unexpected error type, a broken invariant) calls ``FuzzCheck/fail(_:)``.
public enum FuzzDriver {
    public typealias Entry = (UnsafeRawBufferPointer) -> Void

    nonisolated(unsafe) private static var entry: Entry?

    /// Runs `entry` as described above and exits.
    public static func main(_ entry: @escaping Entry) -> Never {
        Self.entry = entry
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzDriver.entry!(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
        #else
        exit(replay(Array(CommandLine.arguments.dropFirst())))
        #endif
    }

    /// Replays the files (and the files under the directories) in `paths`; the exit status.
    static func replay(_ paths: [String]) -> Int32 {
        guard !paths.isEmpty else {
            print("usage: \(CommandLine.arguments[0]) FILE-OR-DIRECTORY... (replays each input once)")
            return 2
        }
        var files: [String] = []
        for path in paths {
            guard collect(path, into: &files) else {
                print("cannot read \(path)")
                return 1
            }
        }
        var bytes = 0
        for file in files.sorted() {
            guard let input = read(file) else {
                print("cannot read \(file)")
                return 1
            }
            bytes += input.count
            input.withUnsafeBytes { entry!($0) }
        }
        print("replayed \(files.count) inputs (\(bytes) bytes) without a crash")
        return 0
    }

    /// Adds `path` if it is a file, or every file under it if it is a directory; false if it cannot be read.
    private static func collect(_ path: String, into files: inout [String]) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            files.append(path)
            return true
        }
        guard let directory = opendir(path) else { return false }
        defer { closedir(directory) }
        while let item = readdir(directory) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." || name.hasPrefix(".") { continue }
            guard collect(path + "/" + name, into: &files) else { return false }
        }
        return true
    }

    private static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes.append(contentsOf: chunk[0..<count])
            if count < chunk.count { return ferror(file) == 0 ? bytes : nil }
        }
    }
}

/// Invariant checks of the fuzz targets: unlike `assert`, active in release (fuzz) builds.
public enum FuzzCheck {
    /// Stops the process with `message`: libFuzzer reports it as a crash and keeps the input.
    public static func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        fatalError(message, file: file, line: line)
    }

    /// ``fail(_:)`` unless `condition` holds.
    public static func require(
        _ condition: @autoclosure () -> Bool,
        _ message: @autoclosure () -> String,
        file: StaticString = #fileID,
        line: UInt = #line
    ) {
        if !condition() { fail(message(), file: file, line: line) }
    }
}

/// Reads an input as a little stream of choices (how a target splits one input into several arguments).
public struct FuzzInput {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Bytes not consumed yet.
    public var remaining: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[index...]) }

    public var isAtEnd: Bool { index == bytes.count }

    /// The next byte, or 0 at the end.
    public mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    /// The next 2 bytes as a little-endian integer (missing bytes count as 0).
    public mutating func uint16() -> UInt16 { UInt16(byte()) | UInt16(byte()) << 8 }

    /// The next 4 bytes as a little-endian integer (missing bytes count as 0).
    public mutating func uint32() -> UInt32 { UInt32(uint16()) | UInt32(uint16()) << 16 }

    /// Up to `count` next bytes.
    public mutating func take(_ count: Int) -> UnsafeRawBufferPointer {
        let end = index + min(max(count, 0), bytes.count - index)
        defer { index = end }
        return UnsafeRawBufferPointer(rebasing: bytes[index..<end])
    }
}
