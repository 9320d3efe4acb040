internal import CCurl
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One blocking libcurl transfer: owns its easy handle for the duration of ``perform()``.
///
/// Runs on a dedicated thread; the only state shared with other threads is the ``cancelled`` flag, polled by the
/// progress callback.
final class CurlTransfer: Sendable {
    let request: HTTPRequest
    let cancelled = Atomic<Bool>(false)
    private let state = Mutex<State>(State())

    struct State: Sendable {
        var status = 0
        var headers: [HTTPHeader] = []
        var body: [UInt8] = []
        var exceeded = false
    }

    init(request: HTTPRequest) {
        self.request = request
    }

    /// Curl's write callback: appends, or refuses (returns 0) once the body would exceed `maxBytes`.
    fileprivate func write(_ pointer: UnsafeMutablePointer<CChar>, count: Int) -> Int {
        state.withLock { state in
            if state.body.count + count > request.maxBytes {
                state.exceeded = true
                return 0
            }
            pointer.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
                state.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
            }
            return count
        }
    }

    /// Curl's header callback: one line at a time; a new status line starts a new header set.
    fileprivate func header(_ pointer: UnsafeMutablePointer<CChar>, count: Int) -> Int {
        let line = pointer.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
            String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
        state.withLock { state in
            if line.hasPrefix("HTTP/") {
                state.headers = []
                let fields = line.split(separator: " ", maxSplits: 2)
                if fields.count >= 2, let status = Int(fields[1]) { state.status = status }
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                let isSpace: (Character) -> Bool = { $0.isWhitespace }  // "\r\n" is one Character
                let raw = line[line.index(after: colon)...]
                let value = String(raw.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
                state.headers.append(HTTPHeader(name: name, value: value))
            }
        }
        return count
    }

    /// Performs the transfer, blocking the calling thread.
    func perform() -> Result<HTTPResponse, HTTPError> {
        guard let handle = curl_easy_init() else {
            return .failure(HTTPError(code: .transferFailed, message: "curl_easy_init failed"))
        }
        defer { curl_easy_cleanup(handle) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        headerList = curl_slist_append(headerList, "Expect:")  // no 100-continue round trip

        let opaqueSelf = Unmanaged.passUnretained(self).toOpaque()
        // Clamped to a day: curl takes a long, and a huge configured timeout must not trap the conversion.
        let timeoutMilliseconds = Int(min(max(request.timeout / .milliseconds(1), 1), 86_400_000))
        _ = zk_curl_setopt_string(handle, CURLOPT_URL, request.url)
        _ = zk_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = zk_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = zk_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMilliseconds)
        _ = zk_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(timeoutMilliseconds, 10_000))
        _ = zk_curl_setopt_offt(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxBytes))
        _ = zk_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
        _ = zk_curl_setopt_write_function(handle, curlWriteCallback)
        _ = zk_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, opaqueSelf)
        _ = zk_curl_setopt_header_function(handle, curlHeaderCallback)
        _ = zk_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, opaqueSelf)
        _ = zk_curl_setopt_xferinfo_function(handle, curlProgressCallback)
        _ = zk_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, opaqueSelf)
        _ = zk_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)

        let code: CURLcode
        let method = request.method.uppercased()
        if let body = request.body {
            code = body.withUnsafeBytes { buffer in
                _ = zk_curl_setopt_long(handle, CURLOPT_POST, 1)
                _ = zk_curl_setopt_offt(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(buffer.count))
                _ = zk_curl_setopt_pointer(
                    handle,
                    CURLOPT_POSTFIELDS,
                    UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
                )
                if method != "POST" { _ = zk_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method) }
                return curl_easy_perform(handle)
            }
        } else {
            switch method {
            case "GET": _ = zk_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
            case "HEAD": _ = zk_curl_setopt_long(handle, CURLOPT_NOBODY, 1)
            default: _ = zk_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)
            }
            code = curl_easy_perform(handle)
        }
        return finish(code: code)
    }

    private func finish(code: CURLcode) -> Result<HTTPResponse, HTTPError> {
        let state = self.state.withLock { $0 }
        guard code == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(code))
            let detail = "\(request.method) \(request.url): \(reason) (curl \(code.rawValue))"
            switch code {
            case CURLE_WRITE_ERROR where state.exceeded, CURLE_FILESIZE_EXCEEDED:
                return .failure(
                    HTTPError(code: .tooLarge, message: "response body exceeds \(request.maxBytes) bytes: " + detail)
                )
            case CURLE_ABORTED_BY_CALLBACK where cancelled.load(ordering: .relaxed):
                return .failure(HTTPError(code: .cancelled, message: "cancelled: " + detail))
            case CURLE_OPERATION_TIMEDOUT:
                return .failure(HTTPError(code: .timeout, message: "timed out after \(request.timeout): " + detail))
            case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
                return .failure(HTTPError(code: .connectFailed, message: detail))
            case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
                return .failure(HTTPError(code: .invalidURL, message: detail))
            default:
                return .failure(HTTPError(code: .transferFailed, message: detail))
            }
        }
        let response = HTTPResponse(status: state.status, headers: state.headers, body: state.body)
        if request.requireSuccess, !(200...299).contains(state.status) {
            return .failure(.httpStatus(state.status, body: Array(state.body.prefix(4096))))
        }
        return .success(response)
    }
}

private func curlWriteCallback(
    _ pointer: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ userData: UnsafeMutableRawPointer?
) -> Int {
    guard let pointer, let userData else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue().write(pointer, count: size * count)
}

private func curlHeaderCallback(
    _ pointer: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ userData: UnsafeMutableRawPointer?
) -> Int {
    guard let pointer, let userData else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue().header(pointer, count: size * count)
}

private func curlProgressCallback(
    _ userData: UnsafeMutableRawPointer?,
    _ downloadTotal: curl_off_t,
    _ downloadNow: curl_off_t,
    _ uploadTotal: curl_off_t,
    _ uploadNow: curl_off_t
) -> Int32 {
    guard let userData else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue().cancelled.load(ordering: .relaxed) ? 1 : 0
}
