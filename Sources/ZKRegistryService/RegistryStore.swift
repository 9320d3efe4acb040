public import ZKProto

/// Where registrations live: append-only, first registration of a program hash wins, nothing is updated or deleted.
///
/// The embedded ``SQLiteRegistryStore`` is the default; an on-chain `ZkProgramRegistry` store can implement the same
/// contract later.
public protocol RegistryStore: Sendable {
    /// Stores `program` unless its `programHash` is registered already.
    ///
    /// Atomic: either the record is stored durably and ``RegistryInsertOutcome/inserted`` returned, or nothing
    /// changes and the existing record comes back in ``RegistryInsertOutcome/alreadyExists(_:)``.
    func insert(_ program: ProgramMetadata) async throws -> RegistryInsertOutcome

    /// The record of `programHash`, if registered.
    func program(hash programHash: [UInt8]) async throws -> ProgramMetadata?

    /// Records in registration order, after position `after` (exclusive), matching the filters.
    func list(_ query: RegistryListQuery) async throws -> RegistryListPage

    /// Releases what the store holds (files, connections). Called once, when no call is in progress; later calls
    /// fail.
    func close() async
}
