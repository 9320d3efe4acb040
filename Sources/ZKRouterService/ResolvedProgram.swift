public import ZKExecutor
public import ZKProto

/// A program whose ELF was fetched and verified against the registry's `elf_hash`, ready to execute.
public struct ResolvedProgram: Sendable {
    public let metadata: ProgramMetadata
    public let executor: Executor
}
