//! A map laid out in a rectangle: the projection that fits the scenario's regions, the countries
//! in view, and where each region's label goes. The app and the SVG export both draw from it.

use super::labels::{Label, LabelBox, LabelWant, place_labels};
use super::{Atlas, Bounds, Polygon, Projection};

/// What the map shows when no region has a country the map knows: the Middle East.
const DEFAULT_VIEW: Bounds = Bounds {
    west: 25.0,
    south: 12.0,
    east: 63.0,
    north: 42.0,
};
/// The least the map shows, in degrees of longitude and latitude, so one small region (Lebanon)
/// is seen with its neighbours.
const MIN_SPAN: (f64, f64) = (16.0, 10.0);
/// The margin around the regions, as a share of their extent.
const MARGIN: f64 = 0.08;

/// A map in a rectangle.
#[derive(Clone, Debug)]
pub struct MapLayout {
    /// Longitude and latitude to the rectangle.
    pub projection: Projection,
    /// The rectangle.
    pub frame: LabelBox,
    /// Each region's countries, as positions in the atlas.
    pub regions: Vec<Vec<usize>>,
    /// The other countries in view, drawn for context.
    pub context: Vec<usize>,
    /// Each region's label (`None` for a region with nothing on the map).
    pub labels: Vec<Option<Label>>,
}

impl MapLayout {
    /// Lay out regions with these countries in `frame`; `label_size(i)` is the size of region
    /// `i`'s label.
    pub fn new(
        atlas: &Atlas,
        countries: &[&[String]],
        frame: LabelBox,
        label_size: impl Fn(usize) -> (f64, f64),
    ) -> Self {
        // A country is drawn once, with the first region that lists it.
        let mut claimed = std::collections::HashSet::new();
        let regions: Vec<Vec<usize>> = countries
            .iter()
            .map(|codes| {
                codes
                    .iter()
                    .filter_map(|c| atlas.index(c))
                    .filter(|&i| claimed.insert(i))
                    .collect()
            })
            .collect();
        let fit = regions
            .iter()
            .flatten()
            .filter_map(|&c| atlas.countries[c].largest().map(|p| p.bounds))
            .reduce(Bounds::union)
            .unwrap_or(DEFAULT_VIEW);
        let fit = widen(fit);
        let projection = Projection::fit(fit, frame.x, frame.y, frame.w, frame.h, MARGIN);
        let visible = projection.visible(frame.x, frame.y, frame.w, frame.h);
        let context = atlas
            .countries
            .iter()
            .enumerate()
            .filter(|(i, c)| !claimed.contains(i) && c.bounds.overlaps(&visible))
            .map(|(i, _)| i)
            .collect();
        let k = projection.scale();
        // Regions with nothing on the map (no known country) get no label; the chart's note
        // names their codes.
        let wants: Vec<(usize, LabelWant)> = regions
            .iter()
            .enumerate()
            .filter_map(|(i, cs)| {
                let polys = cs.iter().flat_map(|&c| &atlas.countries[c].polygons);
                let largest = polys.clone().max_by(|a, b| a.area.total_cmp(&b.area))?;
                let area: f64 = polys.map(|p| p.area).sum::<f64>() * k * k;
                let (lon, lat) = interior_point(largest);
                let b = largest.bounds;
                let (x0, y0) = projection.project(b.west, b.north);
                let (x1, y1) = projection.project(b.east, b.south);
                Some((
                    i,
                    LabelWant {
                        anchor: projection.project(lon, lat),
                        room: LabelBox {
                            x: x0,
                            y: y0,
                            w: x1 - x0,
                            h: y1 - y0,
                        },
                        size: label_size(i),
                        area,
                    },
                ))
            })
            .collect();
        let placed = place_labels(&wants.iter().map(|(_, w)| *w).collect::<Vec<_>>(), frame);
        let mut labels = vec![None; regions.len()];
        for ((i, _), l) in wants.iter().zip(placed) {
            labels[*i] = Some(l);
        }
        Self {
            projection,
            frame,
            regions,
            context,
            labels,
        }
    }

    /// The region under a point of the rectangle.
    pub fn region_at(&self, atlas: &Atlas, x: f64, y: f64) -> Option<usize> {
        let (lon, lat) = self.projection.invert(x, y);
        self.regions.iter().position(|cs| {
            cs.iter()
                .any(|&c| atlas.countries.get(c).is_some_and(|c| c.contains(lon, lat)))
        })
    }
}

/// Make a box at least `MIN_SPAN` in each direction, about its centre.
fn widen(b: Bounds) -> Bounds {
    let (cx, cy) = ((b.west + b.east) / 2.0, (b.south + b.north) / 2.0);
    let half_w = ((b.east - b.west) / 2.0).max(MIN_SPAN.0 / 2.0);
    let half_h = ((b.north - b.south) / 2.0).max(MIN_SPAN.1 / 2.0);
    Bounds {
        west: cx - half_w,
        east: cx + half_w,
        south: (cy - half_h).max(-85.0),
        north: (cy + half_h).min(85.0),
    }
}

/// A point well inside a polygon, for its label: the centroid of its outer ring if that is
/// inside, otherwise the middle of the widest stretch across it at the centroid's latitude.
pub fn interior_point(p: &Polygon) -> (f64, f64) {
    let ring = p.ring_slices().next().unwrap_or(&[]);
    let n = ring.len();
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (x0, y0) = (f64::from(ring[i][0]), f64::from(ring[i][1]));
        let (x1, y1) = (
            f64::from(ring[(i + 1) % n][0]),
            f64::from(ring[(i + 1) % n][1]),
        );
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    let centroid = if a.abs() > 1e-12 {
        (cx / (3.0 * a), cy / (3.0 * a))
    } else {
        (
            (p.bounds.west + p.bounds.east) / 2.0,
            (p.bounds.south + p.bounds.north) / 2.0,
        )
    };
    if p.contains(centroid.0, centroid.1) {
        return centroid;
    }
    // Crossings of the ring at the centroid's latitude, paired left to right.
    let lat = centroid.1;
    let mut xs: Vec<f64> = (0..n)
        .filter_map(|i| {
            let (x0, y0) = (f64::from(ring[i][0]), f64::from(ring[i][1]));
            let (x1, y1) = (
                f64::from(ring[(i + 1) % n][0]),
                f64::from(ring[(i + 1) % n][1]),
            );
            ((y0 > lat) != (y1 > lat)).then(|| x0 + (lat - y0) * (x1 - x0) / (y1 - y0))
        })
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.chunks_exact(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .map_or(centroid, |w| ((w[0] + w[1]) / 2.0, lat))
}

/// Diagonal hatch lines (45°, rising to the right on screen) filling some rings, even-odd, as
/// segments: `spacing` apart, measured across the lines.
pub fn hatch_segments<'a>(
    rings: impl IntoIterator<Item = &'a [(f64, f64)]>,
    spacing: f64,
) -> Vec<[(f64, f64); 2]> {
    // Lines of constant u = x + y; v = x − y runs along each.
    let step = spacing * std::f64::consts::SQRT_2;
    let mut hits: std::collections::BTreeMap<i64, Vec<f64>> = std::collections::BTreeMap::new();
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (x0, y0) = ring[i];
            let (x1, y1) = ring[(i + 1) % n];
            let (u0, u1) = (x0 + y0, x1 + y1);
            if u0 == u1 {
                continue;
            }
            let (lo, hi) = (u0.min(u1), u0.max(u1));
            let first = (lo / step).ceil() as i64;
            let last = (hi / step).floor() as i64;
            for c in first..=last {
                let u = c as f64 * step;
                // Half-open, so a line through a vertex counts it once.
                if u == hi {
                    continue;
                }
                let t = (u - u0) / (u1 - u0);
                let v = (x0 - y0) + t * ((x1 - y1) - (x0 - y0));
                hits.entry(c).or_default().push(v);
            }
        }
    }
    let mut out = Vec::new();
    for (c, mut vs) in hits {
        let u = c as f64 * step;
        vs.sort_by(f64::total_cmp);
        for pair in vs.chunks_exact(2) {
            let at = |v: f64| ((u + v) / 2.0, (u - v) / 2.0);
            out.push([at(pair[0]), at(pair[1])]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hatching_stays_inside_a_square_with_a_hole() {
        let outer = [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)];
        let hole = [(40.0, 40.0), (60.0, 40.0), (60.0, 60.0), (40.0, 60.0)];
        let segs = hatch_segments([&outer[..], &hole[..]], 10.0);
        assert!(!segs.is_empty());
        for [a, b] in &segs {
            for (x, y) in [a, b] {
                assert!((-1e-9..=100.0 + 1e-9).contains(x) && (-1e-9..=100.0 + 1e-9).contains(y));
            }
            // No segment crosses the hole's middle.
            let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
            assert!(!((41.0..59.0).contains(&mid.0) && (41.0..59.0).contains(&mid.1)));
            // 45°: x + y is the same at both ends.
            assert!(((a.0 + a.1) - (b.0 + b.1)).abs() < 1e-9);
        }
        // The line nearest the centre's diagonal (x + y = 100) is cut in two by the hole.
        let step = 10.0 * std::f64::consts::SQRT_2;
        let u = (100.0 / step).round() * step;
        let through = segs
            .iter()
            .filter(|[a, _]| (a.0 + a.1 - u).abs() < 1e-6)
            .count();
        assert_eq!(through, 2);
    }
}
