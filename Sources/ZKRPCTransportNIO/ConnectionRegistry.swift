import NIOCore
import Synchronization

/// The open connections of a server, so a graceful shutdown can drain them.
final class ConnectionRegistry: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        _ = add(channel, limit: .max)
    }

    /// Adds `channel` unless `limit` connections are open already; false (not added) then.
    func add(_ channel: any Channel, limit: Int) -> Bool {
        let key = ObjectIdentifier(channel)
        let added = channels.withLock { channels in
            guard channels.count < limit else { return false }
            channels[key] = channel
            return true
        }
        guard added else { return false }
        channel.closeFuture.whenComplete { [self] _ in
            _ = channels.withLock { $0.removeValue(forKey: key) }
        }
        return true
    }

    /// How many connections are open.
    var count: Int { channels.withLock { $0.count } }

    var all: [any Channel] { channels.withLock { Array($0.values) } }

    /// Asks every connection to drain and waits until all have closed or `timeout` passed, then closes the rest.
    func drain(timeout: Duration) async {
        let open = all
        for channel in open {
            channel.triggerUserOutboundEvent(DrainEvent(), promise: nil)
        }
        let deadline = ContinuousClock.now + timeout
        for channel in open {
            while channel.isActive && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        for channel in all {
            try? await channel.close()
        }
    }

    func closeAll() {
        for channel in all { channel.close(promise: nil) }
    }
}
