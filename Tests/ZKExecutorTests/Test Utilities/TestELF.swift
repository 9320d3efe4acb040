/// Builds small ELF32 RISC-V executables in memory for tests.
struct TestELF {
    struct Segment {
        var address: UInt32
        var bytes: [UInt8]
        var memorySize: UInt32
        var flags: UInt32
        var fileSize: UInt32? = nil
        var offset: UInt32? = nil
    }

    static let textBase: UInt32 = 0x0020_0800
    static let dataBase: UInt32 = 0x0030_0000

    var segments: [Segment]
    var entry: UInt32
    var machine: UInt16 = 243
    var elfClass: UInt8 = 1
    var type: UInt16 = 2

    /// A program whose text is `instructions` at 0x00200800 and, optionally, a writable data segment at 0x00300000.
    static func program(_ instructions: [UInt32], data: [UInt8] = []) -> TestELF {
        var segments = [
            Segment(
                address: textBase,
                bytes: instructions.flatMap { littleEndian($0) },
                memorySize: UInt32(instructions.count * 4),
                flags: 5
            )
        ]
        if !data.isEmpty {
            segments.append(Segment(address: dataBase, bytes: data, memorySize: UInt32(data.count), flags: 6))
        }
        return TestELF(segments: segments, entry: textBase)
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
    }

    static func littleEndian16(_ value: UInt16) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }

    /// The file: header, program headers, then each segment's bytes.
    var bytes: [UInt8] {
        var out: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, elfClass, 1, 1, 0]
        out += [UInt8](repeating: 0, count: 8)
        out += Self.littleEndian16(type) + Self.littleEndian16(machine) + Self.littleEndian(1)
        out += Self.littleEndian(entry) + Self.littleEndian(52) + Self.littleEndian(0) + Self.littleEndian(0)
        out += Self.littleEndian16(52) + Self.littleEndian16(32) + Self.littleEndian16(UInt16(segments.count))
        out += Self.littleEndian16(40) + Self.littleEndian16(0) + Self.littleEndian16(0)
        var offset = UInt32(52 + 32 * segments.count)
        var payload: [UInt8] = []
        for segment in segments {
            out += Self.littleEndian(1) + Self.littleEndian(segment.offset ?? offset)
            out += Self.littleEndian(segment.address) + Self.littleEndian(segment.address)
            out += Self.littleEndian(segment.fileSize ?? UInt32(segment.bytes.count))
            out += Self.littleEndian(segment.memorySize) + Self.littleEndian(segment.flags) + Self.littleEndian(4)
            payload += segment.bytes
            offset += UInt32(segment.bytes.count)
        }
        return out + payload
    }
}
