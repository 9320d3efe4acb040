public import ZKProto

/// The result of ``RegistryStore/insert(_:)``.
public enum RegistryInsertOutcome: Sendable, Hashable {
    /// The record was stored.
    case inserted
    /// The program hash was registered before; this is the first record, unchanged.
    case alreadyExists(ProgramMetadata)
}
