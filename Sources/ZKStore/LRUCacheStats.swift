/// Counters kept by ``LRUCache`` since it was created.
public struct LRUCacheStats: Sendable, Hashable {
    /// ``LRUCache/get(_:)`` calls that found a value.
    public var hits: UInt64 = 0
    /// ``LRUCache/get(_:)`` calls that found nothing.
    public var misses: UInt64 = 0
    /// ``LRUCache/put(_:_:cost:)`` calls.
    public var insertions: UInt64 = 0
    /// Entries removed to restore the bounds (explicit removals are not counted).
    public var evictions: UInt64 = 0
    /// Values not stored because their cost alone exceeded the byte bound.
    public var rejections: UInt64 = 0

    /// Creates zeroed counters.
    public init() {}
}
