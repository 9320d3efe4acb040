import Testing
import ZKRPC

@Suite("Metadata")
struct MetadataTests {
    @Test("keys are stored lowercase and looked up in any case; the first value of a key wins")
    func lookup() {
        var metadata: Metadata = ["API-Key": "one", "Trace-ID": "t"]
        metadata.add("api-key", "two")
        #expect(metadata["api-key"] == "one")
        #expect(metadata["API-KEY"] == "one")
        #expect(metadata[Metadata.traceID] == "t")
        #expect(metadata["missing"] == nil)
        #expect(metadata.map(\.key) == ["api-key", "trace-id", "api-key"])
        #expect(metadata.map(\.value) == ["one", "t", "two"])
        #expect(!metadata.isEmpty && Metadata().isEmpty)
    }

    @Test("equality and hashing follow the entries in order")
    func equality() {
        let ab: Metadata = ["a": "1", "b": "2"]
        let ba: Metadata = ["b": "2", "a": "1"]
        #expect(ab == Metadata([(key: "a", value: "1"), (key: "b", value: "2")]))
        #expect(ab != ba)
        #expect(Set([ab, Metadata([(key: "a", value: "1"), (key: "b", value: "2")])]).count == 1)
        #expect(ab != ["a": "1"])
    }

    @Test("entries given as an array are kept in order with lowercase keys, so every lookup finds them")
    func rawEntries() {
        let metadata = Metadata([(key: "Mixed", value: "v"), (key: "API-Key", value: "k")])
        #expect(metadata.entries.map(\.key) == ["mixed", "api-key"])
        #expect(metadata["Mixed"] == "v" && metadata["mixed"] == "v")
        #expect(metadata[Metadata.apiKey] == "k")
        #expect(metadata == ["mixed": "v", "api-key": "k"])
    }
}
