internal import CCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP client over libcurl.
///
/// Every request runs `curl_easy_perform` with its own easy handle on a thread of an ``HTTPWorkerPool`` (a fixed
/// number of threads with a bounded queue), so blocking I/O never occupies a Swift concurrency thread and the number
/// of threads stays bounded however many requests arrive: beyond the pool's capacity a request fails at once with
/// ``HTTPError/Code/overloaded``. The awaiting task resumes when the transfer ends. Cancelling the task
/// aborts the transfer at curl's next progress callback (roughly every second, or on any data) and throws
/// ``HTTPError/Code/cancelled``. Bodies are capped: the transfer stops as soon as the response exceeds `maxBytes`
/// (``HTTPError/Code/tooLarge``). Non-2xx statuses throw ``HTTPError/Code/httpStatus`` unless
/// ``HTTPRequest/requireSuccess`` is false.
///
/// Only ``HTTPError`` is thrown.
public struct HTTPClient: Sendable {
    /// `curl_global_init` runs once, thread-safely, on first use (Swift lazy globals are initialised atomically).
    private static let globalInit: Bool = zk_curl_global_init_default() == CURLE_OK

    /// The threads transfers run on.
    public let pool: HTTPWorkerPool

    /// A client whose transfers run on `pool` (default: ``HTTPWorkerPool/shared``).
    public init(pool: HTTPWorkerPool = .shared) {
        precondition(Self.globalInit, "curl_global_init failed")
        self.pool = pool
    }

    /// Runs `request`.
    ///
    /// - Throws: ``HTTPError`` with `connectFailed`, `timeout`, `tooLarge`, `httpStatus`, `invalidURL`,
    ///   `transferFailed`, `cancelled` or `overloaded` (the pool is full: nothing was sent).
    public func execute(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        guard !Task.isCancelled else {
            throw HTTPError(code: .cancelled, message: "task cancelled before \(request.method) \(request.url)")
        }
        let transfer = CurlTransfer(request: request)
        let pool = self.pool
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<HTTPResponse, HTTPError>, Never>) in
                do throws(HTTPError) {
                    try pool.submit {
                        // A transfer cancelled while it waited for a thread is not started.
                        guard !transfer.cancelled.load(ordering: .relaxed) else {
                            continuation.resume(
                                returning: .failure(
                                    HTTPError(
                                        code: .cancelled,
                                        message: "task cancelled before \(request.method) \(request.url)"
                                    )
                                )
                            )
                            return
                        }
                        continuation.resume(returning: transfer.perform())
                    }
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        } onCancel: {
            transfer.cancelled.store(true, ordering: .relaxed)
        }
        return try result.get()
    }

    /// `GET url`.
    public func get(
        url: String,
        headers: [HTTPHeader] = [],
        maxBytes: Int,
        timeout: Duration
    ) async throws(HTTPError) -> HTTPResponse {
        try await execute(HTTPRequest(method: "GET", url: url, headers: headers, maxBytes: maxBytes, timeout: timeout))
    }

    /// `POST url` with `body` (set `Content-Type` in `headers`).
    public func post(
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8],
        maxBytes: Int,
        timeout: Duration
    ) async throws(HTTPError) -> HTTPResponse {
        try await execute(
            HTTPRequest(method: "POST", url: url, headers: headers, body: body, maxBytes: maxBytes, timeout: timeout)
        )
    }

    /// `POST url` with a `multipart/form-data` body.
    public func postMultipart(
        url: String,
        headers: [HTTPHeader] = [],
        form: MultipartFormData,
        maxBytes: Int,
        timeout: Duration
    ) async throws(HTTPError) -> HTTPResponse {
        try await post(
            url: url,
            headers: headers + [HTTPHeader(name: "Content-Type", value: form.contentType)],
            body: form.encoded(),
            maxBytes: maxBytes,
            timeout: timeout
        )
    }

    /// Uploads one file as Kubo's `/api/v0/add` expects: a multipart part named `file`.
    ///
    /// `url` is the full RPC URL including query parameters, e.g.
    /// `http://127.0.0.1:5001/api/v0/add?cid-version=1&raw-leaves=true&pin=true&quieter=true`.
    public func postFile(
        url: String,
        fileName: String,
        contents: [UInt8],
        headers: [HTTPHeader] = [],
        maxBytes: Int,
        timeout: Duration
    ) async throws(HTTPError) -> HTTPResponse {
        let form = MultipartFormData(parts: [.init(name: "file", fileName: fileName, body: contents)])
        return try await postMultipart(url: url, headers: headers, form: form, maxBytes: maxBytes, timeout: timeout)
    }
}
