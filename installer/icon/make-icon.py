#!/usr/bin/env python3
"""Draws the ResLens icon (a lens over a slice with a bright spot) and writes it for the three installers:
reslens.png (Linux, 256 px), reslens.ico (Windows, 16-256 px) and reslens.icns (macOS, 128-512 px).

Standard library only, so any python3 regenerates it: python3 installer/icon/make-icon.py
The files it writes are committed; the installer build does not run this script.
"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SUPERSAMPLE = 4  # samples per pixel along each axis, for smooth edges

BACKGROUND = (24, 44, 72)      # dark slate blue
SLICE = (120, 132, 146)        # grey disc: the "slice" behind the lens
LENS_RIM = (236, 240, 244)
SPOT = (255, 122, 40)          # the finding, in the heatmap's warm colour


def coverage_rounded_square(x, y, radius):
    """1 inside the unit square with rounded corners, else 0 (x, y in 0..1)."""
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return 1.0 if (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 else 0.0


def inside_circle(x, y, cx, cy, r):
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def near_segment(x, y, ax, ay, bx, by, half_width):
    vx, vy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)))
    px, py = ax + t * vx, ay + t * vy
    return (x - px) ** 2 + (y - py) ** 2 <= half_width * half_width


def sample(x, y):
    """RGBA colour of the icon at (x, y) in 0..1, before anti-aliasing."""
    if not coverage_rounded_square(x, y, 0.18):
        return (0, 0, 0, 0)
    colour = BACKGROUND
    if inside_circle(x, y, 0.5, 0.5, 0.36):
        colour = SLICE
    lens_x, lens_y, lens_r = 0.42, 0.42, 0.22
    if inside_circle(x, y, lens_x, lens_y, lens_r):
        colour = tuple(min(255, int(c * 1.25)) for c in SLICE)  # magnified: a little brighter
        if inside_circle(x, y, lens_x + 0.04, lens_y + 0.03, 0.075):
            colour = SPOT
    if inside_circle(x, y, lens_x, lens_y, lens_r + 0.035) and not inside_circle(x, y, lens_x, lens_y, lens_r):
        colour = LENS_RIM
    d = 1 / math.sqrt(2)
    hx, hy = lens_x + (lens_r + 0.02) * d, lens_y + (lens_r + 0.02) * d
    if near_segment(x, y, hx, hy, 0.84, 0.84, 0.045):
        colour = LENS_RIM
    return colour + (255,)


def render(size):
    rows = []
    n = SUPERSAMPLE
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(n):
                for sx in range(n):
                    r, g, b, a = sample((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            alpha = acc[3] / (n * n)
            if acc[3] == 0:
                row += bytes(4)
            else:
                row += bytes((round(acc[0] / acc[3]), round(acc[1] / acc[3]), round(acc[2] / acc[3]), round(alpha)))
        rows.append(bytes(row))
    return rows


def png(size):
    raw = b"".join(b"\x00" + r for r in render(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def ico(images):
    """Windows .ico holding PNG images (allowed since Vista); a size of 256 is written as 0."""
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    body = b""
    for size, data in images:
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset + len(body))
        body += data
    return out + body


def icns(images):
    """macOS .icns with PNG payloads: ic07 = 128, ic08 = 256, ic09 = 512 pixels."""
    kinds = {128: b"ic07", 256: b"ic08", 512: b"ic09"}
    body = b"".join(kinds[size] + struct.pack(">I", 8 + len(data)) + data for size, data in images)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main():
    pngs = {size: png(size) for size in (16, 32, 48, 128, 256, 512)}
    with open(os.path.join(HERE, "reslens.png"), "wb") as f:
        f.write(pngs[256])
    with open(os.path.join(HERE, "reslens.ico"), "wb") as f:
        f.write(ico([(s, pngs[s]) for s in (16, 32, 48, 256)]))
    with open(os.path.join(HERE, "reslens.icns"), "wb") as f:
        f.write(icns([(s, pngs[s]) for s in (128, 256, 512)]))


if __name__ == "__main__":
    main()
