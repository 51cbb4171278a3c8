//! Histograms that also keep each bin's extreme values, so quantiles of a point mass are exact,
//! and that merge in any order (integer counts, minima, maxima).

/// One histogram bin: its count and the extreme values that fell in it.
#[derive(Clone, Copy)]
pub(super) struct BinCell {
    count: u64,
    min: f64,
    max: f64,
}

pub(super) const EMPTY_BIN: BinCell = BinCell {
    count: 0,
    min: f64::INFINITY,
    max: f64::NEG_INFINITY,
};

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

/// Histograms of several series. Each bin also keeps the smallest and largest value seen, so
/// that quantiles of a point mass (a series no branch touches) come out exact.
#[derive(Clone)]
pub(super) struct Hist {
    bins: usize,
    pub(super) cells: Vec<BinCell>,
}

impl Hist {
    pub(super) fn new(series: usize, bins: usize) -> Self {
        Self {
            bins,
            cells: vec![EMPTY_BIN; series * bins],
        }
    }

    /// Bytes a histogram of this size takes.
    pub(super) fn bytes(series: usize, bins: usize) -> usize {
        series * bins * std::mem::size_of::<BinCell>()
    }

    #[inline(always)]
    pub(super) fn add_n(&mut self, series: usize, v: f64, b: Binning, n: u64) {
        let j = (((v - b.lo) * b.scale) as isize).clamp(0, self.bins as isize - 1) as usize;
        let cell = &mut self.cells[series * self.bins + j];
        cell.count += n;
        cell.min = cell.min.min(v);
        cell.max = cell.max.max(v);
    }

    pub(super) fn merge(&mut self, o: &Hist) {
        for (a, b) in self.cells.iter_mut().zip(&o.cells) {
            a.count += b.count;
            a.min = a.min.min(b.min);
            a.max = a.max.max(b.max);
        }
    }

    /// Counts of series `s`.
    pub(super) fn counts(&self, s: usize) -> Vec<u32> {
        self.cells[s * self.bins..(s + 1) * self.bins]
            .iter()
            .map(|c| u32::try_from(c.count).unwrap_or(u32::MAX))
            .collect()
    }

    /// Quantile `q` of series `s`, interpolated between the values seen in its bin. Where the
    /// bin holds a single value (a point mass), that value exactly.
    pub(super) fn quantile(&self, s: usize, total: u64, q: f64) -> f64 {
        if total == 0 {
            return f64::NAN;
        }
        let cells = &self.cells[s * self.bins..(s + 1) * self.bins];
        let target = q * total as f64;
        let mut cum = 0.0;
        for c in cells {
            let next = cum + c.count as f64;
            if next >= target && c.count > 0 {
                let frac = ((target - cum) / c.count as f64).clamp(0.0, 1.0);
                return c.min + (c.max - c.min) * frac;
            }
            cum = next;
        }
        cells
            .iter()
            .rev()
            .find(|c| c.count > 0)
            .map_or(f64::NAN, |c| c.max)
    }
}
