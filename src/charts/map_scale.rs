//! The map's colour scale as data: which values it covers and where a value sits on it, in
//! stability terms, so a reader never has to know which way an indicator points. The colours
//! themselves are `style::Palette::map_fill`: viridis for levels, the heatmap's blue–orange for
//! changes.

/// What the map's colours show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScaleKind {
    /// The value itself, on a sequential scale.
    Level,
    /// The change from the baseline, on a diverging scale centred on zero.
    Change,
}

/// A colour scale over a range of values of one series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapScale {
    /// Levels or changes.
    pub kind: ScaleKind,
    /// The lowest value the scale shows (for changes, −`hi`).
    pub lo: f64,
    /// The highest.
    pub hi: f64,
    /// Whether higher values of the series are more stable.
    pub higher_is_better: bool,
}

impl MapScale {
    /// A scale covering `values` (and, for levels, the alert threshold), widened to round
    /// numbers and kept within the series' scale `min..=max`.
    pub fn covering(
        kind: ScaleKind,
        values: &[f64],
        threshold: f64,
        (min, max): (f64, f64),
        higher_is_better: bool,
    ) -> Self {
        let finite = values.iter().copied().filter(|v| v.is_finite());
        let (lo, hi) = match kind {
            ScaleKind::Level => {
                let (mut lo, mut hi) = finite
                    .chain(std::iter::once(threshold).filter(|t| t.is_finite()))
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                        (a.min(v), b.max(v))
                    });
                if !lo.is_finite() {
                    (lo, hi) = (min, max);
                }
                let step = nice_step((hi - lo).max(1e-9) / 4.0);
                lo = (lo / step).floor() * step;
                hi = (hi / step).ceil() * step;
                if hi <= lo {
                    hi = lo + step;
                }
                if min.is_finite() && max.is_finite() && min < max {
                    (lo.max(min), hi.min(max).max(lo.max(min) + 1e-9))
                } else {
                    (lo, hi)
                }
            }
            ScaleKind::Change => {
                let m = finite.fold(0.0_f64, |m, v| m.max(v.abs()));
                // A round number at least the largest change, so every change is inside.
                let m = if m > 0.0 { nice_step(m) } else { 1.0 };
                (-m, m)
            }
        };
        Self {
            kind,
            lo,
            hi,
            higher_is_better,
        }
    }

    /// Where a value sits on the scale in stability terms: 0 least stable, 1 most stable (for
    /// changes: 0.5 is no change).
    pub fn position(&self, v: f64) -> f64 {
        if !v.is_finite() {
            return 0.5;
        }
        let t = ((v - self.lo) / (self.hi - self.lo).max(1e-12)).clamp(0.0, 1.0);
        if self.higher_is_better { t } else { 1.0 - t }
    }
}

/// A round step (1, 2, 2.5 or 5 times a power of ten) at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw - 1e-12)
        .unwrap_or(10.0 * mag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_run_dark_to_light_in_stability_terms() {
        let up = MapScale::covering(ScaleKind::Level, &[41.0, 58.0], 38.0, (0.0, 100.0), true);
        assert!(up.lo <= 38.0 && up.hi >= 58.0, "{up:?}");
        let p = crate::style::LIGHT;
        assert!(p.map_fill(&up, 58.0).luma() > p.map_fill(&up, 41.0).luma());
        // Unrest: lower is more stable, so the lower value is the lighter one.
        let down = MapScale::covering(ScaleKind::Level, &[41.0, 58.0], 60.0, (0.0, 100.0), false);
        assert!(down.position(41.0) > down.position(58.0));
        assert!(p.map_fill(&down, 41.0).luma() > p.map_fill(&down, 58.0).luma());
    }

    #[test]
    fn changes_centre_on_zero() {
        let s = MapScale::covering(ScaleKind::Change, &[-3.2, 1.0], 0.0, (0.0, 100.0), true);
        assert_eq!(s.lo, -s.hi);
        assert!(s.hi >= 3.2);
        assert_eq!(s.position(0.0), 0.5);
        let p = crate::style::LIGHT;
        assert_eq!(p.map_fill(&s, 0.0), p.canvas);
    }
}
