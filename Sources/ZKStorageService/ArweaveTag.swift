/// One transaction tag: a name and a value, arbitrary bytes (UTF-8 text here), sent as base64url in the
/// transaction JSON and signed as raw bytes.
struct ArweaveTag: Sendable, Hashable {
    var name: [UInt8]
    var value: [UInt8]

    init(_ name: String, _ value: String) {
        self.name = Array(name.utf8)
        self.value = Array(value.utf8)
    }
}
