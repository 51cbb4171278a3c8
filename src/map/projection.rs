//! The map's projection: equirectangular, with east–west distances scaled by the cosine of the
//! central latitude, so that shapes around that latitude keep their proportions (Iran looks like
//! Iran). It fits a box of longitudes and latitudes into a rectangle, with a margin.

/// A box of longitudes and latitudes, in degrees.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bounds {
    /// West edge.
    pub west: f64,
    /// South edge.
    pub south: f64,
    /// East edge.
    pub east: f64,
    /// North edge.
    pub north: f64,
}

impl Bounds {
    /// The bounds of some points given as [lon, lat].
    pub fn of(points: impl IntoIterator<Item = [f32; 2]>) -> Self {
        let mut b = Self {
            west: f64::INFINITY,
            south: f64::INFINITY,
            east: f64::NEG_INFINITY,
            north: f64::NEG_INFINITY,
        };
        for [x, y] in points {
            let (x, y) = (f64::from(x), f64::from(y));
            b.west = b.west.min(x);
            b.east = b.east.max(x);
            b.south = b.south.min(y);
            b.north = b.north.max(y);
        }
        if b.west > b.east { Self::default() } else { b }
    }

    /// The box holding both.
    pub fn union(self, o: Self) -> Self {
        Self {
            west: self.west.min(o.west),
            south: self.south.min(o.south),
            east: self.east.max(o.east),
            north: self.north.max(o.north),
        }
    }

    /// Whether the point is inside or on the edge.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.west..=self.east).contains(&lon) && (self.south..=self.north).contains(&lat)
    }

    /// Whether two boxes overlap.
    pub fn overlaps(&self, o: &Self) -> bool {
        self.west <= o.east && o.west <= self.east && self.south <= o.north && o.south <= self.north
    }
}

/// Longitude and latitude to a rectangle's coordinates (x to the right, y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    /// The central longitude and latitude.
    centre: (f64, f64),
    /// cos(central latitude).
    cos: f64,
    /// Units per degree of latitude.
    k: f64,
    /// Where the centre lands.
    origin: (f64, f64),
}

impl Projection {
    /// The projection that fits `b` into the rectangle at (`left`, `top`) of size `w` × `h`,
    /// leaving `margin` (a share of the box's size) around it, centred.
    pub fn fit(b: Bounds, left: f64, top: f64, w: f64, h: f64, margin: f64) -> Self {
        let centre = ((b.west + b.east) / 2.0, (b.south + b.north) / 2.0);
        let cos = centre.1.to_radians().cos().clamp(0.2, 1.0);
        let span_x = ((b.east - b.west) * cos).max(1.0) * (1.0 + 2.0 * margin);
        let span_y = (b.north - b.south).max(1.0) * (1.0 + 2.0 * margin);
        let k = (w.max(1.0) / span_x).min(h.max(1.0) / span_y);
        Self {
            centre,
            cos,
            k,
            origin: (left + w / 2.0, top + h / 2.0),
        }
    }

    /// The point (lon, lat) in the rectangle.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.origin.0 + (lon - self.centre.0) * self.cos * self.k,
            self.origin.1 - (lat - self.centre.1) * self.k,
        )
    }

    /// The (lon, lat) at a point of the rectangle.
    pub fn invert(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.centre.0 + (x - self.origin.0) / (self.cos * self.k),
            self.centre.1 - (y - self.origin.1) / self.k,
        )
    }

    /// The part of the world the rectangle (`left`, `top`, `w`, `h`) shows.
    pub fn visible(&self, left: f64, top: f64, w: f64, h: f64) -> Bounds {
        let (west, north) = self.invert(left, top);
        let (east, south) = self.invert(left + w, top + h);
        Bounds {
            west,
            south,
            east,
            north,
        }
    }

    /// Units per degree of latitude.
    pub fn scale(&self) -> f64 {
        self.k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_fits_centred_and_points_come_back() {
        let b = Bounds {
            west: 30.0,
            south: 10.0,
            east: 60.0,
            north: 40.0,
        };
        let p = Projection::fit(b, 0.0, 0.0, 1000.0, 500.0, 0.0);
        // 30° of latitude fill the height; 30° of longitude at 25° N are 30·cos 25° wide.
        let (x0, y0) = p.project(30.0, 40.0);
        let (x1, y1) = p.project(60.0, 10.0);
        assert!((y0 - 0.0).abs() < 1e-9 && (y1 - 500.0).abs() < 1e-9);
        let width = 500.0 / 30.0 * 30.0 * 25f64.to_radians().cos();
        assert!((x1 - x0 - width).abs() < 1e-9);
        assert!(((x0 + x1) / 2.0 - 500.0).abs() < 1e-9);
        let (lon, lat) = p.invert(x1, y1);
        assert!((lon - 60.0).abs() < 1e-9 && (lat - 10.0).abs() < 1e-9);
    }
}
