import NIOPosix
import Synchronization
import ZKRPC

/// A replica's Redis lease on one job, held while the job runs.
///
/// ``hold(onLost:_:)`` runs the job's body with the renewal loop as a child task of the caller's own task (a task
/// group), and releases the lease before it returns: neither the renewals nor the release outlive the job. When a
/// renewal answers that the lease is no longer ours (it expired and another replica took it), the job is fenced:
/// `onLost` stops it, nothing more is stored, and the call throws ABORTED. ``confirm()`` checks the lease once more
/// right before the result is written to the shared tier.
final class JobLease: Sendable {
    let key: ProofCacheKey
    let owner: String
    private let shared: any SharedProofStore
    private let milliseconds: Int
    private let renewEvery: Duration
    private let io: NIOThreadPool
    private let lost = Atomic<Bool>(false)

    /// - Parameters:
    ///   - milliseconds: the lease's lifetime, set again by each renewal.
    ///   - renewEvery: the time between renewals (a third of the lease in the router).
    init(
        shared: any SharedProofStore,
        key: ProofCacheKey,
        owner: String,
        milliseconds: Int,
        renewEvery: Duration,
        io: NIOThreadPool
    ) {
        self.shared = shared
        self.key = key
        self.owner = owner
        self.milliseconds = milliseconds
        self.renewEvery = renewEvery
        self.io = io
    }

    /// Whether a renewal found the lease taken.
    var isLost: Bool { lost.load(ordering: .acquiring) }

    /// The error of a fenced job.
    static let lostError = RPCError(
        code: .aborted,
        message: "the job lost its lease: it expired and another replica took the job over; this result was not stored"
    )

    /// Renews the lease once; throws ``lostError`` (after marking the lease lost) when it is no longer ours. A Redis
    /// error propagates (UNAVAILABLE): the lease is not known to be ours either.
    func confirm() async throws {
        let shared = self.shared
        let (key, owner, milliseconds) = (self.key, self.owner, self.milliseconds)
        let renewed = try await io.runIfActive { try shared.refreshLease(key, owner: owner, milliseconds: milliseconds) }
        if !renewed {
            lost.store(true, ordering: .releasing)
            throw Self.lostError
        }
    }

    /// Runs `body` while renewing the lease every `renewEvery`, then releases it.
    ///
    /// - Parameter onLost: called once, from the renewal task, when a renewal finds the lease taken; it should stop
    ///   the job (`body` then ends early).
    /// - Throws: ``lostError`` when the lease was lost while `body` ran, whatever `body` returned or threw;
    ///   otherwise what `body` throws.
    func hold<T: Sendable>(onLost: @escaping @Sendable () -> Void, _ body: () async throws -> T) async throws -> T {
        let result: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in await renew(onLost: onLost) }
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            group.cancelAll()
            await group.waitForAll()
            return result
        }
        await release()
        if isLost { throw Self.lostError }
        return try result.get()
    }

    /// The renewal loop; ends when cancelled (the job ended) or when the lease is lost.
    private func renew(onLost: @Sendable () -> Void) async {
        let shared = self.shared
        let (key, owner, milliseconds) = (self.key, self.owner, self.milliseconds)
        while !Task.isCancelled {
            guard (try? await Task.sleep(for: renewEvery)) != nil else { return }
            // A Redis error says nothing about the lease: try again at the next turn, while it may still hold.
            let renewed = try? await io.runIfActive {
                try shared.refreshLease(key, owner: owner, milliseconds: milliseconds)
            }
            if renewed == false {
                lost.store(true, ordering: .releasing)
                onLost()
                return
            }
        }
    }

    /// Drops the lease if it is still ours (awaited: the next waiter may take it as soon as this returns). It runs
    /// even when the job's task was cancelled (a cancelled job releases its lease too), unless the pool has stopped.
    func release() async {
        let shared = self.shared
        let (key, owner) = (self.key, self.owner)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            io.submit { state in
                if case .active = state { try? shared.releaseLease(key, owner: owner) }
                continuation.resume()
            }
        }
    }
}
