extension LRUCache {
    /// An entry removed from the cache by eviction or rejection.
    public struct Entry: Sendable {
        /// The entry's key.
        public var key: Key
        /// The entry's value.
        public var value: Value
        /// The cost it was inserted with.
        public var cost: Int

        /// Creates an entry.
        @inlinable
        public init(key: Key, value: Value, cost: Int) {
            self.key = key
            self.value = value
            self.cost = cost
        }
    }
}
