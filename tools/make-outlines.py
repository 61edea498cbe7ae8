#!/usr/bin/env python3
"""make-outlines.py — turn the shared province and district boundaries into
Hamahang's own compact map outlines.

Usage (from the repository root; `make data` runs it):

    python3 tools/make-outlines.py ../shared/data

Reads (under the shared data folder):
    geo/afg-adm1-agcho2018-simplified.topojson   34 provinces (AGCHO 2018)
    geo/afg-adm2-agcho2018-simplified.topojson   399 districts (AGCHO 2018)
and data/places.csv of this repository (the gazetteer the program uses).

Writes data/outlines.csv (UTF-8, LF, header row, sorted by p-code), one row
per province and district of data/places.csv:

    pcode       the place
    level       1 province, 2 district
    shown_as    the p-code whose outline stands for this place: itself, or,
                for a district created after 2018 that has no outline of
                its own, its province
    min_x, min_y, max_x, max_y
                the bounding box of the outline, in map units
    label_x, label_y
                a point inside the outline where its figure is written
    path        SVG path data in map units: "M x y l dx dy dx dy ... z",
                one subpath per ring (holes included; draw with
                fill-rule evenodd); empty when shown_as is another place

How: the TopoJSON arcs are decoded and each arc is simplified once with
Douglas-Peucker, so that two neighbours keep the very same border (no gaps,
no overlaps). Coordinates are projected equirectangularly with the scale of
longitude taken at 34 degrees north (the middle of the country), then
quantized to whole map units: SCALE units per degree of latitude, the
origin at the north-west corner of the country. Provinces are simplified
for the country map, districts more finely because they are drawn one
province at a time.

The 2018 boundaries know 399 districts; the gazetteer (2021 p-codes) has
401. The 2018 feature AF2409 (Gizab, then in Daykundi) is the 2021 AF2507
Gizab (now in Uruzgan); AF2409 Patoo and AF2506 Chinarto have no outline
and are shown as their province. The script stops with a message and exit
status 1 when a place of the gazetteer is neither drawn nor explained.

Python 3 standard library only; the output is deterministic.
"""

import csv
import json
import math
import os
import sys

SCALE = 800.0                  # map units per degree of latitude
MID_LATITUDE = 34.0            # where the longitude scale is taken
PROVINCE_TOLERANCE = 14.0      # Douglas-Peucker tolerance, map units (~2 km)
DISTRICT_TOLERANCE = 3.0       # (~0.4 km)
MIN_RING_AREA = 4.0            # rings smaller than this (square map units) are dropped

# 2018 feature p-code -> 2021 gazetteer p-code, where they differ.
RENAMED_2018 = {"AF2409": "AF2507"}
# Districts of 2021 with no 2018 outline: shown as their province.
NO_OUTLINE = {"AF2409", "AF2506"}

ADM1 = "geo/afg-adm1-agcho2018-simplified.topojson"
ADM2 = "geo/afg-adm2-agcho2018-simplified.topojson"


def die(msg):
    sys.stderr.write("make-outlines: " + msg + "\n")
    sys.exit(1)


def load_topology(path):
    try:
        with open(path, encoding="utf-8") as f:
            topo = json.load(f)
    except (OSError, ValueError) as e:
        die("cannot read %s: %s" % (path, e))
    if topo.get("type") != "Topology" or "transform" not in topo:
        die("%s is not a quantized TopoJSON topology" % path)
    return topo


def project(lon, lat, origin):
    k = math.cos(math.radians(MID_LATITUDE))
    return ((lon - origin[0]) * k * SCALE, (origin[1] - lat) * SCALE)


def decode_arcs(topo):
    """Every arc as a list of (lon, lat)."""
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


def seg_dist(p, a, b):
    ax, ay = a
    bx, by = b
    px, py = p
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(pts, tol):
    """Keeps the endpoints; iterative, so long arcs do not recurse deeply."""
    if len(pts) < 3:
        return list(pts)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, where = -1.0, -1
        for k in range(i + 1, j):
            d = seg_dist(pts[k], pts[i], pts[j])
            if d > best:
                best, where = d, k
        if where >= 0 and best > tol:
            keep[where] = True
            stack.append((i, where))
            stack.append((where, j))
    return [p for p, k in zip(pts, keep) if k]


def simplify_arc(pts, tol):
    """A closed arc (first point = last) is cut at its farthest point from
    the start, so each half has two distinct endpoints."""
    if len(pts) > 3 and pts[0] == pts[-1]:
        far = max(range(len(pts)), key=lambda k: math.hypot(pts[k][0] - pts[0][0], pts[k][1] - pts[0][1]))
        a = douglas_peucker(pts[: far + 1], tol)
        b = douglas_peucker(pts[far:], tol)
        return a + b[1:]
    return douglas_peucker(pts, tol)


def projected_arcs(topo, tol, origin):
    out = []
    for arc in decode_arcs(topo):
        pts = [project(lon, lat, origin) for lon, lat in arc]
        out.append([(round(x), round(y)) for x, y in simplify_arc(pts, tol)])
    return out


def ring_points(ring_arcs, arcs):
    pts = []
    for index in ring_arcs:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        for p in arc if not pts else arc[1:]:
            if not pts or p != pts[-1]:
                pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    return pts


def ring_area(pts):
    s = 0
    for i in range(len(pts)):
        x1, y1 = pts[i]
        x2, y2 = pts[(i + 1) % len(pts)]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    die("unexpected geometry type %s" % geometry["type"])


def inside(pt, rings):
    """Even-odd rule over every ring."""
    x, y = pt
    c = False
    for ring in rings:
        n = len(ring)
        for i in range(n):
            x1, y1 = ring[i]
            x2, y2 = ring[(i + 1) % n]
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                c = not c
    return c


def label_point(rings):
    """The middle of the widest inside stretch of a few horizontal lines
    through the largest ring: inside the shape, away from its edges."""
    outer = max(rings, key=lambda r: abs(ring_area(r)))
    ys = [p[1] for p in outer]
    y0, y1 = min(ys), max(ys)
    best = None
    for step in range(1, 10):
        y = y0 + (y1 - y0) * step / 10.0 + 0.5
        xs = []
        for ring in rings:
            n = len(ring)
            for i in range(n):
                ax, ay = ring[i]
                bx, by = ring[(i + 1) % n]
                if (ay > y) != (by > y):
                    xs.append(ax + (y - ay) * (bx - ax) / (by - ay))
        xs.sort()
        for i in range(0, len(xs) - 1, 2):
            width = xs[i + 1] - xs[i]
            # prefer stretches near the middle height
            score = width * (1.0 - abs(step - 5) / 10.0)
            if best is None or score > best[0]:
                best = (score, (xs[i] + xs[i + 1]) / 2.0, y)
    if best is None:
        return outer[0]
    return (round(best[1]), round(best[2]))


def path_data(rings):
    parts = []
    for ring in rings:
        x, y = ring[0]
        seg = ["M%d %d" % (x, y)]
        rel = []
        for px, py in ring[1:]:
            dx, dy = px - x, py - y
            rel.append("%d%s%d" % (dx, "" if dy < 0 else " ", dy))
            x, y = px, py
        seg.append("l" + " ".join(rel) + "z")
        parts.append("".join(seg))
    # "1 -2" is written "1-2": a minus sign separates numbers in SVG path data
    return "".join(parts)


def shapes(topo, object_name, code_field, tol, origin):
    arcs = projected_arcs(topo, tol, origin)
    out = {}
    for g in topo["objects"][object_name]["geometries"]:
        code = g["properties"][code_field]
        rings = []
        for polygon in polygons_of(g):
            for ring_arcs in polygon:
                pts = ring_points(ring_arcs, arcs)
                if len(pts) >= 3 and abs(ring_area(pts)) >= MIN_RING_AREA:
                    rings.append(pts)
        if not rings:
            die("%s: %s vanished when simplified; lower the tolerance" % (object_name, code))
        out[code] = rings
    return out


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    adm1 = load_topology(os.path.join(shared, ADM1))
    adm2 = load_topology(os.path.join(shared, ADM2))

    # The north-west corner of the country: the origin of the map.
    lon0 = adm1["transform"]["translate"][0]
    lat_top = max(lat for arc in decode_arcs(adm1) for _, lat in arc)
    origin = (lon0, lat_top)

    provinces = shapes(adm1, "afg_admbnda_adm1_agcho_20180522", "ADM1_PCODE", PROVINCE_TOLERANCE, origin)
    districts = {}
    for code, rings in shapes(adm2, "afg_admbnda_adm2_agcho_20180522", "ADM2_PCODE", DISTRICT_TOLERANCE, origin).items():
        districts[RENAMED_2018.get(code, code)] = rings

    places = []
    with open(os.path.join(root, "data", "places.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["level"] in ("1", "2"):
                places.append(row)

    rows = []
    for p in places:
        code, level, parent = p["pcode"], p["level"], p["parent_pcode"]
        drawn = provinces if level == "1" else districts
        if code in drawn:
            rings = drawn[code]
            shown_as = code
        elif level == "2" and code in NO_OUTLINE:
            rings = None
            shown_as = parent
        else:
            die("place %s has no outline and no reason for it" % code)
        if rings:
            xs = [x for r in rings for x, _ in r]
            ys = [y for r in rings for _, y in r]
            lx, ly = label_point(rings)
            rows.append([code, level, shown_as, min(xs), min(ys), max(xs), max(ys), lx, ly, path_data(rings)])
        else:
            shape = provinces[parent]
            xs = [x for r in shape for x, _ in r]
            ys = [y for r in shape for _, y in r]
            lx, ly = label_point(shape)
            rows.append([code, level, shown_as, min(xs), min(ys), max(xs), max(ys), lx, ly, ""])
    unused = set(districts) - {p["pcode"] for p in places}
    if unused:
        die("outlines without a place: %s" % ", ".join(sorted(unused)))

    rows.sort(key=lambda r: r[0])
    out_path = os.path.join(root, "data", "outlines.csv")
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["pcode", "level", "shown_as", "min_x", "min_y", "max_x", "max_y", "label_x", "label_y", "path"])
        w.writerows(rows)
    size = os.path.getsize(out_path)
    sys.stderr.write("make-outlines: %d provinces, %d districts, %d bytes\n"
                     % (sum(1 for r in rows if r[1] == "1"), sum(1 for r in rows if r[1] == "2"), size))


if __name__ == "__main__":
    main()
