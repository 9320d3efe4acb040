import Testing
import ZKRPC

@Suite("Metadata values in logs")
struct MetadataLoggingTests {
    @Test(
        "values a client chose are escaped before they enter log metadata",
        arguments: [
            ("trace-1", "trace-1"),
            ("a b:c/d", "a b:c/d"),
            ("abc\n2026-01-01T00:00:00 critical : forged", #"abc\x0A2026-01-01T00:00:00 critical : forged"#),
            ("x\r\ny", #"x\x0D\x0Ay"#),
            ("\u{1B}[31mred", #"\x1B[31mred"#),
            ("nul\0", #"nul\x00"#),
            (#"back\slash"#, #"back\\slash"#),
            ("é", #"\xC3\xA9"#),
        ]
    )
    func escaped(value: String, logged: String) {
        #expect(Metadata.loggable(value) == logged)
    }

    @Test("a long value is cut at 128 characters, escapes kept whole, and marked")
    func long() {
        let logged = Metadata.loggable(String(repeating: "a", count: 126) + "\n" + String(repeating: "b", count: 500))
        #expect(logged == String(repeating: "a", count: 126) + "…")
        #expect(Metadata.loggable(String(repeating: "c", count: 128)) == String(repeating: "c", count: 128))
        #expect(!Metadata.loggable(String(repeating: "\n", count: 1000)).contains("\n"))
    }
}
