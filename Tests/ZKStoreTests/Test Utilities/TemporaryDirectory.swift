import Foundation

/// Runs `body` with a fresh empty directory that is deleted afterwards.
func withTemporaryDirectory<R>(_ body: (String) async throws -> R) async rethrows -> R {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("zkstore-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url.path)
}

/// Paths of the blob files currently on disk under a store directory.
func blobFiles(in directory: String) -> [String] {
    let blobs = directory + "/blobs"
    let enumerator = FileManager.default.enumerator(atPath: blobs)
    var files: [String] = []
    while let relative = enumerator?.nextObject() as? String {
        let path = blobs + "/" + relative
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(path)
        }
    }
    return files.sorted()
}
