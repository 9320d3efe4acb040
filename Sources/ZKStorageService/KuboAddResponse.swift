/// Reads the NDJSON answer of Kubo's `/api/v0/add` (https://docs.ipfs.tech/reference/kubo/rpc/#api-v0-add):
/// one `{"Name": …, "Hash": …, "Size": …}` object per line (plus progress objects without `Hash` when progress is
/// on); the last line with a `Hash` names the root of the added file.
enum KuboAddResponse {
    /// The `Hash` of the last line that has one, or nil.
    static func lastHash(_ body: [UInt8]) -> String? {
        body.split(separator: UInt8(ascii: "\n")).compactMap { JSONObject(Array($0))?.strings["Hash"] }.last
    }
}
