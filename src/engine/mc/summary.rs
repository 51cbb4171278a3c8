//! What a simulation reports: each series' statistics, histograms and the month-by-month fan.

use super::BINS;

/// Statistics of one series at the horizon.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SeriesStats {
    /// Mean of the samples.
    pub mean: f64,
    /// 5th percentile.
    pub p05: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Chance of ending strictly below the alert threshold.
    pub prob_below: f64,
    /// Chance of ending on the alert side of the threshold (below it if higher is better).
    pub prob_alert: f64,
    /// The alert threshold used.
    pub threshold: f64,
}

/// Month-by-month quantiles of the focus series.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fan {
    /// Region.
    pub region: usize,
    /// Indicator, or `None` for the composite.
    pub indicator: Option<usize>,
    /// Samples behind the bands.
    pub samples: u64,
    /// Per month: mean, p05, p25, p50, p75, p95.
    pub months: Vec<[f64; 6]>,
}

/// The result of a run.
#[derive(Clone, Debug, Default)]
pub struct McSummary {
    /// Samples drawn.
    pub samples: u64,
    /// Seed used.
    pub seed: u64,
    /// Regions.
    pub n_regions: usize,
    /// Indicators.
    pub n_indicators: usize,
    /// Statistics of every series: cells first (`region * n_indicators + indicator`), then each
    /// region's composite.
    pub stats: Vec<SeriesStats>,
    /// Histogram of every series at the horizon, `BINS` bins over `ranges`.
    pub hist: Vec<Vec<u32>>,
    /// The value range each histogram covers.
    pub ranges: Vec<(f64, f64)>,
    /// The focus series over time, if one was asked for.
    pub fan: Option<Fan>,
}

impl McSummary {
    fn series_index(&self, r: usize, indicator: Option<usize>) -> usize {
        match indicator {
            Some(k) => r * self.n_indicators + k,
            None => self.n_regions * self.n_indicators + r,
        }
    }

    /// Statistics of a series (`indicator` = `None` for the composite).
    pub fn series(&self, r: usize, indicator: Option<usize>) -> SeriesStats {
        self.stats
            .get(self.series_index(r, indicator))
            .copied()
            .unwrap_or_default()
    }

    /// Histogram of a series at the horizon over the span its samples cover, re-binned to
    /// `bins` bars: (range, counts).
    pub fn histogram_fitted(
        &self,
        r: usize,
        indicator: Option<usize>,
        bins: usize,
    ) -> ((f64, f64), Vec<u32>) {
        let ((lo, hi), fine) = self.histogram(r, indicator, BINS);
        let first = fine.iter().position(|&c| c > 0);
        let last = fine.iter().rposition(|&c| c > 0);
        let (Some(first), Some(last)) = (first, last) else {
            return ((lo, hi), vec![0; bins.max(1)]);
        };
        let w = (hi - lo) / BINS as f64;
        let (a, b) = (lo + w * first as f64, lo + w * (last + 1) as f64);
        let bins = bins.max(1);
        let mut out = vec![0u32; bins];
        for (j, &c) in fine.iter().enumerate().take(last + 1).skip(first) {
            let t = (j - first) as f64 / (last + 1 - first) as f64;
            out[((t * bins as f64) as usize).min(bins - 1)] += c;
        }
        ((a, b), out)
    }

    /// Histogram of a series at the horizon, re-binned to `bins` bars: (range, counts).
    pub fn histogram(
        &self,
        r: usize,
        indicator: Option<usize>,
        bins: usize,
    ) -> ((f64, f64), Vec<u32>) {
        let i = self.series_index(r, indicator);
        let (Some(h), Some(&range)) = (self.hist.get(i), self.ranges.get(i)) else {
            return ((0.0, 1.0), Vec::new());
        };
        let bins = bins.clamp(1, BINS);
        let mut out = vec![0u32; bins];
        for (j, &c) in h.iter().enumerate() {
            out[j * bins / BINS] = out[j * bins / BINS].saturating_add(c);
        }
        (range, out)
    }
}
