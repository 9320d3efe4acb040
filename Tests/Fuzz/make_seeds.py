#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into Tests/Fuzz/Corpus/<Name>/ (deterministic; safe to rerun).

Seeds are small valid inputs (plus a few edge cases) in the input format each target documents in its source:
real frames and messages encoded from Protos/, the guest ELFs of Guests/bin, SP1Stdin files, CARs whose DAGs the
UnixFS importer would make (sha2-256) or whose links are identity CIDs (which a fuzzer can mutate into any DAG),
CID strings, zstd frames. Inputs found by fuzzing (reproducers) are committed next to them with a `crash-`/`repro-`
name; this script never deletes files it did not write.
"""
import hashlib
import os
import re
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "Tests", "Fuzz", "Corpus")


def write(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(bytes(data))


# MARK: protobuf encoding

def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def field(number, wire, payload):
    if wire == 0:
        return varint(number << 3) + varint(payload)
    return varint(number << 3 | 2) + varint(len(payload)) + payload


SCALARS = {"uint64", "uint32", "int32", "int64", "bool", "string", "bytes"}


def parse_protos():
    messages, enums = {}, set()
    for name in sorted(os.listdir(os.path.join(ROOT, "Protos", "zkfaas", "v1"))):
        text = open(os.path.join(ROOT, "Protos", "zkfaas", "v1", name)).read()
        text = re.sub(r"//[^\n]*", "", text)
        for enum in re.finditer(r"\benum\s+(\w+)", text):
            enums.add(enum.group(1))
        for message in re.finditer(r"\bmessage\s+(\w+)\s*\{([^}]*)\}", text):
            fields = []
            for f in re.finditer(r"(repeated\s+)?(\w+)\s+(\w+)\s*=\s*(\d+)\s*;", message.group(2)):
                fields.append((bool(f.group(1)), f.group(2), f.group(3), int(f.group(4))))
            messages[message.group(1)] = fields
    return messages, enums


MESSAGES, ENUMS = parse_protos()


def sample(message, depth=0, variant=0):
    """Every field set to a small plausible value (repeated fields twice, nested messages recursively)."""
    out = b""
    for repeated, kind, name, number in MESSAGES[message]:
        for index in range(2 if repeated else 1):
            if kind in ("uint64", "int64"):
                out += field(number, 0, 1_000_003 + variant + index)
            elif kind in ("uint32", "int32"):
                out += field(number, 0, 7 + variant + index)
            elif kind == "bool" or kind in ENUMS:
                out += field(number, 0, 1)
            elif kind == "string":
                out += field(number, 2, ("%s-%d" % (name, index)).encode())
            elif kind == "bytes":
                out += field(number, 2, hashlib.sha256(name.encode()).digest()[: 8 + 8 * variant])
            elif kind in MESSAGES:
                if depth < 3:
                    out += field(number, 2, sample(kind, depth + 1, variant))
            else:
                raise SystemExit("unknown field type %s in %s" % (kind, message))
    return out


# The order of FuzzProtoMessages.messageCount's list.
PROTO_ORDER = (
    "MetadataEntry Status HealthRequest HealthResponse DependencyStatus TierStats Frame ProgramMetadata "
    "RegisterProgramRequest RegisterProgramResponse GetProgramRequest GetProgramResponse ListProgramsRequest "
    "ListProgramsResponse ProveRequest ProveResponse ProofRecord JobStatus GetJobRequest WaitJobRequest "
    "CancelJobRequest ExecuteRequest ExecuteResponse ListBackendsRequest BackendInfo ListBackendsResponse "
    "RouterStatsRequest RouterStatsResponse PutProgramRequest PutProgramResponse StorageGetProgramRequest "
    "StorageGetProgramResponse StatProgramRequest StatProgramResponse PinRequest PinResponse StorageStatsRequest "
    "StorageStatsResponse"
).split()


def proto_seeds():
    for index, name in enumerate(PROTO_ORDER):
        assert name in MESSAGES, name
        write("ProtoMessages", "%02d-%s" % (index, name), bytes([index]) + sample(name))
        write("ProtoMessages", "%02d-%s-empty" % (index, name), bytes([index]))
    # Edge cases the fast decoders must leave to libprotobuf-c: a non-ASCII string, a 10-byte varint.
    write("ProtoMessages", "08-RegisterProgramRequest-utf8", bytes([8]) + field(2, 2, "é\u00ff".encode()))
    write("ProtoMessages", "18-GetJobRequest-long-varint", bytes([18]) + b"\x0a\x01\x41" + b"\x10" + b"\xff" * 9 + b"\x01")


# MARK: frames

def frame(request_id=0, kind=0, method=b"", deadline=0, metadata=(), payload=b"", status=None):
    out = b""
    if request_id:
        out += field(1, 0, request_id)
    if kind:
        out += field(2, 0, kind)
    if method:
        out += field(3, 2, method)
    if deadline:
        out += field(4, 0, deadline)
    for key, value in metadata:
        out += field(5, 2, field(1, 2, key) + field(2, 2, value))
    if payload:
        out += field(6, 2, payload)
    if status is not None:
        out += field(7, 2, status)
    return struct.pack(">I", len(out)) + out


def frame_input(stream, slicing=0xFF, maximum=0xFFFF, cuts=()):
    head = bytes([slicing]) + struct.pack("<H", maximum) + bytes([len(cuts)])
    return head + b"".join(struct.pack("<H", c) for c in cuts) + stream


def frame_seeds():
    request = frame(1, 1, b"/zkfaas.v1.Registry/GetProgram", 5000, payload=field(1, 2, b"fibonacci"))
    response = frame(1, 2, payload=sample("GetProgramResponse"))
    error = frame(2, 3, status=field(1, 0, 5) + field(2, 2, b"program not found"))
    metadata = frame(3, 1, b"/zkfaas.v1.Router/Prove", 0, [(b"x-api-key", b"k1"), (b"trace", b"abc")], sample("ProveRequest"))
    ping, pong, cancel = frame(4, 5), frame(4, 6), frame(1, 4)
    big = frame(9, 2, payload=bytes(range(256)) * 8)
    write("FrameDecoder", "request", frame_input(request))
    write("FrameDecoder", "response-sliced", frame_input(response, slicing=16))
    write("FrameDecoder", "error-status", frame_input(error))
    write("FrameDecoder", "metadata", frame_input(metadata, cuts=(3, 10)))
    write("FrameDecoder", "ping-pong-cancel", frame_input(ping + pong + cancel, cuts=(1, 1, 1, 1, 5)))
    write("FrameDecoder", "stream-cut", frame_input(request + response + error + ping, slicing=8, cuts=(2, 40, 7)))
    write("FrameDecoder", "large-payload", frame_input(big, slicing=64, maximum=4096, cuts=(100, 1000)))
    write("FrameDecoder", "too-large", frame_input(big, maximum=100))
    write("FrameDecoder", "zero-length", frame_input(struct.pack(">I", 0) + ping))
    write("FrameDecoder", "truncated", frame_input(request[:-3]))
    write("FrameDecoder", "unknown-field", frame_input(struct.pack(">I", 4) + b"\x08\x05\x48\x01"))


# MARK: ELF, SP1Stdin

def elf_seeds():
    bindir = os.path.join(ROOT, "Guests", "bin")
    for name in sorted(os.listdir(bindir)):
        if name.endswith(".elf"):
            write("ELFLoader", name, open(os.path.join(bindir, name), "rb").read())


def stdin(buffers, ptr=0, extra=b""):
    out = struct.pack("<Q", len(buffers))
    for b in buffers:
        out += struct.pack("<Q", len(b)) + b
    return out + struct.pack("<Q", ptr) + extra


def stdin_seeds():
    write("SP1Stdin", "empty", stdin([]))
    write("SP1Stdin", "one", stdin([struct.pack("<I", 10)]))
    write("SP1Stdin", "three", stdin([b"abc", b"", bytes(range(40))], ptr=1))
    write("SP1Stdin", "proofs-follow", stdin([b"x"], extra=struct.pack("<Q", 0)))
    write("SP1Stdin", "no-ptr", stdin([b"xy"])[:-8])
    write("SP1Stdin", "huge-count", struct.pack("<Q", 1 << 62) + b"\0" * 16)


# MARK: CIDs, dag-pb, UnixFS, CAR

RAW, DAG_PB, DAG_CBOR = 0x55, 0x70, 0x71


def multihash_sha256(data):
    return b"\x12\x20" + hashlib.sha256(data).digest()


def cid_v1(codec, data, identity=False):
    mh = (b"\x00" + varint(len(data)) + data) if identity else multihash_sha256(data)
    return b"\x01" + varint(codec) + mh


def cid_v0(data):
    return multihash_sha256(data)


def unixfs(kind, data=None, filesize=None, blocksizes=()):
    out = field(1, 0, kind)
    if data is not None:
        out += field(2, 2, data)
    if filesize is not None:
        out += field(3, 0, filesize)
    for size in blocksizes:
        out += field(4, 0, size)
    return out


def pbnode(links, data):
    out = b""
    for cid, name, tsize in links:
        out += field(2, 2, field(1, 2, cid) + field(2, 2, name) + field(3, 0, tsize))
    return out + field(1, 2, data)


def cbor_head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    if n < 256:
        return bytes([major << 5 | 24, n])
    if n < 65536:
        return bytes([major << 5 | 25]) + struct.pack(">H", n)
    return bytes([major << 5 | 26]) + struct.pack(">I", n)


def cbor_text(s):
    return cbor_head(3, len(s)) + s.encode()


def car_header(roots, version=1):
    body = cbor_head(5, 2) + cbor_text("roots") + cbor_head(4, len(roots))
    for cid in roots:
        body += bytes([0xD8, 42]) + cbor_head(2, len(cid) + 1) + b"\x00" + cid
    body += cbor_text("version") + cbor_head(0, version)
    return varint(len(body)) + body


def car(roots, blocks):
    out = car_header(roots)
    for cid, data in blocks:
        out += varint(len(cid) + len(data)) + cid + data
    return out


def car_v2(inner):
    header = bytes(16) + struct.pack("<QQQ", 51, len(inner), 0)
    return bytes([0x0A, 0xA1, 0x67]) + b"version" + b"\x02" + header + inner


def car_seeds():
    # A file of three raw leaves under a balanced dag-pb root (what the importer makes, chunked small).
    chunks = [b"hello fuzzing " * 3, b"second chunk", bytes(range(64))]
    leaves = [(cid_v1(RAW, c), c) for c in chunks]
    root = pbnode([(cid, b"", len(c)) for (cid, c) in leaves],
                  unixfs(2, filesize=sum(map(len, chunks)), blocksizes=[len(c) for c in chunks]))
    root_cid = cid_v1(DAG_PB, root)
    chunked = car([root_cid], [(root_cid, root)] + leaves)
    # One dag-pb node with inline data, v0 CID.
    single = pbnode([], unixfs(2, data=b"inline file", filesize=11))
    single_car = car([cid_v0(single)], [(cid_v0(single), single)])
    # A raw root.
    raw_car = car([cid_v1(RAW, b"raw file")], [(cid_v1(RAW, b"raw file"), b"raw file")])
    # Identity-CID DAG: root -> two inline nodes -> inline raw leaves; everything in the root CID.
    leaf_a = cid_v1(RAW, b"AAAA", identity=True)
    leaf_b = cid_v1(RAW, b"BB", identity=True)
    mid = pbnode([(leaf_a, b"", 4), (leaf_b, b"", 2)], unixfs(2, data=b"m", filesize=7, blocksizes=[4, 2]))
    mid_cid = cid_v1(DAG_PB, mid, identity=True)
    top = pbnode([(mid_cid, b"", len(mid)), (leaf_b, b"", 2)], unixfs(2, filesize=9, blocksizes=[7, 2]))
    top_cid = cid_v1(DAG_PB, top)
    identity_car = car([top_cid], [(top_cid, top)])
    identity_root_car = car([mid_cid], [])
    for target in ("CARReader", "DAGReader"):
        write(target, "chunked.car", chunked)
        write(target, "single-v0.car", single_car)
        write(target, "raw.car", raw_car)
        write(target, "identity-dag.car", identity_car)
        write(target, "identity-root.car", identity_root_car)
        write(target, "chunked-v2.car", car_v2(chunked))
    write("CARReader", "bad-hash.car", car([root_cid], [(root_cid, root[:-1] + b"\x00")]))
    write("CARReader", "truncated.car", chunked[:-10])
    write("CARReader", "directory.car", car([cid_v1(DAG_PB, b"")], [(cid_v1(DAG_PB, pbnode([], unixfs(1))), pbnode([], unixfs(1)))]))
    # CIDs: text (selector 0) and binary (selector 1).
    binary = [cid_v0(b"x"), cid_v1(RAW, b"x"), cid_v1(DAG_PB, b"y"), cid_v1(RAW, b"tiny", identity=True), mid_cid]
    for index, cid in enumerate(binary):
        write("CID", "binary-%d" % index, b"\x01" + cid)
    texts = ["QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
             "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
             "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
             "zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA",
             "k2jmtxw8rjh1z69c6not3wvdk8ptbx9gbvu7dxvtwlb9tbn3jdyrh8ga",
             "bafkqabdumvzhi", "b", "Qm"]
    for index, text in enumerate(texts):
        write("CID", "text-%d" % index, b"\x00" + text.encode())


# MARK: zstd

def zstd(data, stream=False):
    command = ["zstd", "-q", "-c", "-3"]
    if not stream:
        command.append("--content-size")
    return subprocess.run(command, input=data, stdout=subprocess.PIPE, check=True).stdout


def zstd_seeds():
    elf = open(os.path.join(ROOT, "Guests", "bin", "loop.elf"), "rb").read()
    text = b"zkfaas " * 500
    for name, data in (("elf", elf), ("text", text), ("byte", b"\x7f")):
        size = struct.pack("<I", len(data))
        packed = zstd(data)
        write("Zstd", name, size + packed)
        write("Zstd", name + "-declared-short", struct.pack("<I", len(data) - 1) + packed)
    # A frame without a content size in its header (as a streaming compressor writes it).
    streamed = subprocess.run(["zstd", "-q", "-c", "--no-content-size"], input=text, stdout=subprocess.PIPE,
                              check=True).stdout
    write("Zstd", "text-streamed", struct.pack("<I", len(text)) + streamed)
    write("Zstd", "not-zstd", struct.pack("<I", 5) + b"hello")


def main():
    proto_seeds()
    frame_seeds()
    elf_seeds()
    stdin_seeds()
    car_seeds()
    zstd_seeds()


if __name__ == "__main__":
    sys.exit(main())
