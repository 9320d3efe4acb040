public import ZKProto

/// A page of records from ``RegistryStore/list(_:)``.
public struct RegistryListPage: Sendable, Hashable {
    /// Records in registration order.
    public var programs: [ProgramMetadata]
    /// The registration position of the last record, when more may follow; nil on the last page.
    public var nextAfter: Int64?

    public init(programs: [ProgramMetadata], nextAfter: Int64?) {
        self.programs = programs
        self.nextAfter = nextAfter
    }
}
