import Testing

@testable import ZKRouterService

@Suite("In-flight fetches")
struct InFlightTasksTests {
    @Test("C2: a waiter of an older fetch that finishes late does not remove the newer fetch of the same key")
    func lateWaiterKeepsNewerFetch() async throws {
        let fetches = InFlightTasks<Int, Int>()
        let first = fetches.task(for: 1) { Task { 1 } }
        #expect(fetches.task(for: 1) { Task { 99 } } == first)  // a second caller shares it
        fetches.remove(first, for: 1)  // one waiter of the first fetch is done
        let second = fetches.task(for: 1) { Task { 2 } }  // a new caller starts a newer fetch
        #expect(second != first)
        fetches.remove(first, for: 1)  // the other waiter of the first fetch is done, later
        let third = fetches.task(for: 1) { Task { 3 } }
        #expect(third == second)  // still shared: no duplicate fetch
        #expect(try await third.value == 2)
        #expect(fetches.removeAll().count == 1)
    }
}
