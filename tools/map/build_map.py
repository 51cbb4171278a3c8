#!/usr/bin/env python3
"""Build Muscat's map asset, assets/map/countries.bin, from Natural Earth country outlines.

Source: the npm package world-atlas 2.0.2 (Natural Earth 1:50m admin-0 countries, as TopoJSON).
Country codes: ISO 3166-1 numeric ids mapped to alpha-3 with the pycountry package.

To regenerate (needs network access to npm and PyPI once):

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 -m pip install --target /tmp/pylib pycountry
    PYTHONPATH=/tmp/pylib python3 tools/map/build_map.py /tmp/package/countries-50m.json

The shared borders of the TopoJSON are simplified once per arc (Douglas-Peucker), finely from
Morocco to Pakistan and from Turkey to Yemen and coarsely elsewhere, so neighbours still meet.

Format (little-endian):
    b"MUSCATMAP1", u16 country count; per country: 3 ASCII bytes alpha-3 code ("---" when the
    country has no ISO code), u8 name length, name (UTF-8), u8 flags (1: detailed), u16 polygon
    count; per polygon: u16 ring count (the outer ring first, then holes); per ring: u16 point
    count, then each point as i16 longitude and i16 latitude in hundredths of a degree.
"""

import json
import math
import struct
import sys

import pycountry

# The detailed area: Morocco to Pakistan, Turkey to Yemen, with a margin for context.
FOCUS = (-20.0, 5.0, 80.0, 47.0)  # west, south, east, north
FINE = 0.02  # degrees: about 2 km, under a pixel at the widest regional view
COARSE = 0.25
MIN_AREA_FOCUS = 0.002  # square degrees: islands smaller than this are dropped
MIN_AREA_REST = 0.4
OUT = "assets/map/countries.bin"


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def in_focus(pts):
    w, s, e, n = FOCUS
    return any(w <= x <= e and s <= y <= n for x, y in pts)


def seg_dist(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    d2 = dx * dx + dy * dy
    if d2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / d2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def dp(pts, tol):
    if len(pts) < 3:
        return list(pts)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, at = -1.0, -1
        for k in range(i + 1, j):
            d = seg_dist(pts[k], pts[i], pts[j])
            if d > best:
                best, at = d, k
        if at >= 0 and best > tol:
            keep[at] = True
            stack.append((i, at))
            stack.append((at, j))
    return [p for p, k in zip(pts, keep) if k]


def simplify(arc, tol):
    if len(arc) > 3 and arc[0] == arc[-1]:
        # A closed arc (an island): split at the point farthest from its start.
        far = max(range(len(arc)), key=lambda k: math.hypot(arc[k][0] - arc[0][0], arc[k][1] - arc[0][1]))
        return dp(arc[: far + 1], tol)[:-1] + dp(arc[far:], tol)
    return dp(arc, tol)


def ring_points(ring, arcs):
    out = []
    for idx in ring:
        pts = arcs[idx] if idx >= 0 else list(reversed(arcs[~idx]))
        out.extend(pts if not out else pts[1:])
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def area(pts):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]))) / 2


def quantise(pts):
    out = []
    for x, y in pts:
        q = (round(x * 100), round(y * 100))
        if not out or out[-1] != q:
            out.append(q)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def alpha3(numeric):
    if numeric is None:
        return "---"
    c = pycountry.countries.get(numeric=numeric)
    return c.alpha_3 if c else "---"


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "countries-50m.json"
    topo = json.load(open(src, encoding="utf-8"))
    raw = decode_arcs(topo)
    arcs = [simplify(a, FINE if in_focus(a) else COARSE) for a in raw]
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        code = alpha3(g.get("id"))
        name = g["properties"]["name"]
        if code == "ATA":
            continue  # Antarctica: never in view
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["type"] == "Polygon" else []
        full = [[ring_points(r, raw) for r in p] for p in polys]
        detailed = any(in_focus(ring) for p in full for ring in p)
        min_area = MIN_AREA_FOCUS if detailed else MIN_AREA_REST
        largest = max(range(len(full)), key=lambda i: area(full[i][0])) if full else -1
        out_polys = []
        for i, p in enumerate(polys):
            if i != largest and area(full[i][0]) < min_area:
                continue
            rings = []
            for j, r in enumerate(p):
                q = quantise(ring_points(r, arcs))
                if len(q) < 3:
                    # Simplified away: the largest polygon's outer ring keeps its full shape.
                    if i == largest and j == 0:
                        q = quantise(full[i][0])
                    if len(q) < 3:
                        if j == 0:
                            break
                        continue
                rings.append(q)
            if rings:
                out_polys.append(rings)
        if out_polys:
            countries.append((code, name, detailed, out_polys))
    buf = bytearray(b"MUSCATMAP1")
    buf += struct.pack("<H", len(countries))
    for code, name, detailed, polys in countries:
        n = name.encode("utf-8")
        buf += code.encode("ascii") + struct.pack("<B", len(n)) + n
        buf += struct.pack("<BH", 1 if detailed else 0, len(polys))
        for rings in polys:
            buf += struct.pack("<H", len(rings))
            for ring in rings:
                buf += struct.pack("<H", len(ring))
                for x, y in ring:
                    buf += struct.pack("<hh", x, y)
    with open(OUT, "wb") as f:
        f.write(buf)
    points = sum(len(r) for _, _, _, ps in countries for p in ps for r in p)
    print(f"{OUT}: {len(countries)} countries, {points} points, {len(buf)} bytes")


if __name__ == "__main__":
    main()
