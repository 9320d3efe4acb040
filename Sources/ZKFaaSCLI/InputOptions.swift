import ArgumentParser
import ZKCrypto

#if canImport(Glibc)
import Glibc
#endif

/// The guest's stdin buffers, one per option, in the order they appear on the command line.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("input-u32"), help: "A buffer of one little-endian u32 (repeatable).")
    var u32: [UInt32] = []

    @Option(name: .customLong("input-hex"), help: "A buffer given as hex (repeatable).")
    var hex: [String] = []

    @Option(name: .customLong("input-file"), help: "A buffer read from a file, '-' for standard input (repeatable).")
    var file: [String] = []

    /// The buffers in command-line order.
    func buffers(prefix: String = "input") throws -> [[UInt8]] {
        var u32 = self.u32.makeIterator()
        var hex = self.hex.makeIterator()
        var file = self.file.makeIterator()
        var out: [[UInt8]] = []
        for argument in CommandLine.arguments {
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            switch name {
            case "--\(prefix)-u32":
                if let value = u32.next() { out.append(withUnsafeBytes(of: value.littleEndian, Array.init)) }
            case "--\(prefix)-hex":
                if let value = hex.next() {
                    do { out.append(try Hex.decode(value)) } catch {
                        throw ValidationError("--\(prefix)-hex \(value): \(error)")
                    }
                }
            case "--\(prefix)-file":
                if let path = file.next() { out.append(try FileIO.read(path)) }
            default:
                continue
            }
        }
        return out
    }
}

/// The private counterparts of ``InputOptions`` for `prove`.
struct PrivateInputOptions: ParsableArguments {
    @Option(
        name: .customLong("private-u32"),
        help: "A private buffer of one little-endian u32 (repeatable). Visible to other local users in the process list and kept in shell history: prefer --private-file."
    )
    var u32: [UInt32] = []

    @Option(
        name: .customLong("private-hex"),
        help: "A private buffer given as hex (repeatable). Visible to other local users in the process list and kept in shell history: prefer --private-file."
    )
    var hex: [String] = []

    @Option(
        name: .customLong("private-file"),
        help: "A private buffer read from a file, '-' for standard input (repeatable): never on the command line."
    )
    var file: [String] = []

    func buffers() throws -> [[UInt8]] {
        if !u32.isEmpty || !hex.isEmpty {
            printError(
                "warning: --private-u32/--private-hex put private inputs on the command line, where other local users "
                    + "and shell history see them; use --private-file FILE (or - for standard input)")
        }
        var options = InputOptions()
        options.u32 = u32
        options.hex = hex
        options.file = file
        return try options.buffers(prefix: "private")
    }
}
