//! The map of the region: the bundled country outlines (Natural Earth, public domain), their
//! projection onto the screen or a page, where the labels go and the hatching of alerts. The app
//! (`ui::charts`) and the SVG export both draw from this, so they show the same map.
//!
//! The outlines are `assets/map/countries.bin`, built by `tools/map/build_map.py`; see
//! `assets/map/README.md` for the source, the licence and how to rebuild it. They are read and
//! triangulated once, the first time anything asks for them.

mod labels;
mod layout;
mod projection;

pub use labels::{Label, LabelBox, LabelWant, place_labels};
pub use layout::{MapLayout, hatch_segments, interior_point};
pub use projection::{Bounds, Projection};

use std::collections::HashMap;
use std::sync::OnceLock;

/// The bundled outlines.
const ASSET: &[u8] = include_bytes!("../../assets/map/countries.bin");
/// The attribution every map carries in its source line.
pub const ATTRIBUTION: &str = "Map: Natural Earth 1:50m (public domain)";

/// One polygon of a country: its outer ring and holes, in degrees, triangulated.
#[derive(Clone, Debug)]
pub struct Polygon {
    /// Every ring's points, one after another: the outer ring first, then the holes.
    pub points: Vec<[f32; 2]>,
    /// Where each ring starts in `points`, and where the last ends.
    pub rings: Vec<usize>,
    /// Triangles, as indices into `points`, three at a time.
    pub triangles: Vec<u32>,
    /// Bounds in degrees.
    pub bounds: Bounds,
    /// The outer ring's area in square degrees (not projected).
    pub area: f64,
}

impl Polygon {
    /// The rings, as slices of points.
    pub fn ring_slices(&self) -> impl Iterator<Item = &[[f32; 2]]> {
        self.rings.windows(2).map(|w| &self.points[w[0]..w[1]])
    }

    /// Whether (lon, lat) is inside (even-odd over every ring, so holes are outside).
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        if !self.bounds.contains(lon, lat) {
            return false;
        }
        let mut inside = false;
        for ring in self.ring_slices() {
            let mut j = ring.len().saturating_sub(1);
            for i in 0..ring.len() {
                let (xi, yi) = (f64::from(ring[i][0]), f64::from(ring[i][1]));
                let (xj, yj) = (f64::from(ring[j][0]), f64::from(ring[j][1]));
                if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
                    inside = !inside;
                }
                j = i;
            }
        }
        inside
    }
}

/// A country of the bundled map.
#[derive(Clone, Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code; empty for the few places Natural Earth gives none.
    pub code: String,
    /// Its name in Natural Earth.
    pub name: String,
    /// Whether it is drawn in detail (the area from Morocco to Pakistan).
    pub detailed: bool,
    /// Its polygons, the largest first.
    pub polygons: Vec<Polygon>,
    /// Bounds of every polygon.
    pub bounds: Bounds,
}

impl Country {
    /// Its largest polygon.
    pub fn largest(&self) -> Option<&Polygon> {
        self.polygons.first()
    }

    /// Whether (lon, lat) is inside one of its polygons.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.bounds.contains(lon, lat) && self.polygons.iter().any(|p| p.contains(lon, lat))
    }
}

/// Every country of the bundled map.
#[derive(Debug, Default)]
pub struct Atlas {
    /// The countries, in the asset's order.
    pub countries: Vec<Country>,
    by_code: HashMap<String, usize>,
}

impl Atlas {
    /// The country with an alpha-3 code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.index(code).map(|i| &self.countries[i])
    }

    /// The position of the country with an alpha-3 code.
    pub fn index(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// Points in every polygon (for the record: what a frame draws at most).
    pub fn points(&self) -> usize {
        self.countries
            .iter()
            .flat_map(|c| &c.polygons)
            .map(|p| p.points.len())
            .sum()
    }
}

/// What is wrong with a map asset.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AssetError {
    /// The file does not start with the format's name.
    #[error("not a Muscat map file (it does not start with MUSCATMAP1)")]
    Magic,
    /// It ends inside a record.
    #[error("the file ends in the middle of {0}")]
    Truncated(&'static str),
    /// A name or code is not text.
    #[error("a country's {0} is not UTF-8 text")]
    Text(&'static str),
}

/// Reads the asset's little-endian fields.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], AssetError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(AssetError::Truncated(what))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, AssetError> {
        Ok(self.take(1, what)?[0])
    }

    fn u16(&mut self, what: &'static str) -> Result<u16, AssetError> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn i16(&mut self, what: &'static str) -> Result<i16, AssetError> {
        let b = self.take(2, what)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }
}

/// The outer ring's signed area in square degrees.
fn ring_area(ring: &[[f32; 2]]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            f64::from(a[0]) * f64::from(b[1]) - f64::from(b[0]) * f64::from(a[1])
        })
        .sum::<f64>()
        / 2.0
}

/// Triangulate a polygon's rings (the first is the outer ring).
fn triangulate(points: &[[f32; 2]], rings: &[usize]) -> Vec<u32> {
    let flat: Vec<f64> = points
        .iter()
        .flat_map(|p| [f64::from(p[0]), f64::from(p[1])])
        .collect();
    let holes: Vec<usize> = rings
        .iter()
        .skip(1)
        .take(rings.len().saturating_sub(2))
        .copied()
        .collect();
    earcutr::earcut(&flat, &holes, 2)
        .map(|t| t.into_iter().map(|i| i as u32).collect())
        .unwrap_or_default()
}

/// Read and triangulate a map asset.
pub fn parse(bytes: &[u8]) -> Result<Atlas, AssetError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(10, "the header").map_err(|_| AssetError::Magic)? != b"MUSCATMAP1" {
        return Err(AssetError::Magic);
    }
    let n = r.u16("the country count")?;
    let mut atlas = Atlas::default();
    for _ in 0..n {
        let code = std::str::from_utf8(r.take(3, "a country code")?)
            .map_err(|_| AssetError::Text("code"))?;
        let code = if code == "---" { "" } else { code }.to_owned();
        let len = r.u8("a name")?;
        let name = std::str::from_utf8(r.take(usize::from(len), "a name")?)
            .map_err(|_| AssetError::Text("name"))?
            .to_owned();
        let detailed = r.u8("a country's flags")? & 1 == 1;
        let polys = r.u16("a polygon count")?;
        let mut polygons = Vec::with_capacity(usize::from(polys));
        for _ in 0..polys {
            let n_rings = r.u16("a ring count")?;
            let mut points = Vec::new();
            let mut rings = vec![0];
            for _ in 0..n_rings {
                let n_pts = r.u16("a point count")?;
                for _ in 0..n_pts {
                    let lon = f32::from(r.i16("a point")?) / 100.0;
                    let lat = f32::from(r.i16("a point")?) / 100.0;
                    points.push([lon, lat]);
                }
                rings.push(points.len());
            }
            if rings.len() < 2 || rings[1] < 3 {
                continue;
            }
            let bounds = Bounds::of(points[..rings[1]].iter().copied());
            let area = ring_area(&points[..rings[1]]).abs();
            let triangles = triangulate(&points, &rings);
            polygons.push(Polygon {
                points,
                rings,
                triangles,
                bounds,
                area,
            });
        }
        polygons.sort_by(|a, b| b.area.total_cmp(&a.area));
        let bounds = polygons
            .iter()
            .map(|p| p.bounds)
            .reduce(Bounds::union)
            .unwrap_or_default();
        if !code.is_empty() {
            atlas.by_code.insert(code.clone(), atlas.countries.len());
        }
        atlas.countries.push(Country {
            code,
            name,
            detailed,
            polygons,
            bounds,
        });
    }
    Ok(atlas)
}

/// Read and triangulate the bundled map (what `atlas` does once).
pub fn load_bundled() -> Result<Atlas, AssetError> {
    parse(ASSET)
}

/// The bundled map, read and triangulated on first use. A broken asset (which the tests would
/// catch before a release) gives an empty map rather than a crash.
pub fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| match load_bundled() {
        Ok(a) => a,
        Err(e) => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "muscat: the bundled map could not be read: {e}"
            );
            Atlas::default()
        }
    })
}

/// Whether the bundled map has a country with this ISO 3166-1 alpha-3 code.
pub fn has_code(code: &str) -> bool {
    atlas().index(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_asset_reads_and_every_polygon_is_triangulated() {
        let a = parse(ASSET).expect("asset");
        assert!(a.countries.len() > 200, "{}", a.countries.len());
        for c in &a.countries {
            for p in &c.polygons {
                assert!(
                    !p.triangles.is_empty(),
                    "{} has a polygon without triangles",
                    c.name
                );
                assert_eq!(p.triangles.len() % 3, 0);
                assert!(p.triangles.iter().all(|&i| (i as usize) < p.points.len()));
            }
        }
        // Iran's largest polygon holds Tehran (51.39° E, 35.69° N) and not Baghdad.
        let iran = a.country("IRN").expect("Iran");
        assert!(iran.contains(51.39, 35.69));
        assert!(!iran.contains(44.36, 33.31));
        assert!(a.country("IRQ").expect("Iraq").contains(44.36, 33.31));
    }

    #[test]
    fn a_damaged_asset_is_an_error_not_a_crash() {
        assert_eq!(parse(b"PNG").err(), Some(AssetError::Magic));
        for cut in [12, 15, 40, 200, ASSET.len() - 1] {
            assert!(
                matches!(parse(&ASSET[..cut]), Err(AssetError::Truncated(_))),
                "cut at {cut}"
            );
        }
    }
}
