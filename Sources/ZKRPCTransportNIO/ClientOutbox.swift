import NIOCore
import Synchronization

/// The commands of one ``RPCConnection`` waiting for its event loop, so that calls made close together cost one
/// event-loop hop and one `write` system call between them instead of one each.
///
/// Any thread may ``submit(_:)``; the first command of a batch schedules one drain on the loop, which hands the
/// whole batch to the channel handler (which writes every frame, then flushes once).
final class ClientOutbox: Sendable {
    private struct State {
        var commands: [ClientCommand] = []
        var drainScheduled = false
    }

    private let state = Mutex(State())

    /// Queues `command`; true if the caller must schedule a drain (the queue was idle).
    func submit(_ command: ClientCommand) -> Bool {
        state.withLock { state in
            state.commands.append(command)
            if state.drainScheduled { return false }
            state.drainScheduled = true
            return true
        }
    }

    /// Takes every queued command, in submission order, and lets the next ``submit(_:)`` schedule a new drain.
    func take(into batch: inout [ClientCommand]) {
        state.withLock { state in
            swap(&state.commands, &batch)
            state.drainScheduled = false
        }
    }
}
