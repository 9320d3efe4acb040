#!/usr/bin/env python3
"""Generates the Swift value types of Protos/ and their conversion to and from protobuf-c's C structs.

Reads the .proto files given on the command line (the subset ZK-FaaS uses: proto3 messages with scalar,
string, bytes, enum and message fields, singular or repeated; enums; services) and writes one Swift file per
.proto into the output folder. The C side is what `protoc-c` generates from the same files; the Swift side
only ever touches it through the functions protoc-c emits (`*__init`, `*__get_packed_size`, `*__pack`,
`*__unpack`, `*__free_unpacked`). Output is deterministic so a test can detect stale generated code.
"""
import os
import re
import sys

SCALARS = {
    # proto type: (Swift type, default, C->Swift, Swift->C)
    "uint64": ("UInt64", "0", "{v}", "{v}"),
    "int64": ("Int64", "0", "{v}", "{v}"),
    "uint32": ("UInt32", "0", "{v}", "{v}"),
    "int32": ("Int32", "0", "{v}", "{v}"),
    "bool": ("Bool", "false", "{v} != 0", "{v} ? 1 : 0"),
}


def camel_to_lower(name):
    """protoc-c's CamelCase → lower_snake rule for function names."""
    out = ""
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0:
            out += "_"
        out += ch.lower()
    return out


def lower_camel(snake):
    parts = snake.lower().split("_")
    words = [parts[0]] + [p.capitalize() for p in parts[1:]]
    words = ["ID" if w == "Id" else w for w in words]
    return "".join(words)


def parse(path):
    text = open(path).read()
    text = re.sub(r"//[^\n]*", "", text)
    package = re.search(r"package\s+([\w.]+)\s*;", text).group(1)
    enums, messages, services = [], [], []
    for m in re.finditer(r"enum\s+(\w+)\s*\{([^}]*)\}", text):
        values = re.findall(r"(\w+)\s*=\s*(-?\d+)\s*;", m.group(2))
        enums.append((m.group(1), [(n, int(v)) for n, v in values]))
    for m in re.finditer(r"message\s+(\w+)\s*\{([^}]*)\}", text):
        fields = []
        for f in re.finditer(r"(repeated\s+)?([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;", m.group(2)):
            fields.append((bool(f.group(1)), f.group(2), f.group(3), int(f.group(4))))
        messages.append((m.group(1), fields))
    for m in re.finditer(r"service\s+(\w+)\s*\{([^}]*)\}", text):
        rpcs = re.findall(r"rpc\s+(\w+)\s*\(\s*(\w+)\s*\)\s*returns\s*\(\s*(\w+)\s*\)", m.group(2))
        services.append((m.group(1), rpcs))
    return package, enums, messages, services


def is_flat(fields, all_enums):
    """A message the flat decoder handles: fields all singular varint scalars, enums, strings or bytes."""
    return bool(fields) and all(
        not repeated and (ftype in SCALARS or ftype in ("string", "bytes") or ftype in all_enums)
        for repeated, ftype, _, _ in fields
    )


FLAT_VARINT = {
    "uint64": "value",
    "int64": "Int64(bitPattern: value)",
    "uint32": "UInt32(truncatingIfNeeded: value)",
    "int32": "Int32(truncatingIfNeeded: value)",
    "bool": "value != 0",
}


def flat_decoder(fields, all_enums):
    """`init?(flatBytes:)`: decodes with ProtoFlatReader, nil whenever libprotobuf-c must decide."""
    lines = [
        "    /// Decodes without libprotobuf-c when ``ProtoFlatReader`` is sure of the result; nil otherwise.",
        "    init?(flatBytes bytes: UnsafeRawBufferPointer) {",
        "        self.init()",
        "        var reader = ProtoFlatReader(bytes)",
        "        while !reader.isAtEnd {",
        "            guard let (number, wireType) = reader.nextTag() else { return nil }",
        "            switch (number, wireType) {",
    ]
    for _, ftype, fname, number in fields:
        swift = lower_camel(fname)
        if ftype == "string":
            read, value, wire = "reader.asciiString()", "value", 2
        elif ftype == "bytes":
            read, value, wire = "reader.bytesField()", "value", 2
        elif ftype in all_enums:
            read, value, wire = "reader.varint()", "%s(rawValue: Int32(truncatingIfNeeded: value))" % ftype, 0
        else:
            read, value, wire = "reader.varint()", FLAT_VARINT[ftype], 0
        lines += [
            "            case (%d, %d):" % (number, wire),
            "                guard let value = %s else { return nil }" % read,
            "                self.%s = %s" % (swift, value),
        ]
    lines += [
        "            default:",
        "                return nil",
        "            }",
        "        }",
        "    }",
        "",
    ]
    return lines


def sample_value(ftype, number, all_enums, all_messages):
    if ftype in ("uint64", "uint32"):
        return "%d" % (4_000_000_000 + number if ftype == "uint64" else 3_000_000_000 + number)
    if ftype in ("int64", "int32"):
        return "-%d" % (1000 + number)
    if ftype == "bool":
        return "true"
    if ftype == "string":
        return '"f%d-\\u{e9}\\u{1F512}"' % number
    if ftype == "bytes":
        return "[0, %d, 255, 0]" % number
    if ftype in all_enums:
        return "%s(rawValue: 1)" % ftype
    return "Self.sample%s()" % ftype


def write_samples(path, parsed, all_enums, all_messages):
    """Test support: one fully populated value per message, every field away from its default."""
    lines = [
        "// Generated by Scripts/protoc-gen-zkswift.py. DO NOT EDIT.",
        "// One value per message with every field set, for round-trip tests of the protobuf-c conversion.",
        "",
        "@testable import ZKProto",
        "",
        "enum ProtoSamples {",
    ]
    names = []
    for proto in sorted(parsed):
        _, _, messages, _ = parsed[proto]
        for name, fields in messages:
            names.append(name)
            lines.append("    static func sample%s() -> %s {" % (name, name))
            lines.append("        %s value = %s()" % ("var" if fields else "let", name))
            for repeated, ftype, fname, number in fields:
                v = sample_value(ftype, number, all_enums, all_messages)
                if repeated:
                    v2 = sample_value(ftype, number + 100, all_enums, all_messages) if ftype not in all_messages else v
                    v = "[%s, %s]" % (v, v2)
                lines.append("        value.%s = %s" % (lower_camel(fname), v))
            lines.append("        return value")
            lines.append("    }")
            lines.append("")
    lines.append("    /// Every message: its name, a populated sample, and a round trip through protobuf-c.")
    lines.append("    static let all: [(name: String, roundTrips: @Sendable () throws -> Bool, encodedSize: @Sendable () -> Int)] = [")
    for name in names:
        lines.append(
            '        ("%s", { try %s(serializedBytes: sample%s().serializedBytes()) == sample%s() }, { sample%s().serializedBytes().count }),'
            % (name, name, name, name, name)
        )
    lines.append("    ]")
    lines.append("")
    lines.append("    /// The flat messages: a populated sample's bytes, and a check of `bytes` — nil when the flat decoder declines,")
    lines.append("    /// else whether libprotobuf-c decodes the same message (it failing counts as a disagreement).")
    lines.append("    static let flat: [(name: String, sample: @Sendable () -> [UInt8], agrees: @Sendable ([UInt8]) -> Bool?)] = [")
    for proto in sorted(parsed):
        _, _, messages, _ = parsed[proto]
        for name, fields in messages:
            if not is_flat(fields, all_enums):
                continue
            # The sample with ASCII strings: the flat decoder leaves other strings to protobuf-c.
            ascii = "".join(
                ' value.%s = "f%d-ascii";' % (lower_camel(fname), number)
                for _, ftype, fname, number in fields
                if ftype == "string"
            )
            lines.append(
                '        ("%s", { var value = sample%s();%s return value.serializedBytes() }, { bytes in '
                'bytes.withUnsafeBytes { raw in guard let flat = %s(flatBytes: raw) else { return nil }; '
                'return (try? %s(protobufCBytes: raw)) == flat } }),'
                % (name, name, ascii, name, name)
            )
    lines.append("    ]")
    lines.append("}")
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")


def main():
    samples = None
    if sys.argv[1] == "--samples":
        samples = sys.argv[2]
        del sys.argv[1:3]
    out_dir, protos = sys.argv[1], sys.argv[2:]
    parsed = {p: parse(p) for p in protos}
    all_enums = {name for _, (_, enums, _, _) in parsed.items() for name, _ in enums}
    enum_zero = {}
    for _, (_, enums, _, _) in parsed.items():
        for ename, values in enums:
            eprefix = re.sub(r"(?<!^)([A-Z])", r"_\1", ename).upper() + "_"
            zero = [v for v, n in values if n == 0][0]
            enum_zero[ename] = lower_camel(zero[len(eprefix):] if zero.startswith(eprefix) else zero)
    all_messages = {name for _, (_, _, messages, _) in parsed.items() for name, _ in messages}
    for path in protos:
        package, enums, messages, services = parsed[path]
        c_prefix = "__".join(p.capitalize() for p in package.split("."))
        f_prefix = "__".join(camel_to_lower(p) for p in package.split("."))
        lines = [
            "// Generated by Scripts/protoc-gen-zkswift.py from %s. DO NOT EDIT." % os.path.relpath(path, "Protos"),
            "// Regenerate with Scripts/gen-protos.sh.",
            "",
            "internal import ZKProtoC",
            "",
        ]
        for name, values in enums:
            prefix = re.sub(r"(?<!^)([A-Z])", r"_\1", name).upper() + "_"
            lines += [
                "/// `%s.%s`: an open enum, so values added to the .proto later still decode." % (package, name),
                "public struct %s: RawRepresentable, Sendable, Hashable, CustomStringConvertible {" % name,
                "    public var rawValue: Int32",
                "",
                "    public init(rawValue: Int32) { self.rawValue = rawValue }",
                "",
            ]
            cases = []
            for vname, number in values:
                short = vname[len(prefix):] if vname.startswith(prefix) else vname
                case = lower_camel(short)
                cases.append((case, vname, number))
                lines.append("    public static let %s = %s(rawValue: %d)" % (case, name, number))
            lines += ["", "    public var description: String {", "        switch rawValue {"]
            for case, vname, number in cases:
                lines.append('        case %d: "%s"' % (number, vname))
            lines += ['        default: "%s(\\(rawValue))"' % name, "        }", "    }", "}", ""]
        for name, fields in messages:
            c_type = "%s__%s" % (c_prefix, name)
            fn = "%s__%s" % (f_prefix, camel_to_lower(name))
            props = []
            for repeated, ftype, fname, number in fields:
                swift_name = lower_camel(fname)
                if ftype in SCALARS:
                    base, default = SCALARS[ftype][0], SCALARS[ftype][1]
                elif ftype == "string":
                    base, default = "String", '""'
                elif ftype == "bytes":
                    base, default = "[UInt8]", "[]"
                elif ftype in all_enums:
                    base, default = ftype, ".%s" % enum_zero[ftype]
                elif ftype in all_messages:
                    base, default = ftype, "nil"
                else:
                    raise SystemExit("unsupported field type %s in %s" % (ftype, name))
                if repeated:
                    swift_type, default = "[%s]" % base, "[]"
                elif ftype in all_messages:
                    swift_type = base + "?"
                else:
                    swift_type = base
                props.append((repeated, ftype, fname, swift_name, swift_type, default))
            lines.append("/// `%s.%s`." % (package, name))
            lines.append("public struct %s: Sendable, Hashable {" % name)
            for _, _, _, swift_name, swift_type, _ in props:
                lines.append("    public var %s: %s" % (swift_name, swift_type))
            if props:
                lines.append("")
                params = ",\n".join(
                    "        %s: %s = %s" % (s, t, d) for _, _, _, s, t, d in props
                )
                lines.append("    public init(\n%s\n    ) {" % params)
                for _, _, _, s, _, _ in props:
                    lines.append("        self.%s = %s" % (s, s))
                lines.append("    }")
            else:
                lines.append("    public init() {}")
            lines += ["}", ""]
            # Conversion.
            lines += [
                "extension %s: ProtoMessage {" % name,
                '    public static let protoName = "%s.%s"' % (package, name),
                "",
            ]
            if is_flat(fields, all_enums):
                lines += [
                    "    public init(serializedBytes bytes: UnsafeRawBufferPointer) throws(ProtoDecodingError) {",
                    "        if let message = Self(flatBytes: bytes) {",
                    "            self = message",
                    "        } else {",
                    "            try self.init(protobufCBytes: bytes)",
                    "        }",
                    "    }",
                    "",
                ] + flat_decoder(fields, all_enums) + [
                    "    /// Decodes with libprotobuf-c.",
                    "    init(protobufCBytes bytes: UnsafeRawBufferPointer) throws(ProtoDecodingError) {",
                ]
            else:
                lines.append("    public init(serializedBytes bytes: UnsafeRawBufferPointer) throws(ProtoDecodingError) {")
            lines += [
                "        guard let message = %s__unpack(nil, bytes.count, ProtoArena.base(of: bytes)) else {" % fn,
                "            throw ProtoDecodingError(messageName: Self.protoName, byteCount: bytes.count)",
                "        }",
                "        defer { %s__free_unpacked(message, nil) }" % fn,
                "        self.init(cMessage: message)",
                "    }",
                "",
                "    public func serializedBytes() -> [UInt8] {",
                "        let arena = ProtoArena()",
                "        let message = self.cMessage(in: arena)",
                "        let size = %s__get_packed_size(message)" % fn,
                "        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in",
                "            count = %s__pack(message, buffer.baseAddress)" % fn,
                "        }",
                "    }",
                "",
                "    init(cMessage message: UnsafePointer<%s>) {" % c_type,
            ]
            if not props:
                lines.append("        self.init()")
            for repeated, ftype, fname, s, _, _ in props:
                src = "message.pointee.%s" % fname
                if repeated:
                    n = "message.pointee.n_%s" % fname
                    if ftype in SCALARS:
                        conv = SCALARS[ftype][2].format(v="$0")
                        expr = "ProtoArena.array(%s, %s) { %s }" % (src, n, conv)
                    elif ftype == "string":
                        expr = "ProtoArena.array(%s, %s) { ProtoArena.string($0) }" % (src, n)
                    elif ftype == "bytes":
                        expr = "ProtoArena.array(%s, %s) { ProtoArena.bytes($0) }" % (src, n)
                    elif ftype in all_enums:
                        expr = "ProtoArena.array(%s, %s) { %s(rawValue: Int32(truncatingIfNeeded: $0.rawValue)) }" % (src, n, ftype)
                    else:
                        expr = "ProtoArena.array(%s, %s) { %s(cMessage: $0!) }" % (src, n, ftype)
                else:
                    if ftype in SCALARS:
                        expr = SCALARS[ftype][2].format(v=src)
                    elif ftype == "string":
                        expr = "ProtoArena.string(%s)" % src
                    elif ftype == "bytes":
                        expr = "ProtoArena.bytes(%s)" % src
                    elif ftype in all_enums:
                        expr = "%s(rawValue: Int32(truncatingIfNeeded: %s.rawValue))" % (ftype, src)
                    else:
                        expr = "%s.map { %s(cMessage: $0) }" % (src, ftype)
                lines.append("        self.%s = %s" % (s, expr))
            lines += [
                "    }",
                "",
                "    func cMessage(in arena: ProtoArena) -> UnsafeMutablePointer<%s> {" % c_type,
                "        let message = arena.allocate(%s.self)" % c_type,
                "        %s__init(message)" % fn,
            ]
            for repeated, ftype, fname, swift, _, _ in props:
                s = "self." + swift
                dst = "message.pointee.%s" % fname
                if repeated:
                    lines.append("        message.pointee.n_%s = %s.count" % (fname, s))
                    if ftype in SCALARS:
                        conv = SCALARS[ftype][3].format(v="$0")
                        lines.append("        %s = arena.array(%s) { %s }" % (dst, s, conv))
                    elif ftype == "string":
                        lines.append("        %s = arena.array(%s) { arena.string($0) }" % (dst, s))
                    elif ftype == "bytes":
                        lines.append("        %s = arena.array(%s) { arena.bytes($0) }" % (dst, s))
                    elif ftype in all_enums:
                        lines.append(
                            "        %s = arena.array(%s) { %s__%s(rawValue: .init(truncatingIfNeeded: $0.rawValue)) }"
                            % (dst, s, c_prefix, ftype)
                        )
                    else:
                        lines.append("        %s = arena.array(%s) { $0.cMessage(in: arena) }" % (dst, s))
                else:
                    if ftype in SCALARS:
                        lines.append("        %s = %s" % (dst, SCALARS[ftype][3].format(v=s)))
                    elif ftype == "string":
                        lines.append("        %s = arena.string(%s)" % (dst, s))
                    elif ftype == "bytes":
                        lines.append("        %s = arena.bytes(%s)" % (dst, s))
                    elif ftype in all_enums:
                        lines.append(
                            "        %s = %s__%s(rawValue: .init(truncatingIfNeeded: %s.rawValue))"
                            % (dst, c_prefix, ftype, s)
                        )
                    else:
                        lines.append("        %s = %s?.cMessage(in: arena)" % (dst, s))
            lines += ["        return message", "    }", "}", ""]
        for sname, rpcs in services:
            full = "%s.%s" % (package, sname)
            lines += [
                "/// The methods of `%s`: full names as they travel in a frame's `method` field." % full,
                "public enum %sMethods {" % sname,
                '    public static let serviceName = "%s"' % full,
                "",
            ]
            for rname, req, resp in rpcs:
                lines.append(
                    '    public static let %s = MethodDescriptor<%s, %s>("%s/%s")'
                    % (lower_camel(camel_to_lower(rname)), req, resp, full, rname)
                )
            lines += ["}", ""]
        base = os.path.splitext(os.path.basename(path))[0]
        target = os.path.join(out_dir, base.capitalize() + ".pb.swift")
        with open(target, "w") as fh:
            fh.write("\n".join(lines).rstrip("\n") + "\n")

    if samples:
        write_samples(samples, parsed, all_enums, all_messages)


if __name__ == "__main__":
    main()
