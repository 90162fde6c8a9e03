"""A minimal zip writer that reuses compressed bytes, so a template's static parts are
deflated once per process instead of once per document."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest date a zip entry can hold
_DOS_TIME = 0
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sBBHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")


@dataclass(frozen=True)
class Member:
    """One compressed zip entry, ready to be written any number of times."""

    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate stream

    @classmethod
    def deflate(cls, name: str, content: bytes, level: int = 6) -> Member:
        """Compress ``content`` as the entry ``name``."""
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = packer.compress(content) + packer.flush()
        return cls(name.encode("utf-8"), zlib.crc32(content), len(content), data)


def write_zip(members: list[Member]) -> bytes:
    """A complete zip archive of ``members``, in order, with fixed entry times."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    flags = 0x800  # names are UTF-8
    for m in members:
        header = _LOCAL.pack(
            b"PK\x03\x04",
            20,
            flags,
            8,
            _DOS_TIME,
            _DOS_DATE,
            m.crc,
            len(m.data),
            m.size,
            len(m.name),
            0,
        )
        out += (header, m.name, m.data)
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                20,
                3,
                20,
                flags,
                8,
                _DOS_TIME,
                _DOS_DATE,
                m.crc,
                len(m.data),
                m.size,
                len(m.name),
                0,
                0,
                0,
                0,
                0o100644 << 16,
                offset,
            )
            + m.name
        )
        offset += len(header) + len(m.name) + len(m.data)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(out) + directory + end
