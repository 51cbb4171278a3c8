//! The planner's uncertainty about the expected value itself.
//!
//! Each "world" draws the probabilities of every sibling set that has a range (see `ranges`)
//! and computes the expected values exactly: they are linear in the leaves' probabilities, so a
//! world costs one pass over the leaves whose probability moves. The 5th and 95th percentiles
//! over the worlds give a 90% interval for each expected value. This is a different thing from
//! the spread of outcomes (the simulation's p05–p95): it says how much the expected value could
//! move if the probabilities were somewhere else in their ranges.

use super::compile::Compiled;
use super::ranges::{SetDraw, quantile_sorted};
use super::{Cancelled, Expected};
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::SeedableRng;
use std::sync::atomic::{AtomicBool, Ordering};

/// Worlds drawn when the scenario is small enough.
pub const WORLDS: usize = 2_000;
/// Fewest worlds drawn, however large the scenario.
const MIN_WORLDS: usize = 200;
/// Work budget of one analysis: worlds × (moving branches + moving leaf cells).
const WORK_BUDGET: usize = 300_000_000;
/// Most values kept at once: worlds × series.
const VALUE_BUDGET: usize = 8_000_000;
/// Worlds per unit of work handed to a thread; each unit has its own seeded generator.
const WORLDS_PER_CHUNK: usize = 50;

/// A sibling set with at least one range.
#[derive(Clone, Debug)]
pub struct RangedSet {
    /// The parent's position, or `None` for the top level.
    pub parent: Option<usize>,
    /// The children's positions.
    pub children: Vec<usize>,
    /// How they are drawn, with the intervals achieved.
    pub draw: SetDraw,
}

/// Every sibling set with a range, in tree order. `seed` fixes the calibration draws.
pub fn ranged_sets(c: &Compiled, seed: u64) -> Vec<RangedSet> {
    let sets = std::iter::once((None, c.tree.roots.as_slice())).chain(
        c.tree
            .preorder
            .iter()
            .map(|&i| (Some(i), c.tree.children[i].as_slice()))
            .filter(|(_, ch)| !ch.is_empty()),
    );
    sets.filter_map(|(parent, children)| set_of(c, parent, children, seed))
        .collect()
}

/// A sibling set prepared for drawing, if any of its branches has a range.
fn set_of(c: &Compiled, parent: Option<usize>, children: &[usize], seed: u64) -> Option<RangedSet> {
    if !children.iter().any(|&i| c.range[i].is_some()) {
        return None;
    }
    let point: Vec<f64> = children.iter().map(|&i| c.cond[i]).collect();
    let ranges: Vec<Option<(f64, f64)>> = children.iter().map(|&i| c.range[i]).collect();
    // Each set calibrates with its own draws, the same whichever way it is asked for.
    let salt = parent.map_or(0, |p| p as u64 + 1);
    let draw = SetDraw::new(&point, &ranges, seed ^ salt.wrapping_mul(0x9E37_79B9))?;
    Some(RangedSet {
        parent,
        children: children.to_vec(),
        draw,
    })
}

/// The set a branch belongs to, with the intervals achieved for it.
pub fn ranged_set_of(c: &Compiled, pos: usize, seed: u64) -> Option<RangedSet> {
    if pos >= c.cond.len() || !c.tree.reachable[pos] {
        return None;
    }
    set_of(c, c.tree.parent[pos], c.tree.siblings(pos), seed)
}

/// 90% intervals of the expected values at the horizon.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SecondOrder {
    /// Worlds drawn (0 when no probability has a range).
    pub worlds: usize,
    /// Per series (cells first, then each region's composite): the 5th percentile.
    pub p05: Vec<f64>,
    /// Per series: the 95th percentile.
    pub p95: Vec<f64>,
    /// Sets whose ranges cannot all hold together: (parent, children).
    pub incompatible: Vec<(Option<usize>, Vec<usize>)>,
}

impl SecondOrder {
    /// The 90% interval of a series' expected value (`indicator` = `None`: the composite).
    pub fn interval(&self, e: &Expected, r: usize, indicator: Option<usize>) -> (f64, f64) {
        let i = match indicator {
            Some(k) => r * e.n_indicators + k,
            None => e.cells() + r,
        };
        match (self.p05.get(i), self.p95.get(i)) {
            (Some(&a), Some(&b)) => (a, b),
            _ => {
                let v = e.series_value(r, indicator, e.horizon());
                (v, v)
            }
        }
    }
}

/// Draw worlds and take the 90% interval of each expected value, on `threads` threads (0: every
/// core). The same seed gives the same result on any number of threads.
pub fn second_order(
    e: &Expected,
    seed: u64,
    threads: usize,
    cancel: Option<&AtomicBool>,
) -> Result<SecondOrder, Cancelled> {
    let c = &*e.compiled;
    let cells = c.cells();
    let series = cells + c.n_regions;
    let h = e.horizon();
    let point: Vec<f64> = (0..cells)
        .map(|cell| e.expected[cell * e.months + h])
        .chain((0..c.n_regions).map(|r| e.composite_at(r, h)))
        .collect();
    let sets = ranged_sets(c, seed);
    let incompatible = sets
        .iter()
        .filter(|s| !s.draw.compatible)
        .map(|s| (s.parent, s.children.clone()))
        .collect();
    if sets.is_empty() || series == 0 {
        return Ok(SecondOrder {
            worlds: 0,
            p05: point.clone(),
            p95: point,
            incompatible,
        });
    }
    // Which branches' probabilities move: those in a ranged set, and everything below them.
    let n = c.cond.len();
    let mut in_set = vec![false; n];
    for s in &sets {
        for &i in &s.children {
            in_set[i] = true;
        }
    }
    let mut moves = vec![false; n];
    let mut moving = Vec::new();
    for &i in &c.tree.preorder {
        moves[i] = in_set[i] || c.tree.parent[i].is_some_and(|p| moves[p]);
        if moves[i] {
            moving.push(i);
        }
    }
    let moving_leaves: Vec<usize> = (0..c.leaves.len())
        .filter(|&k| moves[c.leaves[k]])
        .collect();
    let leaf_cells: usize = moving_leaves
        .iter()
        .map(|&k| e.leaf_start[k + 1] - e.leaf_start[k])
        .sum();
    let per_world = moving.len() + leaf_cells + series;
    let worlds = (WORK_BUDGET / per_world.max(1))
        .min(VALUE_BUDGET / series)
        .clamp(MIN_WORLDS, WORLDS);
    // Each leaf cell's change after clamping, for the moving leaves.
    let clamped: Vec<f64> = (0..e.leaf_cell.len())
        .map(|j| {
            let cell = e.leaf_cell[j] as usize;
            c.clamp(cell, c.baseline[cell] + e.leaf_raw[j]) - c.baseline[cell]
        })
        .collect();
    let mut values = vec![0.0f64; worlds * series];
    let chunks: Vec<(usize, &mut [f64])> = values
        .chunks_mut(WORLDS_PER_CHUNK * series)
        .enumerate()
        .collect();
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    }
    .clamp(1, chunks.len().max(1));
    let mut lanes: Vec<Vec<(usize, &mut [f64])>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, chunk) in chunks {
        lanes[i % threads].push((i, chunk));
    }
    let cancelled = AtomicBool::new(false);
    let world = World {
        c,
        e,
        sets: &sets,
        moving: &moving,
        moving_leaves: &moving_leaves,
        clamped: &clamped,
        point: &point,
        series,
    };
    let run_lane = |lane: Vec<(usize, &mut [f64])>| {
        let mut cond = c.cond.clone();
        let mut abs = c.abs.clone();
        let mut draw = Vec::new();
        for (index, chunk) in lane {
            if cancel.is_some_and(|x| x.load(Ordering::Relaxed)) {
                cancelled.store(true, Ordering::Relaxed);
                return;
            }
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(chunk_seed(seed, index as u64));
            for row in chunk.chunks_mut(series) {
                world.draw(&mut rng, &mut cond, &mut abs, &mut draw, row);
            }
        }
    };
    if threads == 1 {
        for lane in lanes {
            run_lane(lane);
        }
    } else {
        std::thread::scope(|scope| {
            for lane in lanes {
                scope.spawn(|| run_lane(lane));
            }
        });
    }
    if cancelled.load(Ordering::Relaxed) {
        return Err(Cancelled);
    }
    let mut column = vec![0.0; worlds];
    let mut p05 = Vec::with_capacity(series);
    let mut p95 = Vec::with_capacity(series);
    for si in 0..series {
        for (w, slot) in column.iter_mut().enumerate() {
            *slot = values[w * series + si];
        }
        column.sort_by(f64::total_cmp);
        p05.push(quantile_sorted(&column, 0.05));
        p95.push(quantile_sorted(&column, 0.95));
    }
    Ok(SecondOrder {
        worlds,
        p05,
        p95,
        incompatible,
    })
}

/// What one world needs.
struct World<'a> {
    c: &'a Compiled,
    e: &'a Expected,
    sets: &'a [RangedSet],
    moving: &'a [usize],
    moving_leaves: &'a [usize],
    clamped: &'a [f64],
    point: &'a [f64],
    series: usize,
}

impl World<'_> {
    /// Draw one world's probabilities and write its expected value of every series into `out`.
    fn draw(
        &self,
        rng: &mut Xoshiro256PlusPlus,
        cond: &mut [f64],
        abs: &mut [f64],
        scratch: &mut Vec<f64>,
        out: &mut [f64],
    ) {
        let c = self.c;
        for s in self.sets {
            scratch.resize(s.children.len(), 0.0);
            s.draw.draw(rng, scratch);
            for (&i, &v) in s.children.iter().zip(scratch.iter()) {
                cond[i] = v;
            }
        }
        for &i in self.moving {
            abs[i] = c.tree.parent[i].map_or(1.0, |p| abs[p]) * cond[i];
        }
        let cells = c.cells();
        out[..cells].copy_from_slice(&self.point[..cells]);
        for &k in self.moving_leaves {
            let leaf = c.leaves[k];
            let dp = abs[leaf] - c.abs[leaf];
            if dp == 0.0 {
                continue;
            }
            for j in self.e.leaf_start[k]..self.e.leaf_start[k + 1] {
                out[self.e.leaf_cell[j] as usize] += dp * self.clamped[j];
            }
        }
        for r in 0..c.n_regions {
            let v = c.composite(r, |cell| out[cell]);
            out[cells + r] = v;
        }
        debug_assert_eq!(out.len(), self.series);
    }
}

fn chunk_seed(seed: u64, chunk: u64) -> u64 {
    super::mc::chunk_seed(seed ^ 0x5EC0_4D0A_DE12_0001, chunk)
}
