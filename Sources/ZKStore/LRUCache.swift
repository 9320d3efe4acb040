/// A least-recently-used cache bounded by entry count and by total cost ("bytes"), with pinning.
///
/// Storage is a hash map from key to slot plus an intrusive doubly-linked recency list threaded through arrays of
/// slots by index (links, keys, values and costs in separate arrays, so relinking touches only 12-byte links), so
/// ``get(_:)``, ``put(_:_:cost:)`` and ``remove(_:)`` are O(1) with no per-entry allocation.
///
/// **Bounds.** After every insert the least recently used unpinned entries are evicted until
/// ``count`` ≤ ``maxCount`` and ``totalBytes`` ≤ ``maxBytes``. The entry just inserted is never evicted by its own
/// insert; a value whose cost alone exceeds ``maxBytes`` is rejected instead (see ``put(_:_:cost:)``).
///
/// **Pinning.** Pinned keys are a separate set (a key may be pinned before it is inserted, and stays pinned after
/// removal until ``unpin(_:)``). Pinned entries *count toward* ``count`` and ``totalBytes`` — the totals always
/// describe what is held in memory — but are *skipped by eviction*: they are unlinked from the recency list, so
/// eviction stays O(1). Consequently pins alone can keep the cache above its bounds; then every unpinned entry except
/// the one just inserted is evicted.
///
/// This is a non-thread-safe value type; share it between tasks through ``LockedLRUCache``.
public struct LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// Recency-list links of one slot; `pinned` slots are detached from the list.
    @usableFromInline
    struct Link: Sendable {
        @usableFromInline var previous: Int32
        @usableFromInline var next: Int32
        @usableFromInline var pinned: Bool

        @inlinable
        init(previous: Int32, next: Int32, pinned: Bool) {
            self.previous = previous
            self.next = next
            self.pinned = pinned
        }
    }

    @usableFromInline var links: [Link] = []
    @usableFromInline var keys: [Key?] = []
    @usableFromInline var values: [Value?] = []
    @usableFromInline var costs: [Int] = []
    @usableFromInline var slots: [Key: Int32] = [:]
    /// Free slots, chained through `links[].next`.
    @usableFromInline var freeHead: Int32 = -1
    /// Most recently used unpinned entry.
    @usableFromInline var head: Int32 = -1
    /// Least recently used unpinned entry: the next eviction victim.
    @usableFromInline var tail: Int32 = -1
    @usableFromInline var pinnedKeys: Set<Key> = []

    /// Maximum number of entries (pinned included).
    public private(set) var maxCount: Int
    /// Maximum total cost of entries (pinned included).
    public private(set) var maxBytes: Int
    @usableFromInline var byteTotal = 0
    @usableFromInline var counters = LRUCacheStats()

    /// Total cost of all entries currently held.
    @inlinable
    public var totalBytes: Int { byteTotal }

    /// Counters since creation.
    @inlinable
    public var stats: LRUCacheStats { counters }

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - maxCount: Maximum number of entries; at least 1 and below 2^31.
    ///   - maxBytes: Maximum total cost; at least 0.
    public init(maxCount: Int, maxBytes: Int) {
        precondition(maxCount >= 1 && maxCount < Int(Int32.max), "LRUCache.maxCount must be in 1..<2^31")
        precondition(maxBytes >= 0, "LRUCache.maxBytes must not be negative")
        self.maxCount = maxCount
        self.maxBytes = maxBytes
        slots.reserveCapacity(min(maxCount, 1 << 16))
    }

    /// Number of entries currently held (pinned included).
    @inlinable
    public var count: Int { slots.count }

    /// Whether the cache holds no entries.
    @inlinable
    public var isEmpty: Bool { slots.isEmpty }

    /// The value for `key`, marking it most recently used; counts a hit or a miss.
    @inlinable
    public mutating func get(_ key: Key) -> Value? {
        guard let index = slots[key] else {
            counters.misses &+= 1
            return nil
        }
        counters.hits &+= 1
        if head != index && !links[Int(index)].pinned {
            unlink(index)
            linkAtHead(index)
        }
        return values[Int(index)]
    }

    /// The value for `key` without changing recency or counters.
    @inlinable
    public func peek(_ key: Key) -> Value? {
        guard let index = slots[key] else { return nil }
        return values[Int(index)]
    }

    /// Whether `key` is present (no recency or counter change).
    @inlinable
    public func contains(_ key: Key) -> Bool { slots[key] != nil }

    /// Inserts or replaces the value for `key` as the most recently used entry, then evicts to restore the bounds.
    ///
    /// If `cost` exceeds ``maxBytes`` and `key` is not pinned, the value is not stored: any previous value for `key`
    /// is removed, and both it and the new value are returned (the new one counted in ``LRUCacheStats/rejections``,
    /// the old one in ``LRUCacheStats/evictions``).
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - value: The value.
    ///   - cost: The value's size in bytes (or any cost unit ``maxBytes`` is expressed in); at least 0.
    /// - Returns: The entries evicted (least recently used first), so callers can count or release them; empty in
    ///   the common case (no allocation).
    @inlinable
    @discardableResult
    public mutating func put(_ key: Key, _ value: Value, cost: Int) -> [Entry] {
        precondition(cost >= 0, "LRUCache cost must not be negative")
        counters.insertions &+= 1
        if let index = slots[key] {
            let slot = Int(index)
            let pinned = links[slot].pinned
            if cost > maxBytes && !pinned {
                let old = removeSlot(index)
                counters.evictions &+= 1
                counters.rejections &+= 1
                return [old, Entry(key: key, value: value, cost: cost)]
            }
            byteTotal += cost - costs[slot]
            values[slot] = value
            costs[slot] = cost
            if !pinned && head != index {
                unlink(index)
                linkAtHead(index)
            }
            return evictIfNeeded(protecting: index)
        }
        let pinned = !pinnedKeys.isEmpty && pinnedKeys.contains(key)
        if cost > maxBytes && !pinned {
            counters.rejections &+= 1
            return [Entry(key: key, value: value, cost: cost)]
        }
        let index = allocate(key: key, value: value, cost: cost, pinned: pinned)
        slots[key] = index
        byteTotal += cost
        if !pinned { linkAtHead(index) }
        return evictIfNeeded(protecting: index)
    }

    /// Removes the entry for `key` (pinned or not) and returns its value. Does not unpin the key.
    @inlinable
    @discardableResult
    public mutating func remove(_ key: Key) -> Value? {
        guard let index = slots[key] else { return nil }
        return removeSlot(index).value
    }

    /// Pins `key`: its entry (now or once inserted) is never evicted until ``unpin(_:)``.
    public mutating func pin(_ key: Key) {
        pinnedKeys.insert(key)
        guard let index = slots[key], !links[Int(index)].pinned else { return }
        unlink(index)
        links[Int(index)].pinned = true
    }

    /// Unpins `key`. Its entry, if present, becomes the most recently used and eviction runs (it may evict others).
    ///
    /// - Returns: The entries evicted as a result.
    @discardableResult
    public mutating func unpin(_ key: Key) -> [Entry] {
        guard pinnedKeys.remove(key) != nil, let index = slots[key], links[Int(index)].pinned else { return [] }
        links[Int(index)].pinned = false
        linkAtHead(index)
        return evictIfNeeded(protecting: index)
    }

    /// Whether `key` is pinned.
    public func isPinned(_ key: Key) -> Bool { pinnedKeys.contains(key) }

    /// Unpinned keys from most to least recently used (O(n); for tests and debugging).
    public var keysByRecency: [Key] {
        var result: [Key] = []
        var index = head
        while index >= 0 {
            if let key = keys[Int(index)] { result.append(key) }
            index = links[Int(index)].next
        }
        return result
    }

    // MARK: - Internals

    @inlinable
    mutating func evictIfNeeded(protecting protected: Int32) -> [Entry] {
        var evicted: [Entry] = []
        while slots.count > maxCount || byteTotal > maxBytes {
            var victim = tail
            if victim == protected { victim = links[Int(victim)].previous }
            guard victim >= 0 else { break }
            evicted.append(removeSlot(victim))
            counters.evictions &+= 1
        }
        return evicted
    }

    @inlinable
    mutating func allocate(key: Key, value: Value, cost: Int, pinned: Bool) -> Int32 {
        let link = Link(previous: -1, next: -1, pinned: pinned)
        if freeHead >= 0 {
            let index = freeHead
            let slot = Int(index)
            freeHead = links[slot].next
            links[slot] = link
            keys[slot] = key
            values[slot] = value
            costs[slot] = cost
            return index
        }
        links.append(link)
        keys.append(key)
        values.append(value)
        costs.append(cost)
        return Int32(links.count - 1)
    }

    @inlinable
    mutating func removeSlot(_ index: Int32) -> Entry {
        let slot = Int(index)
        if !links[slot].pinned { unlink(index) }
        let key = keys[slot].take()!
        let value = values[slot].take()!
        let cost = costs[slot]
        slots.removeValue(forKey: key)
        byteTotal -= cost
        costs[slot] = 0
        links[slot] = Link(previous: -1, next: freeHead, pinned: false)
        freeHead = index
        return Entry(key: key, value: value, cost: cost)
    }

    @inlinable
    mutating func unlink(_ index: Int32) {
        let slot = Int(index)
        let previous = links[slot].previous
        let next = links[slot].next
        if previous >= 0 { links[Int(previous)].next = next } else { head = next }
        if next >= 0 { links[Int(next)].previous = previous } else { tail = previous }
        links[slot].previous = -1
        links[slot].next = -1
    }

    @inlinable
    mutating func linkAtHead(_ index: Int32) {
        let slot = Int(index)
        links[slot].previous = -1
        links[slot].next = head
        if head >= 0 { links[Int(head)].previous = index } else { tail = index }
        head = index
    }
}
