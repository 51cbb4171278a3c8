//! One chunk of samples: pick a leaf for each sample, then draw the samples leaf by leaf,
//! recording each series into the worker's accumulators.

use super::draws::Draws;
use super::hist::Hist;
use super::prepared::Prepared;
use super::record::{CellPlan, RUN, RegionPlan, SeriesPlan, draw_run, record_exact, record_run};
use super::{BINS, CHUNK, FAN_BINS, FAN_SAMPLES, McSettings};
use crate::engine::Expected;

/// Sums of one chunk, merged in chunk order so the result is the same on any thread count.
pub(super) struct ChunkOut {
    pub(super) sums: Vec<f64>,
    pub(super) fan_sums: Vec<f64>,
}

/// Accumulators of one worker: counts, minima and maxima merge in any order.
pub(super) struct Acc {
    pub(super) hist: Hist,
    pub(super) below: Vec<u64>,
    pub(super) alert: Vec<u64>,
    pub(super) fan_hist: Hist,
}

impl Acc {
    pub(super) fn new(series: usize, fan_months: usize) -> Self {
        Self {
            hist: Hist::new(series, BINS),
            below: vec![0; series],
            alert: vec![0; series],
            fan_hist: Hist::new(fan_months, FAN_BINS),
        }
    }

    pub(super) fn merge(&mut self, other: &Acc, prep: &Prepared) {
        self.hist.merge(&other.hist, |s| prep.binning[s]);
        for (a, b) in self.below.iter_mut().zip(&other.below) {
            *a += b;
        }
        for (a, b) in self.alert.iter_mut().zip(&other.alert) {
            *a += b;
        }
        self.fan_hist.merge(&other.fan_hist, |_| prep.fan_binning);
    }
}

/// A well-mixed seed for each chunk: the SplitMix64 finaliser over (seed, chunk).
pub(crate) fn chunk_seed(seed: u64, chunk: u64) -> u64 {
    let mut z = seed ^ chunk.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One effect of a leaf's program: what to draw and which of the leaf's cells it adds to.
#[derive(Clone, Copy)]
pub(super) struct Step {
    pub(super) effect: usize,
    pub(super) slot: usize,
    /// Where the effect's branch is, for the month-by-month fan: (branch, index).
    pub(super) source: (usize, usize),
}

/// Per-worker scratch space.
pub(super) struct Scratch {
    /// How many of the chunk's samples fell on each leaf.
    pub(super) leaf_count: Vec<u32>,
    /// The leaves the chunk's samples fell on.
    pub(super) hit: Vec<usize>,
    /// The current leaf's effects with a spread, drawn every sample.
    pub(super) steps: Vec<Step>,
    /// The current leaf's effects without a spread: the same in every sample.
    pub(super) fixed_steps: Vec<Step>,
    /// The current leaf's cells, the region slot of each, and whether each varies.
    pub(super) cells: Vec<usize>,
    pub(super) cell_region: Vec<usize>,
    pub(super) cell_varies: Vec<bool>,
    /// The current leaf's regions, and whether each region's composite varies.
    pub(super) regions: Vec<usize>,
    pub(super) region_varies: Vec<bool>,
    /// Each cell slot's change in this sample (fixed part first), and each region slot's
    /// composite change (fixed part first).
    pub(super) fixed_delta: Vec<f64>,
    pub(super) fixed_region_delta: Vec<f64>,
    /// A block of samples: each cell slot's change, and each region slot's composite change.
    pub(super) block: Vec<[f64; RUN]>,
    pub(super) region_block: Vec<[f64; RUN]>,
    /// The current leaf's varying cells and regions, ready for recording.
    pub(super) cell_plans: Vec<CellPlan>,
    pub(super) region_plans: Vec<RegionPlan>,
    /// How many samples of the chunk touched each series.
    pub(super) touch_count: Vec<u64>,
    /// The focus region's cells over the months, for a fan sample.
    pub(super) fan_vals: Vec<f64>,
}

impl Scratch {
    pub(super) fn new(prep: &Prepared) -> Self {
        let model = prep.model;
        Self {
            leaf_count: vec![0; model.leaves.len()],
            hit: Vec::new(),
            steps: Vec::new(),
            fixed_steps: Vec::new(),
            cells: Vec::new(),
            cell_region: Vec::new(),
            cell_varies: Vec::new(),
            regions: Vec::new(),
            region_varies: Vec::new(),
            fixed_delta: Vec::new(),
            fixed_region_delta: Vec::new(),
            block: Vec::new(),
            region_block: Vec::new(),
            cell_plans: Vec::new(),
            region_plans: Vec::new(),
            touch_count: vec![0; prep.series],
            fan_vals: vec![0.0; model.months * model.n_indicators],
        }
    }

    /// Lay out leaf `leaf`'s program: its cells (from the expected values' table), its regions,
    /// and every effect on its path with the slot it adds to, split by whether it varies.
    fn program(&mut self, prep: &Prepared, expected: &Expected, leaf: usize) {
        let model = prep.model;
        let indicators = model.n_indicators.max(1);
        let (cells, _) = expected.leaf_changes(leaf);
        self.cells.clear();
        self.cells.extend(cells.iter().map(|&x| x as usize));
        self.regions.clear();
        self.cell_region.clear();
        for &cell in &self.cells {
            let r = cell / indicators;
            // Cells are ascending, so a region's cells are together.
            if self.regions.last() != Some(&r) {
                self.regions.push(r);
            }
            self.cell_region.push(self.regions.len() - 1);
        }
        self.steps.clear();
        self.fixed_steps.clear();
        self.cell_varies.clear();
        self.cell_varies.resize(self.cells.len(), false);
        let mut cur = Some(model.leaves[leaf]);
        while let Some(b) = cur {
            let first = prep.effect_start[b];
            for j in 0..prep.effect_start[b + 1] - first {
                let eff = &prep.effects[first + j];
                if let Ok(slot) = self.cells.binary_search(&(eff.cell as usize)) {
                    let step = Step {
                        effect: first + j,
                        slot,
                        source: (b, j),
                    };
                    if eff.pert.is_point() {
                        self.fixed_steps.push(step);
                    } else {
                        self.cell_varies[slot] = true;
                        self.steps.push(step);
                    }
                }
            }
            cur = model.tree.parent[b];
        }
        self.region_varies.clear();
        self.region_varies.resize(self.regions.len(), false);
        for (slot, &varies) in self.cell_varies.iter().enumerate() {
            if varies {
                self.region_varies[self.cell_region[slot]] = true;
            }
        }
        self.fixed_delta.clear();
        self.fixed_delta.resize(self.cells.len(), 0.0);
        for step in &self.fixed_steps {
            let eff = &prep.effects[step.effect];
            self.fixed_delta[step.slot] += eff.pert.quantile(0.5) * eff.factor_h;
        }
        self.block.clear();
        self.block
            .extend(self.fixed_delta.iter().map(|&d| [d; RUN]));
        self.fixed_region_delta.clear();
        self.fixed_region_delta.resize(self.regions.len(), 0.0);
        for (slot, &cell) in self.cells.iter().enumerate() {
            if !self.cell_varies[slot] {
                let base = model.baseline[cell];
                let v = model.clamp(cell, base + self.fixed_delta[slot]);
                self.fixed_region_delta[self.cell_region[slot]] +=
                    prep.cell_coef[cell] * (v - base);
            }
        }
        self.region_block.clear();
        self.region_block
            .extend(self.fixed_region_delta.iter().map(|&d| [d; RUN]));
        self.cell_plans.clear();
        for (slot, &cell) in self.cells.iter().enumerate() {
            if self.cell_varies[slot] {
                self.cell_plans.push(CellPlan {
                    of: SeriesPlan::new(prep, cell),
                    scale: model.scale[cell % indicators],
                    coef: prep.cell_coef[cell],
                    slot,
                    region_slot: self.cell_region[slot],
                    fixed: self.fixed_delta[slot],
                });
            }
        }
        self.region_plans.clear();
        for (slot, &r) in self.regions.iter().enumerate() {
            if self.region_varies[slot] {
                self.region_plans.push(RegionPlan {
                    of: SeriesPlan::new(prep, model.cells() + r),
                    slot,
                    fixed: self.fixed_region_delta[slot],
                });
            }
        }
    }
}

/// Run one chunk. The chunk first picks a leaf for each of its samples, then draws the samples
/// leaf by leaf: a leaf's values fall in a narrow part of each histogram, so the histograms stay
/// in the processor's cache, and what does not vary within a leaf is worked out once.
pub(super) fn run_chunk(
    prep: &Prepared,
    expected: &Expected,
    settings: &McSettings,
    chunk: u64,
    n: u64,
    acc: &mut Acc,
    scratch: &mut Scratch,
) -> ChunkOut {
    let model = prep.model;
    let cells = model.cells();
    let indicators = model.n_indicators;
    let months = model.months;
    let mut draws = Draws::new(chunk_seed(settings.seed, chunk));
    let mut sums = vec![0.0; prep.series];
    let fan = settings
        .focus
        .filter(|_| chunk * CHUNK < FAN_SAMPLES && indicators > 0);
    let mut fan_sums = vec![0.0; if fan.is_some() { months } else { 0 }];
    let mut fan_touched = 0u64;
    scratch.touch_count.fill(0);
    scratch.hit.clear();
    if !prep.alias.is_empty() {
        for _ in 0..n {
            let leaf = prep.alias.pick(draws.bits());
            if scratch.leaf_count[leaf] == 0 {
                scratch.hit.push(leaf);
            }
            scratch.leaf_count[leaf] += 1;
        }
    }
    scratch.hit.sort_unstable();
    let hit = std::mem::take(&mut scratch.hit);
    for &leaf in &hit {
        let count = std::mem::take(&mut scratch.leaf_count[leaf]);
        scratch.program(prep, expected, leaf);
        for &cell in &scratch.cells {
            scratch.touch_count[cell] += u64::from(count);
        }
        for &r in &scratch.regions {
            scratch.touch_count[cells + r] += u64::from(count);
        }
        // What does not vary within this leaf is recorded once, exactly, for all its samples.
        for (slot, &cell) in scratch.cells.iter().enumerate() {
            if !scratch.cell_varies[slot] {
                let v = model.clamp(cell, model.baseline[cell] + scratch.fixed_delta[slot]);
                record_exact(prep, acc, &mut sums, cell, v, u64::from(count));
            }
        }
        for (slot, &r) in scratch.regions.iter().enumerate() {
            if !scratch.region_varies[slot] {
                let series = cells + r;
                let v = prep.base_series[series] + scratch.fixed_region_delta[slot];
                record_exact(prep, acc, &mut sums, series, v, u64::from(count));
            }
        }
        let fan_on = fan.is_some() && prep.leaf_in_focus[leaf];
        if scratch.steps.is_empty() && !fan_on {
            continue;
        }
        if !fan_on {
            // Samples in blocks: each effect is drawn for a whole block at once, so its table row
            // stays in cache and the block's draws do not wait on one another.
            let mut left = count as usize;
            while left > 0 {
                let len = left.min(RUN);
                left -= len;
                draw_run(prep, scratch, &mut draws, len);
                record_run(acc, &mut sums, scratch, len);
            }
            continue;
        }
        let focus_region = fan.map_or(usize::MAX, |f| f.0);
        // Without a spread on the focus region, the leaf's path is the same every sample.
        let focus_varies = scratch
            .steps
            .iter()
            .any(|s| prep.effects[s.effect].cell as usize / indicators.max(1) == focus_region);
        for _ in 0..count {
            for k in 0..indicators {
                let base = model.baseline[focus_region * indicators + k];
                scratch.fan_vals[k * months..(k + 1) * months].fill(base);
            }
            for step in &scratch.fixed_steps {
                let eff = &prep.effects[step.effect];
                if eff.cell as usize / indicators == focus_region {
                    let k = eff.cell as usize % indicators;
                    let (b, j) = step.source;
                    model.effects[b][j].add_over_months(
                        eff.pert.quantile(0.5),
                        &mut scratch.fan_vals[k * months..(k + 1) * months],
                    );
                }
            }
            for step in &scratch.steps {
                let eff = &prep.effects[step.effect];
                let size = eff.draw(&prep.rows, draws.bits());
                scratch.block[step.slot][0] += size * eff.factor_h;
                if eff.cell as usize / indicators == focus_region {
                    let k = eff.cell as usize % indicators;
                    let (b, j) = step.source;
                    model.effects[b][j]
                        .add_over_months(size, &mut scratch.fan_vals[k * months..(k + 1) * months]);
                }
            }
            record_run(acc, &mut sums, scratch, 1);
            if let Some((fan_region, fan_indicator)) = fan {
                fan_touched += 1;
                for (month, sum) in fan_sums.iter_mut().enumerate() {
                    let v = match fan_indicator {
                        Some(k) => model.clamp(
                            fan_region * indicators + k,
                            scratch.fan_vals[k * months + month],
                        ),
                        None => {
                            model.comp_offset
                                + (0..indicators)
                                    .map(|k| {
                                        model.comp_coef[k]
                                            * model.clamp(
                                                fan_region * indicators + k,
                                                scratch.fan_vals[k * months + month],
                                            )
                                    })
                                    .sum::<f64>()
                        }
                    };
                    *sum += v;
                    let at_end = fan_indicator
                        .is_some_and(|k| v == model.scale[k].0 || v == model.scale[k].1);
                    if focus_varies && !at_end {
                        acc.fan_hist.add(month, v, prep.fan_binning);
                    } else {
                        acc.fan_hist.add_exact(month, v, prep.fan_binning, 1);
                    }
                }
            }
        }
    }
    scratch.hit = hit;
    // Samples that did not touch a series left it at its baseline: count them in bulk.
    for series in 0..prep.series {
        let untouched = n - scratch.touch_count[series];
        if untouched > 0 {
            record_exact(
                prep,
                acc,
                &mut sums,
                series,
                prep.base_series[series],
                untouched,
            );
        }
    }
    if let Some((fan_region, fan_indicator)) = fan {
        let untouched = n - fan_touched;
        if untouched > 0 {
            let v = match fan_indicator {
                Some(k) => prep.base_series[fan_region * indicators + k],
                None => prep.base_series[cells + fan_region],
            };
            for (month, sum) in fan_sums.iter_mut().enumerate() {
                *sum += v * untouched as f64;
                acc.fan_hist
                    .add_exact(month, v, prep.fan_binning, untouched);
            }
        }
    }
    ChunkOut { sums, fan_sums }
}
