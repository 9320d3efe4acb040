import Testing
import ZKProto

/// libprotobuf-c packs a string only up to its first NUL; strings with a NUL must not be cut short on the way out.
@Suite("Strings with NUL through protobuf-c")
struct NULStringTests {
    @Test("a NUL in a string is sent as U+FFFD, the rest kept: never cut short")
    func encodedWhole() throws {
        let entry = MetadataEntry(key: "api-key", value: "valid\0junk")
        let decoded = try MetadataEntry(serializedBytes: entry.serializedBytes())
        #expect(decoded.value == "valid\u{FFFD}junk")
        #expect(decoded.value != "valid")
        let status = Status(code: 12, message: "unknown method 'zkfaas.v1.Router/Prove\0x'")
        #expect(try Status(serializedBytes: status.serializedBytes()).message == "unknown method 'zkfaas.v1.Router/Prove\u{FFFD}x'")
    }

    @Test("strings without NUL are encoded unchanged")
    func plain() throws {
        let entry = MetadataEntry(key: "k", value: "é ✓ plain")
        #expect(try MetadataEntry(serializedBytes: entry.serializedBytes()) == entry)
    }
}
