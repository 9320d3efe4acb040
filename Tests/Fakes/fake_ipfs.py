#!/usr/bin/env python3
"""A local stand-in for a Kubo node and an IPFS trustless gateway, for tests. Python 3 standard library only.

Implemented, following the published specifications:

* Kubo RPC (https://docs.ipfs.tech/reference/kubo/rpc/):
  - ``POST /api/v0/add``      multipart/form-data, file part(s); query ``cid-version``, ``raw-leaves``, ``chunker``,
                              ``pin``, ``quieter``/``quiet``, ``only-hash``. Answers NDJSON AddEvent objects
                              ``{"Name": ..., "Hash": ..., "Size": "<cumulative DAG size as a string>"}``.
  - ``POST /api/v0/cat?arg=<cid>``        the file bytes (UnixFS reassembly).
  - ``POST /api/v0/block/get?arg=<cid>``  one raw block.
  - ``POST /api/v0/dag/export?arg=<cid>`` the whole DAG as a CARv1 stream (``Content-Type: application/vnd.ipld.car``,
                              ``X-Stream-Output: 1``), blocks once each in first-seen depth-first order, as Kubo's
                              ``core/commands/dag/export.go``; ``progress`` is accepted and ignored (it only drives
                              the CLI's progress bar). The root is looked up before streaming (500 if missing); a
                              block missing further down ends the chunked stream early with the error in the
                              ``X-Stream-Error`` trailer, as the RPC reference's "HTTP status codes" section says.
  RPC errors are HTTP 500 with ``{"Message": ..., "Code": 0, "Type": "error"}``; the RPC accepts POST only (405
  otherwise), as Kubo does.
* Trustless Gateway (https://specs.ipfs.tech/http-gateways/trustless-gateway/):
  - ``GET /ipfs/{cid}?format=raw`` or ``Accept: application/vnd.ipld.raw``: the single block,
    ``Content-Type: application/vnd.ipld.raw``.
  - ``GET /ipfs/{cid}?format=car`` or ``Accept: application/vnd.ipld.car``: a CARv1 stream of the whole DAG
    (``dag-scope=all``), blocks in depth-first pre-order (``order=dfs``), ``Content-Type:
    application/vnd.ipld.car; version=1; order=dfs; dups=n``.
  - Neither format requested: 406 (this fake is a trustless-only gateway).
* CARv1 (https://ipld.io/specs/transport/car/carv1/): varint(len) + DAG-CBOR header ``{"roots": [CID], "version": 1}``,
  then sections varint(len(cid)+len(data)) | cid bytes | data.

UnixFS import follows Kubo's defaults as implemented by ipfs/boxo (``ipld/unixfs/importer/balanced``):
fixed-size chunks (``size-262144``), raw leaves for CIDv1, balanced layout with at most 174 links per node,
dag-pb (https://ipld.io/specs/codecs/dag-pb/spec/) internal nodes carrying a UnixFS ``Data{Type=File, filesize,
blocksizes}``. This is an implementation independent from the Swift one; ``--self-test`` cross-checks it against the
``aleph_cid`` package when it is importable.

Test-control knobs (not part of any spec):
  - ``POST /_test/corrupt?cid=<cid>``   serve altered bytes for that block from now on (gateway and RPC).
  - ``POST /_test/uncorrupt?cid=<cid>`` undo it.  ``POST /_test/drop?cid=<cid>`` forget a block.
  - ``GET /_test/blocks``               JSON list of stored block CIDs.
  - ``POST /_test/requests``            JSON ``{path: count}`` of the RPC and gateway requests served so far.
  - ``--corrupt CID`` at startup (repeatable).

Usage: ``fake_ipfs.py --port 0 --data-dir DIR`` prints ``LISTENING <port>`` as its first stdout line.
"""

import argparse
import hashlib
import json
import os
import sys
import threading
import urllib.parse

from fakehttp import FakeHandler, serve

CODEC_RAW = 0x55
CODEC_DAG_PB = 0x70
MH_SHA2_256 = 0x12
MH_IDENTITY = 0x00
DEFAULT_CHUNK = 262144
MAX_LINKS = 174

# ---------------------------------------------------------------------------------------------------------------------
# Varints, multibase, CIDs (https://github.com/multiformats/unsigned-varint, https://github.com/multiformats/cid)
# ---------------------------------------------------------------------------------------------------------------------


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def read_varint(buf, pos):
    value = 0
    shift = 0
    for i in range(9):
        if pos >= len(buf):
            raise ValueError("truncated varint")
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, pos
        shift += 7
    raise ValueError("varint too long")


B32 = "abcdefghijklmnopqrstuvwxyz234567"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b32encode(data):
    bits = 0
    acc = 0
    out = []
    for byte in data:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append(B32[(acc >> bits) & 31])
    if bits:
        out.append(B32[(acc << (5 - bits)) & 31])
    return "".join(out)


def b32decode(text):
    acc = 0
    bits = 0
    out = bytearray()
    for ch in text:
        acc = (acc << 5) | B32.index(ch)
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    return bytes(out)


def b58decode(text):
    n = 0
    for ch in text:
        n = n * 58 + B58.index(ch)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    zeros = len(text) - len(text.lstrip("1"))
    return b"\x00" * zeros + raw


def b58encode(data):
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, r = divmod(n, 58)
        out.append(B58[r])
    zeros = len(data) - len(data.lstrip(b"\x00"))
    return "1" * zeros + "".join(reversed(out))


def cid_bytes(codec, digest):
    """Binary CIDv1 with a sha2-256 multihash."""
    return varint(1) + varint(codec) + varint(MH_SHA2_256) + varint(len(digest)) + digest


def cid_string(binary):
    if len(binary) == 34 and binary[0] == MH_SHA2_256:
        return b58encode(binary)  # CIDv0
    return "b" + b32encode(binary)


def parse_cid(text):
    """Returns the binary CID (v0 kept as the bare multihash)."""
    if len(text) == 46 and text.startswith("Qm"):
        return b58decode(text)
    if text.startswith("b"):
        return b32decode(text[1:])
    if text.startswith("z"):
        return b58decode(text[1:])
    raise ValueError("unsupported CID string")


def cid_parts(binary):
    """(codec, multihash code, digest) of a binary CID."""
    if len(binary) == 34 and binary[0] == MH_SHA2_256:
        return CODEC_DAG_PB, MH_SHA2_256, binary[2:]
    version, pos = read_varint(binary, 0)
    if version != 1:
        raise ValueError("bad CID version")
    codec, pos = read_varint(binary, pos)
    code, pos = read_varint(binary, pos)
    length, pos = read_varint(binary, pos)
    return codec, code, binary[pos:pos + length]


# ---------------------------------------------------------------------------------------------------------------------
# dag-pb and UnixFS (https://ipld.io/specs/codecs/dag-pb/spec/, boxo ipld/unixfs/pb/unixfs.proto)
# ---------------------------------------------------------------------------------------------------------------------


def pb_field_bytes(number, payload):
    return varint((number << 3) | 2) + varint(len(payload)) + payload


def pb_field_varint(number, value):
    return varint(number << 3) + varint(value)


def encode_unixfs_file(filesize, blocksizes, data=None):
    """UnixFS Data message: Type=1 (File=2), Data=2, filesize=3, blocksizes=4 (repeated, unpacked)."""
    out = pb_field_varint(1, 2)
    if data is not None:
        out += pb_field_bytes(2, data)
    out += pb_field_varint(3, filesize)
    for size in blocksizes:
        out += pb_field_varint(4, size)
    return out


def encode_dag_pb(links, data):
    """PBNode in canonical form: Links (field 2) first, then Data (field 1). PBLink: Hash=1, Name=2, Tsize=3."""
    out = b""
    for link_cid, tsize in links:
        link = pb_field_bytes(1, link_cid) + pb_field_bytes(2, b"") + pb_field_varint(3, tsize)
        out += pb_field_bytes(2, link)
    if data is not None:
        out += pb_field_bytes(1, data)
    return out


def decode_pb(buf):
    """Generic protobuf decoder: list of (field number, wire type, value)."""
    fields = []
    pos = 0
    while pos < len(buf):
        key, pos = read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = read_varint(buf, pos)
        elif wire == 2:
            length, pos = read_varint(buf, pos)
            if pos + length > len(buf):
                raise ValueError("truncated protobuf field")
            value = buf[pos:pos + length]
            pos += length
        else:
            raise ValueError("unsupported wire type %d" % wire)
        fields.append((number, wire, value))
    return fields


def decode_dag_pb(buf):
    links = []
    data = None
    for number, _, value in decode_pb(buf):
        if number == 2:
            link_cid = None
            for ln, _, lv in decode_pb(value):
                if ln == 1:
                    link_cid = bytes(lv)
            links.append(link_cid)
        elif number == 1:
            data = bytes(value)
    return links, data


class Importer:
    """Streaming balanced-layout importer; ``blocks`` receives (binary cid, bytes) for every block."""

    def __init__(self, chunk_size=DEFAULT_CHUNK, raw_leaves=True, cid_version=1, max_links=MAX_LINKS):
        self.chunk_size = chunk_size
        self.raw_leaves = raw_leaves
        self.cid_version = cid_version
        self.max_links = max_links
        self.pending = bytearray()
        self.levels = [[]]  # levels[k]: list of (cid, tsize, filesize) waiting for a parent at level k + 1
        self.leaf_count = 0
        self.blocks = []

    def _put(self, codec, data):
        digest = hashlib.sha256(data).digest()
        if self.cid_version == 0 and codec == CODEC_DAG_PB:
            binary = bytes([MH_SHA2_256, 32]) + digest
        else:
            binary = cid_bytes(codec, digest)
        self.blocks.append((binary, bytes(data)))
        return binary

    def _leaf(self, chunk):
        self.leaf_count += 1
        if self.raw_leaves:
            binary = self._put(CODEC_RAW, chunk)
            return (binary, len(chunk), len(chunk))
        node = encode_dag_pb([], encode_unixfs_file(len(chunk), [], chunk if chunk else None))
        return (self._put(CODEC_DAG_PB, node), len(node), len(chunk))

    def _branch(self, children):
        filesize = sum(c[2] for c in children)
        node = encode_dag_pb([(c[0], c[1]) for c in children],
                             encode_unixfs_file(filesize, [c[2] for c in children]))
        return (self._put(CODEC_DAG_PB, node), len(node) + sum(c[1] for c in children), filesize)

    def _push(self, level, entry):
        while len(self.levels) <= level:
            self.levels.append([])
        self.levels[level].append(entry)
        if len(self.levels[level]) == self.max_links:
            full = self.levels[level]
            self.levels[level] = []
            self._push(level + 1, self._branch(full))

    def update(self, data):
        self.pending += data
        while len(self.pending) > self.chunk_size:  # keep the last chunk: it may be the only one
            chunk = bytes(self.pending[:self.chunk_size])
            del self.pending[:self.chunk_size]
            self._push(0, self._leaf(chunk))

    def finish(self):
        """Returns (root binary cid, cumulative DAG size, file size)."""
        if self.pending or self.leaf_count == 0:
            self._push(0, self._leaf(bytes(self.pending)))
            self.pending = bytearray()
        level = 0
        while True:
            above_empty = all(not lvl for lvl in self.levels[level + 1:])
            if above_empty and len(self.levels[level]) == 1 and (level > 0 or self.leaf_count == 1):
                return self.levels[level][0]
            if self.levels[level]:
                group = self.levels[level]
                self.levels[level] = []
                while len(self.levels) <= level + 1:
                    self.levels.append([])
                self.levels[level + 1].append(self._branch(group))
            level += 1


def import_bytes(data, **kwargs):
    imp = Importer(**kwargs)
    imp.update(data)
    root = imp.finish()
    return root, imp.blocks


# ---------------------------------------------------------------------------------------------------------------------
# Block store and server
# ---------------------------------------------------------------------------------------------------------------------


class Store:
    def __init__(self, data_dir):
        self.dir = os.path.join(data_dir, "blocks")
        os.makedirs(self.dir, exist_ok=True)
        self.lock = threading.Lock()
        self.corrupt = set()

    def _path(self, binary):
        return os.path.join(self.dir, b32encode(binary))

    def _canonical(self, binary):
        """Blocks are keyed by CIDv1 so that a v0 and a v1 name of the same dag-pb block meet."""
        codec, code, digest = cid_parts(binary)
        return varint(1) + varint(codec) + varint(code) + varint(len(digest)) + digest

    def put(self, binary, data):
        path = self._path(self._canonical(binary))
        if not os.path.exists(path):
            tmp = path + ".tmp%d" % threading.get_ident()
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, path)

    def get(self, binary):
        codec, code, digest = cid_parts(binary)
        if code == MH_IDENTITY:
            return bytes(digest)
        canonical = self._canonical(binary)
        try:
            with open(self._path(canonical), "rb") as f:
                data = f.read()
        except FileNotFoundError:
            return None
        if canonical in self.corrupt:
            data = bytearray(data) if data else bytearray(b"\x00")
            data[len(data) // 2] ^= 0xFF
            data = bytes(data)
        return data

    def drop(self, binary):
        try:
            os.remove(self._path(self._canonical(binary)))
        except FileNotFoundError:
            pass

    def list(self):
        return sorted("b" + name for name in os.listdir(self.dir) if ".tmp" not in name)

    def dfs(self, root, seen=None):
        """Depth-first pre-order walk; yields (binary cid, bytes). Raises KeyError for a missing block.

        With a ``seen`` set, a block already yielded (by its canonical CID) is not yielded or walked again."""
        stack = [root]
        while stack:
            binary = stack.pop()
            if seen is not None:
                key = self._canonical(binary)
                if key in seen:
                    continue
                seen.add(key)
            data = self.get(binary)
            if data is None:
                raise KeyError(cid_string(binary))
            yield binary, data
            codec, _, _ = cid_parts(binary)
            if codec == CODEC_DAG_PB:
                try:
                    links, _ = decode_dag_pb(data)
                except ValueError:
                    links = []  # a corrupted block: serve it, the client must notice
                stack.extend(reversed([l for l in links if l is not None]))

    def cat(self, root):
        out = bytearray()
        for binary, data in self.dfs(root):
            codec, _, _ = cid_parts(binary)
            if codec == CODEC_RAW:
                out += data
            else:
                _, payload = decode_dag_pb(data)
                for number, _, value in decode_pb(payload or b""):
                    if number == 2:
                        out += value
        return bytes(out)


def car_section(block_cid, data):
    """One CARv1 section: varint(len(cid) + len(data)) | cid | data."""
    return varint(len(block_cid) + len(data)) + block_cid + data


def car_header(root):
    """DAG-CBOR {"roots": [tag 42 bytes(0x00 + cid)], "version": 1}, keys in length-first canonical order."""
    link = b"\x00" + root
    cbor = b"\xa2" + b"\x65roots" + b"\x81" + b"\xd8\x2a" + cbor_bytes_head(len(link)) + link + b"\x67version" + b"\x01"
    return varint(len(cbor)) + cbor


def cbor_bytes_head(n):
    if n < 24:
        return bytes([0x40 | n])
    if n < 256:
        return bytes([0x58, n])
    return bytes([0x59, n >> 8, n & 0xFF])


def parse_multipart(content_type, body):
    """Returns a list of (name, filename, bytes) for a multipart/form-data body (RFC 7578)."""
    params = {}
    for piece in content_type.split(";")[1:]:
        if "=" in piece:
            k, v = piece.strip().split("=", 1)
            params[k.lower()] = v.strip('"')
    boundary = params.get("boundary")
    if not boundary:
        raise ValueError("multipart body without boundary")
    delimiter = b"--" + boundary.encode()
    parts = []
    for raw in body.split(delimiter)[1:]:
        if raw.startswith(b"--"):
            break
        raw = raw[2:] if raw.startswith(b"\r\n") else raw
        head, _, content = raw.partition(b"\r\n\r\n")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        name = filename = None
        for line in head.decode("latin-1").split("\r\n"):
            if line.lower().startswith("content-disposition:"):
                for item in line.split(";")[1:]:
                    if "=" in item:
                        k, v = item.strip().split("=", 1)
                        v = urllib.parse.unquote(v.strip('"'))
                        if k == "name":
                            name = v
                        elif k == "filename":
                            filename = v
        parts.append((name, filename, content))
    return parts


class Handler(FakeHandler):
    server_version = "fake-ipfs/1"
    log_name = "fake_ipfs"

    def _rpc_error(self, message, status=500):
        body = json.dumps({"Message": message, "Code": 0, "Type": "error"}).encode() + b"\n"
        self._send(status, body, "application/json")

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _query(self):
        parsed = urllib.parse.urlsplit(self.path)
        return parsed.path, urllib.parse.parse_qs(parsed.query, keep_blank_values=True)

    @staticmethod
    def _flag(query, name, default):
        values = query.get(name)
        if not values:
            return default
        return values[-1].lower() in ("", "true", "1", "yes")

    # -- Kubo RPC ---------------------------------------------------------------------------------------------------

    def _count(self, path):
        with self.server.counts_lock:
            self.server.counts[path] = self.server.counts.get(path, 0) + 1

    def do_POST(self):
        path, query = self._query()
        store = self.server.store
        body = self._body()
        if path.startswith("/_test/"):
            return self._test_control(path, query)
        self._count(path)
        if path == "/api/v0/add":
            return self._add(query, body)
        if path == "/api/v0/dag/export":
            return self._dag_export(query)
        if path in ("/api/v0/cat", "/api/v0/block/get"):
            arg = (query.get("arg") or [""])[0]
            if arg.startswith("/ipfs/"):
                arg = arg[len("/ipfs/"):]
            try:
                binary = parse_cid(arg)
            except (ValueError, IndexError):
                return self._rpc_error("invalid path %r: invalid cid" % arg)
            try:
                if path == "/api/v0/cat":
                    data = store.cat(binary)
                else:
                    data = store.get(binary)
                    if data is None:
                        raise KeyError(arg)
            except KeyError as missing:
                return self._rpc_error("block was not found locally (offline): ipld: could not find %s" % missing)
            except ValueError as bad:
                return self._rpc_error("malformed dag: %s" % bad)
            return self._send(200, data, "application/octet-stream", {"X-Stream-Output": "1"})
        return self._rpc_error("404 page not found", 404)

    def _add(self, query, body):
        try:
            parts = parse_multipart(self.headers.get("Content-Type", ""), body)
        except ValueError as bad:
            return self._rpc_error("file argument 'path' is required: %s" % bad, 400)
        cid_version = int((query.get("cid-version") or ["0"])[0])
        raw_leaves = self._flag(query, "raw-leaves", cid_version == 1)
        chunker = (query.get("chunker") or ["size-%d" % DEFAULT_CHUNK])[0]
        if not chunker.startswith("size-"):
            return self._rpc_error("this fake supports only the size-N chunker")
        chunk_size = int(chunker[len("size-"):])
        quiet = self._flag(query, "quieter", False) or self._flag(query, "quiet", False)
        only_hash = self._flag(query, "only-hash", False)
        files = [p for p in parts if p[1] is not None or p[0] == "file"]
        if not files:
            return self._rpc_error("file argument 'path' is required", 400)
        lines = []
        for name, filename, content in files:
            importer = Importer(chunk_size=chunk_size, raw_leaves=raw_leaves, cid_version=cid_version)
            importer.update(content)
            root, tsize, _ = importer.finish()
            if not only_hash:
                for binary, data in importer.blocks:
                    self.server.store.put(binary, data)
            hash_text = cid_string(root)
            display = filename or hash_text
            lines.append({"Name": display, "Hash": hash_text, "Size": str(tsize)})
        if quiet:
            lines = lines[-1:]
        payload = b"".join(json.dumps(line).encode() + b"\n" for line in lines)
        self._send(200, payload, "application/json", {"X-Chunked-Output": "1"})

    def _dag_export(self, query):
        """Kubo's dag export: resolve the root first (500 before streaming), then stream the CAR chunked; an error
        during the walk ends the stream with an ``X-Stream-Error`` trailer (the status is already 200)."""
        store = self.server.store
        arg = (query.get("arg") or [""])[0]
        if arg.startswith("/ipfs/"):
            arg = arg[len("/ipfs/"):]
        try:
            binary = parse_cid(arg)
            cid_parts(binary)
        except (ValueError, IndexError):
            return self._rpc_error("invalid path %r: invalid cid" % arg)
        if store.get(binary) is None:
            return self._rpc_error("block was not found locally (offline): ipld: could not find %s" % arg)
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.ipld.car")
        self.send_header("X-Stream-Output", "1")
        self.send_header("Trailer", "X-Stream-Error")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

        def chunk(payload):
            self.wfile.write(b"%x\r\n" % len(payload) + payload + b"\r\n")

        error = None
        root = store._canonical(binary) if len(binary) != 34 else binary
        chunk(car_header(root))
        try:
            for block_cid, data in store.dfs(binary, seen=set()):
                chunk(car_section(block_cid, data))
        except KeyError as missing:
            error = "ipld: could not find %s" % missing.args[0]
        trailer = ("X-Stream-Error: %s\r\n" % error).encode() if error else b""
        self.wfile.write(b"0\r\n" + trailer + b"\r\n")
        self.wfile.flush()

    def _test_control(self, path, query):
        store = self.server.store
        if path == "/_test/requests":
            with self.server.counts_lock:
                counts = dict(self.server.counts)
            return self._send(200, json.dumps(counts, sort_keys=True).encode(), "application/json")
        arg = (query.get("cid") or [""])[0]
        try:
            binary = store._canonical(parse_cid(arg)) if arg else None
        except (ValueError, IndexError):
            return self._send(400, b"bad cid\n")
        if path == "/_test/corrupt" and binary:
            store.corrupt.add(binary)
        elif path == "/_test/uncorrupt" and binary:
            store.corrupt.discard(binary)
        elif path == "/_test/drop" and binary:
            store.drop(binary)
        else:
            return self._send(404, b"unknown test control\n")
        self._send(200, b"ok\n")

    # -- Trustless gateway ------------------------------------------------------------------------------------------

    def do_GET(self):
        path, query = self._query()
        if path == "/_test/blocks":
            return self._send(200, json.dumps(self.server.store.list()).encode(), "application/json")
        self._count(path if path.startswith("/api/v0/") else "/ipfs/")
        if path.startswith("/api/v0/"):
            return self._rpc_error("405 - Method Not Allowed", 405)
        if not path.startswith("/ipfs/"):
            return self._send(404, b"not found\n")
        rest = path[len("/ipfs/"):].strip("/")
        if "/" in rest:
            return self._send(501, b"path traversal is not supported by this fake\n")
        fmt = (query.get("format") or [""])[0]
        accept = self.headers.get("Accept", "")
        if fmt == "raw" or (not fmt and "application/vnd.ipld.raw" in accept):
            kind = "raw"
        elif fmt == "car" or (not fmt and "application/vnd.ipld.car" in accept):
            kind = "car"
        else:
            return self._send(406, b"trustless gateway: request application/vnd.ipld.raw or .car\n")
        try:
            binary = parse_cid(rest)
            cid_parts(binary)
        except (ValueError, IndexError):
            return self._send(400, b"invalid CID\n")
        store = self.server.store
        headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=29030400, immutable",
                   "Etag": '"%s.%s"' % (rest, kind), "X-Ipfs-Path": "/ipfs/" + rest}
        if kind == "raw":
            data = store.get(binary)
            if data is None:
                return self._send(404, b"block not found\n")
            headers["Content-Disposition"] = 'attachment; filename="%s.bin"' % rest
            return self._send(200, data, "application/vnd.ipld.raw", headers)
        try:
            sections = [car_header(store._canonical(binary) if len(binary) != 34 else binary)]
            for block_cid, data in store.dfs(binary):
                sections.append(car_section(block_cid, data))
        except KeyError:
            return self._send(404, b"block not found\n")
        headers["Content-Disposition"] = 'attachment; filename="%s.car"' % rest
        self._send(200, b"".join(sections), "application/vnd.ipld.car; version=1; order=dfs; dups=n", headers)

    do_HEAD = do_GET


def self_test():
    """Cross-checks this importer against aleph_cid (if installed) on a few sizes."""
    try:
        import aleph_cid
    except ImportError:
        print("aleph_cid not importable; skipped")
        return 0
    failures = 0
    for size in (0, 1, 1024, 262144, 262145, 1 << 20, 174 * 262144, 174 * 262144 + 1):
        data = hashlib.shake_256(b"fake-ipfs-%d" % size).digest(size) if size else b""
        (root, _, _), _ = import_bytes(data)
        hasher = aleph_cid.CidHasher.for_ipfs_v1_raw_leaves()
        hasher.update(data)
        expected = hasher.finalize()
        ok = cid_string(root) == expected
        failures += not ok
        print("%s size=%d ours=%s aleph=%s" % ("ok " if ok else "BAD", size, cid_string(root), expected))
        v0 = cid_string(import_bytes(data, raw_leaves=False, cid_version=0)[0][0])
        ok0 = v0 == aleph_cid.compute_cid(data)
        failures += not ok0
        print("%s size=%d v0 ours=%s" % ("ok " if ok0 else "BAD", size, v0))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--corrupt", action="append", default=[])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        sys.exit(self_test())
    if not args.data_dir:
        parser.error("--data-dir is required")

    def setup(server):
        server.store = Store(args.data_dir)
        server.verbose = args.verbose
        server.counts = {}
        server.counts_lock = threading.Lock()
        for text in args.corrupt:
            server.store.corrupt.add(server.store._canonical(parse_cid(text)))

    serve(Handler, args.host, args.port, setup)


if __name__ == "__main__":
    main()
