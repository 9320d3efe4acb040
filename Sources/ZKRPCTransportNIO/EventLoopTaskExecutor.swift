public import NIOCore

/// A `TaskExecutor` that runs jobs on one NIO `EventLoop`.
///
/// Tasks that make many calls on one ``RPCConnection`` can prefer this executor
/// (`group.addTask(executorPreference: connection.taskExecutor) { … }`): they then run on the connection's own
/// event loop, so sending a request and resuming on its response cost no thread hop and no wake-up of a
/// Swift-concurrency pool thread. Such tasks share the loop with the network I/O, so they must not block.
public final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    /// The loop the jobs run on.
    public let eventLoop: any EventLoop

    public init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
