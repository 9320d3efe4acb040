import Testing
import ZKStore

@Suite("LRUCache")
struct LRUCacheTests {
    @Test("count bound evicts the least recently used, and get refreshes recency")
    func countBound() {
        var cache = LRUCache<String, Int>(maxCount: 3, maxBytes: 1000)
        cache.put("a", 1, cost: 1)
        cache.put("b", 2, cost: 1)
        cache.put("c", 3, cost: 1)
        #expect(cache.get("a") == 1)  // a is now most recent; b is the LRU
        let evicted = cache.put("d", 4, cost: 1)
        #expect(evicted.map(\.key) == ["b"])
        #expect(evicted.map(\.value) == [2])
        #expect(cache.keysByRecency == ["d", "a", "c"])
        #expect(cache.count == 3)
        #expect(cache.get("b") == nil)
        #expect(cache.stats.hits == 1)
        #expect(cache.stats.misses == 1)
        #expect(cache.stats.evictions == 1)
        #expect(cache.stats.insertions == 4)
    }

    @Test("byte bound evicts as many entries as needed, oldest first")
    func byteBound() {
        var cache = LRUCache<Int, [UInt8]>(maxCount: 100, maxBytes: 100)
        for key in 0..<5 { cache.put(key, [UInt8](repeating: UInt8(key), count: 20), cost: 20) }
        #expect(cache.totalBytes == 100)
        let evicted = cache.put(99, [], cost: 50)
        #expect(evicted.map(\.key) == [0, 1, 2])
        #expect(evicted.map(\.cost) == [20, 20, 20])
        #expect(cache.totalBytes == 90)
        #expect(cache.count == 3)
        // Replacing a value adjusts the total by the cost difference.
        cache.put(3, [], cost: 5)
        #expect(cache.totalBytes == 75)
        #expect(cache.peek(3) == [])
    }

    @Test("an entry costlier than the whole bound is rejected and replaces nothing")
    func rejection() {
        var cache = LRUCache<Int, Int>(maxCount: 10, maxBytes: 10)
        cache.put(1, 1, cost: 5)
        cache.put(2, 2, cost: 5)
        let rejected = cache.put(3, 3, cost: 11)
        #expect(rejected.map(\.key) == [3])
        #expect(cache.contains(1) && cache.contains(2) && !cache.contains(3))
        #expect(cache.stats.rejections == 1)
        let replaced = cache.put(1, 10, cost: 11)
        #expect(replaced.map(\.key) == [1, 1])
        #expect(!cache.contains(1))
        #expect(cache.totalBytes == 5)
    }

    @Test("pinned entries count toward the bounds but are never evicted")
    func pins() {
        var cache = LRUCache<String, Int>(maxCount: 3, maxBytes: 100)
        cache.pin("keep")  // pinned before insertion
        cache.put("keep", 0, cost: 10)
        cache.put("a", 1, cost: 10)
        cache.pin("a")
        for index in 0..<10 { cache.put("x\(index)", index, cost: 10) }
        #expect(cache.contains("keep"))
        #expect(cache.contains("a"))
        #expect(cache.count == 3)
        #expect(cache.totalBytes == 30)
        #expect(cache.keysByRecency == ["x9"])

        // Pins alone fill the count bound: the entry just inserted stays (cache over bound) until the next insert.
        cache.pin("x9")
        let evicted = cache.put("y", 1, cost: 10)
        #expect(evicted.isEmpty)
        #expect(cache.count == 4)
        #expect(cache.put("z", 1, cost: 10).map(\.key) == ["y"])

        // Unpinning makes the entry evictable again and restores the bounds.
        let afterUnpin = cache.unpin("keep")
        #expect(afterUnpin.map(\.key) == ["z"])
        #expect(cache.count == 3)
        #expect(cache.isPinned("a") && !cache.isPinned("keep"))
        #expect(cache.put("w", 1, cost: 10).map(\.key) == ["keep"])
    }

    @Test("matches a naive reference model under random operations", arguments: [1, 2, 3])
    func referenceModel(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var cache = LRUCache<Int, Int>(maxCount: 16, maxBytes: 200)
        var model = NaiveLRU(maxCount: 16, maxBytes: 200)
        for step in 0..<20_000 {
            let key = Int(generator.next() % 40)
            switch generator.next() % 10 {
            case 0..<4:
                #expect(cache.get(key) == model.get(key), "step \(step)")
            case 4..<8:
                let cost = Int(generator.next() % 60)
                let evicted = cache.put(key, step, cost: cost)
                let expected = model.put(key, step, cost: cost)
                #expect(evicted.map(\.key) == expected, "step \(step)")
            case 8:
                #expect(cache.remove(key) == model.remove(key), "step \(step)")
            default:
                if generator.next() % 2 == 0 {
                    cache.pin(key)
                    model.pin(key)
                } else {
                    #expect(cache.unpin(key).map(\.key) == model.unpin(key), "step \(step)")
                }
            }
            #expect(cache.count == model.entries.count)
            #expect(cache.totalBytes == model.entries.reduce(0) { $0 + $1.cost })
        }
        #expect(cache.keysByRecency == model.entries.filter { !model.pinned.contains($0.key) }.map(\.key))
    }

    @Test("LockedLRUCache stays consistent under concurrent use")
    func locked() async {
        let cache = LockedLRUCache<Int, Int>(maxCount: 64, maxBytes: 1 << 20)
        await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var evicted = 0
                    for index in 0..<2000 {
                        let key = (task * 7919 + index) % 200
                        if cache.get(key) == nil { evicted += cache.put(key, key, cost: 1).count }
                    }
                    return evicted
                }
            }
            var evicted = 0
            for await count in group { evicted += count }
            let stats = cache.stats
            #expect(stats.evictions == UInt64(evicted))
            #expect(stats.hits + stats.misses == 16_000)
        }
        #expect(cache.count == 64)
        #expect(cache.totalBytes == 64)
    }
}

/// An obviously-correct O(n) LRU: `entries` ordered most recent first.
private struct NaiveLRU {
    struct Entry {
        var key: Int
        var value: Int
        var cost: Int
    }

    let maxCount: Int
    let maxBytes: Int
    var entries: [Entry] = []
    var pinned: Set<Int> = []

    init(maxCount: Int, maxBytes: Int) {
        self.maxCount = maxCount
        self.maxBytes = maxBytes
    }

    mutating func get(_ key: Int) -> Int? {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let entry = entries.remove(at: index)
        entries.insert(entry, at: 0)
        return entry.value
    }

    mutating func put(_ key: Int, _ value: Int, cost: Int) -> [Int] {
        let old = entries.firstIndex(where: { $0.key == key }).map { entries.remove(at: $0) }
        if cost > maxBytes && !pinned.contains(key) { return (old.map { [$0.key] } ?? []) + [key] }
        entries.insert(Entry(key: key, value: value, cost: cost), at: 0)
        return evict(protecting: key)
    }

    mutating func remove(_ key: Int) -> Int? {
        entries.firstIndex(where: { $0.key == key }).map { entries.remove(at: $0).value }
    }

    mutating func pin(_ key: Int) { pinned.insert(key) }

    mutating func unpin(_ key: Int) -> [Int] {
        guard pinned.remove(key) != nil, let index = entries.firstIndex(where: { $0.key == key }) else { return [] }
        entries.insert(entries.remove(at: index), at: 0)
        return evict(protecting: key)
    }

    /// Pinned entries keep the recency position they had when pinned in this model, but they are never victims, so
    /// only the relative order of unpinned entries matters.
    private mutating func evict(protecting protected: Int) -> [Int] {
        var evicted: [Int] = []
        while entries.count > maxCount || entries.reduce(0, { $0 + $1.cost }) > maxBytes {
            guard let index = entries.lastIndex(where: { !pinned.contains($0.key) && $0.key != protected }) else {
                break
            }
            evicted.append(entries.remove(at: index).key)
        }
        return evicted
    }
}

/// Deterministic pseudo-random numbers for reproducible model tests.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
