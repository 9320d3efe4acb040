/// The zkVMs a program can target, with their canonical names.
public enum ZKVMName: String, Sendable, Hashable, CaseIterable {
    case sp1 = "SP1"
    case riscZero = "RISC Zero"

    /// The canonical name stored and signed: `SP1` or `RISC Zero`.
    public var canonicalName: String { rawValue }

    /// Recognises a spelling, case-insensitively: `sp1`, `succinct-sp1` → SP1; `risc0`, `risczero`, `risc-zero`,
    /// `risc zero`, `r0vm` → RISC Zero. Leading and trailing spaces are ignored. Anything else is nil.
    public init?(spelling: String) {
        let key = String(
            spelling.lowercased().drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        switch key {
        case "sp1", "succinct-sp1": self = .sp1
        case "risc zero", "risc0", "risczero", "risc-zero", "r0vm": self = .riscZero
        default: return nil
        }
    }
}
