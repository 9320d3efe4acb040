public import Synchronization

/// A thread-safe ``LRUCache``: the same API, each call serialised by a `Mutex`.
///
/// Every operation is O(1) and holds the lock only for the map and list update, so contention stays short. Use
/// ``withLock(_:)`` to run several operations atomically.
public final class LockedLRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    @usableFromInline let cache: Mutex<LRUCache<Key, Value>>

    /// Creates an empty cache. See ``LRUCache/init(maxCount:maxBytes:)``.
    public init(maxCount: Int, maxBytes: Int) {
        cache = Mutex(LRUCache(maxCount: maxCount, maxBytes: maxBytes))
    }

    /// The value for `key`, marking it most recently used. See ``LRUCache/get(_:)``.
    @inlinable
    public func get(_ key: Key) -> Value? {
        cache.withLock { $0.get(key) }
    }

    /// The value for `key` without changing recency or counters.
    @inlinable
    public func peek(_ key: Key) -> Value? {
        cache.withLock { $0.peek(key) }
    }

    /// Inserts or replaces a value. See ``LRUCache/put(_:_:cost:)``.
    ///
    /// - Returns: The entries evicted (or rejected).
    @inlinable
    @discardableResult
    public func put(_ key: Key, _ value: Value, cost: Int) -> [LRUCache<Key, Value>.Entry] {
        cache.withLock { $0.put(key, value, cost: cost) }
    }

    /// Removes the entry for `key` and returns its value.
    @inlinable
    @discardableResult
    public func remove(_ key: Key) -> Value? {
        cache.withLock { $0.remove(key) }
    }

    /// Pins `key`. See ``LRUCache/pin(_:)``.
    public func pin(_ key: Key) {
        cache.withLock { $0.pin(key) }
    }

    /// Unpins `key`. See ``LRUCache/unpin(_:)``.
    @discardableResult
    public func unpin(_ key: Key) -> [LRUCache<Key, Value>.Entry] {
        cache.withLock { $0.unpin(key) }
    }

    /// Number of entries.
    public var count: Int { cache.withLock { $0.count } }

    /// Total cost of the entries.
    public var totalBytes: Int { cache.withLock { $0.totalBytes } }

    /// Counters since creation.
    public var stats: LRUCacheStats { cache.withLock { $0.stats } }

    /// Runs `body` with exclusive access to the underlying cache.
    public func withLock<R: Sendable, E: Error>(_ body: (inout LRUCache<Key, Value>) throws(E) -> R) throws(E) -> R {
        try cache.withLock { (cache: inout sending LRUCache<Key, Value>) throws(E) -> R in try body(&cache) }
    }
}
