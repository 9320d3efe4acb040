import Foundation
import Synchronization
import ZKRedis
import ZKTestSupport

/// Runs `body` with a fresh server and stops the server afterwards, also when `body` throws.
func withRedisServer<T>(
    password: String? = nil,
    _ body: (RedisTestServer) async throws -> T
) async throws -> T {
    let server = try RedisTestServer.start(password: password)
    defer { server.stop() }
    return try await body(server)
}

/// Runs `body` on `count` dedicated threads at once (blocking Redis calls do not belong on the cooperative pool)
/// and waits for all of them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let remaining = Mutex(count)
        for index in 0..<count {
            let thread = Thread {
                body(index)
                if remaining.withLock({ value in
                    value -= 1
                    return value == 0
                }) {
                    continuation.resume()
                }
            }
            thread.start()
        }
    }
}

/// Runs one blocking `body` on a dedicated thread and returns its result.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async -> Result<T, any Error> {
    await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
        Thread {
            continuation.resume(returning: Result { try body() })
        }.start()
    }
}

extension Result {
    /// The ``RedisError/code`` of a failure, or `nil` for a success or another error.
    var redisErrorCode: RedisError.Code? {
        if case .failure(let error) = self { return (error as? RedisError)?.code }
        return nil
    }
}

/// The UTF-8 bytes of `text`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
