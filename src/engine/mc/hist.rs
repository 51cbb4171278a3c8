//! Histograms of simulated values that keep point masses exact and merge in any order.
//!
//! Each series has two parts. Values that can repeat exactly (a baseline that no branch moves,
//! a leaf whose effects have no spread, a scale's end reached by clamping) are recorded as
//! *atoms*: exact values with their counts. Everything else falls into compact bins, each with
//! its count and where in the bin the smallest and largest value seen fell (to 1/65,535 of the
//! bin: they only place a quantile inside its bin). Eight bytes a bin keep a few dozen series'
//! bins in the processor's cache.

/// One bin: its count and the extreme positions inside it that values fell at.
#[derive(Clone, Copy)]
struct Bin {
    count: u32,
    min: u16,
    max: u16,
}

const EMPTY_BIN: Bin = Bin {
    count: 0,
    min: u16::MAX,
    max: 0,
};

/// Positions inside a bin.
const STEPS: f64 = 65_535.0;

/// Most distinct exact values a series keeps; further ones go into the bins.
const MAX_ATOMS: usize = 32;

/// Where a value falls: the histogram covers `lo ..` with `scale` bins per unit.
#[derive(Clone, Copy, Debug)]
pub(super) struct Binning {
    lo: f64,
    scale: f64,
}

impl Binning {
    pub(super) fn new((lo, hi): (f64, f64), bins: usize) -> Self {
        let span = hi - lo;
        Self {
            lo,
            scale: if span > 0.0 && span.is_finite() {
                bins as f64 / span
            } else {
                0.0
            },
        }
    }
}

/// One series of a histogram, borrowed for counting.
pub(super) struct Row<'a> {
    bins: &'a mut [Bin],
    atoms: &'a mut Vec<(f64, u64)>,
}

impl Row<'_> {
    /// Count one value that varies from draw to draw.
    #[inline(always)]
    pub(super) fn add(&mut self, v: f64, b: Binning) {
        if b.scale == 0.0 {
            // A series with no spread to bin: every value is kept exactly.
            if let Some(a) = self.atoms.iter_mut().find(|a| a.0 == v) {
                a.1 += 1;
            } else if self.atoms.len() < MAX_ATOMS {
                self.atoms.push((v, 1));
            } else {
                self.bins[0].count += 1;
            }
            return;
        }
        // max and min rather than clamp, which checks its bounds on every call: the same
        // result, NaN included (it lands in the first bin either way).
        let t = ((v - b.lo) * b.scale)
            .max(0.0)
            .min(self.bins.len() as f64 - 1e-9);
        // Through i32: t is at least 0, so truncation is the floor, and converting an i32 back
        // to f64 is one instruction where a usize takes several (and floor() a library call).
        let whole = t as i32;
        let at = ((t - f64::from(whole)) * STEPS) as u16;
        let cell = &mut self.bins[whole as usize];
        cell.count += 1;
        if at < cell.min {
            cell.min = at;
        }
        if at > cell.max {
            cell.max = at;
        }
    }
}

impl Row<'_> {
    /// Count `n` samples of one exact value.
    pub(super) fn add_exact(&mut self, v: f64, b: Binning, n: u64) {
        if let Some(a) = self.atoms.iter_mut().find(|a| a.0 == v) {
            a.1 += n;
        } else if self.atoms.len() < MAX_ATOMS {
            self.atoms.push((v, n));
        } else {
            let t = ((v - b.lo) * b.scale).clamp(0.0, self.bins.len() as f64 - 1e-9);
            let j = t as usize;
            let at = ((t - j as f64) * STEPS) as u16;
            let cell = &mut self.bins[j];
            cell.count = cell
                .count
                .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
            cell.min = cell.min.min(at);
            cell.max = cell.max.max(at);
        }
    }
}

/// Histograms of several series.
#[derive(Clone)]
pub(super) struct Hist {
    bins: usize,
    cells: Vec<Bin>,
    atoms: Vec<Vec<(f64, u64)>>,
}

impl Hist {
    pub(super) fn new(series: usize, bins: usize) -> Self {
        Self {
            bins,
            cells: vec![EMPTY_BIN; series * bins],
            atoms: vec![Vec::new(); series],
        }
    }

    /// Bytes a histogram of this size takes.
    pub(super) fn bytes(series: usize, bins: usize) -> usize {
        series * bins * std::mem::size_of::<Bin>()
    }

    #[inline(always)]
    fn bin_of(&self, v: f64, b: Binning) -> usize {
        (((v - b.lo) * b.scale) as isize).clamp(0, self.bins as isize - 1) as usize
    }

    /// Count one value that varies from draw to draw.
    #[inline(always)]
    pub(super) fn add(&mut self, series: usize, v: f64, b: Binning) {
        let mut row = self.row_mut(series);
        row.add(v, b);
    }

    /// One series' bins and exact values, to count many values into.
    pub(super) fn row_mut(&mut self, series: usize) -> Row<'_> {
        Row {
            bins: &mut self.cells[series * self.bins..(series + 1) * self.bins],
            atoms: &mut self.atoms[series],
        }
    }

    /// Count `n` samples of one exact value.
    pub(super) fn add_exact(&mut self, series: usize, v: f64, b: Binning, n: u64) {
        self.row_mut(series).add_exact(v, b, n);
    }

    /// Add another histogram of the same series; `binning` places each series' values.
    pub(super) fn merge(&mut self, o: &Hist, binning: impl Fn(usize) -> Binning) {
        for (a, b) in self.cells.iter_mut().zip(&o.cells) {
            a.count += b.count;
            a.min = a.min.min(b.min);
            a.max = a.max.max(b.max);
        }
        for (s, atoms) in o.atoms.iter().enumerate() {
            for &(v, n) in atoms {
                self.add_exact(s, v, binning(s), n);
            }
        }
    }

    /// Counts of series `s` by bin, exact values included.
    pub(super) fn counts(&self, s: usize, b: Binning) -> Vec<u32> {
        let mut out: Vec<u32> = self.cells[s * self.bins..(s + 1) * self.bins]
            .iter()
            .map(|c| c.count)
            .collect();
        for &(v, n) in &self.atoms[s] {
            let j = self.bin_of(v, b);
            out[j] = out[j].saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        }
        out
    }

    /// Quantile `q` of series `s`: exact where it falls on an exact value, else interpolated
    /// inside its bin between the smallest and largest value seen there.
    pub(super) fn quantile(&self, s: usize, total: u64, q: f64, b: Binning) -> f64 {
        if total == 0 {
            return f64::NAN;
        }
        let value = |j: usize, at: u16| {
            if b.scale > 0.0 {
                b.lo + (j as f64 + f64::from(at) / STEPS) / b.scale
            } else {
                b.lo
            }
        };
        let mut atoms: Vec<(f64, u64)> = self.atoms[s].clone();
        atoms.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Pieces in value order that do not overlap: (low, high, count); an exact value has
        // low = high. A bin whose values run across an exact value is split there, its count
        // shared in proportion to the lengths (values inside a bin are taken as spread evenly),
        // so the quantiles rise with q and are the exact value wherever they fall on it.
        let mut pieces: Vec<(f64, f64, f64)> = Vec::new();
        for (j, c) in self.cells[s * self.bins..(s + 1) * self.bins]
            .iter()
            .enumerate()
        {
            if c.count == 0 {
                continue;
            }
            let (lo, hi) = (value(j, c.min), value(j, c.max));
            split_around_atoms(lo, hi, f64::from(c.count), &atoms, &mut pieces);
        }
        pieces.extend(atoms.iter().map(|&(v, n)| (v, v, n as f64)));
        pieces.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let target = q * total as f64;
        let mut cum = 0.0;
        for &(lo, hi, n) in &pieces {
            let next = cum + n;
            if next >= target {
                let frac = ((target - cum) / n).clamp(0.0, 1.0);
                return lo + (hi - lo) * frac;
            }
            cum = next;
        }
        pieces.last().map_or(f64::NAN, |p| p.1)
    }
}

/// The piece `lo..=hi` holding `count` values, cut at every exact value strictly inside it,
/// onto `out`. `atoms` is sorted by value.
fn split_around_atoms(
    lo: f64,
    hi: f64,
    count: f64,
    atoms: &[(f64, u64)],
    out: &mut Vec<(f64, f64, f64)>,
) {
    let inside = atoms.iter().map(|a| a.0).filter(|&v| v > lo && v < hi);
    let span = hi - lo;
    let mut from = lo;
    for cut in inside.chain(std::iter::once(hi)) {
        if span > 0.0 {
            out.push((from, cut, count * (cut - from) / span));
        } else {
            out.push((lo, hi, count));
        }
        from = cut;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A point mass with values on both sides inside its bin: the quantiles rise with q and
    /// sit exactly on the point mass wherever they fall on it.
    #[test]
    fn quantiles_are_monotone_and_exact_on_a_point_mass() {
        // One bin of width 1 over 49..50: 46 values spread over 49.0..49.6, 29 over
        // 49.6..50.0, and 925 exactly at 49.6.
        let b = Binning::new((49.0, 50.0), 1);
        let mut h = Hist::new(1, 1);
        for i in 0..46 {
            h.add(0, 49.0 + 0.6 * f64::from(i) / 45.0, b);
        }
        for i in 0..29 {
            h.add(0, 49.6 + 0.4 * f64::from(i + 1) / 29.0, b);
        }
        h.add_exact(0, 49.6, b, 925);
        let total = 1000;
        let q = |p: f64| h.quantile(0, total, p, b);
        // 4.6% lie below 49.6, so the 5th, 50th and 95th percentiles all fall on it.
        assert_eq!(q(0.05), 49.6);
        assert_eq!(q(0.5), 49.6);
        assert_eq!(q(0.95), 49.6);
        // Below the mass: inside 49.0..49.6, at the share of the 46 values below.
        let p02 = q(0.02);
        assert!(p02 > 49.0 && p02 < 49.6, "{p02}");
        let mut last = f64::NEG_INFINITY;
        for k in 0..=1000 {
            let v = q(f64::from(k) / 1000.0);
            assert!(v >= last, "q({k}/1000) = {v} < {last}");
            last = v;
        }
    }
}
