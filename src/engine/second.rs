//! The planner's uncertainty about the expected value itself.
//!
//! Each "world" draws the probabilities of every sibling set that has a range (see `ranges`)
//! and computes the expected values exactly: they are linear in the leaves' probabilities, so a
//! world costs one pass over the leaves whose probability moves. The 5th and 95th percentiles
//! over the worlds give a 90% interval for each expected value. This is a different thing from
//! the spread of outcomes (the simulation's p05–p95): it says how much the expected value could
//! move if the probabilities were somewhere else in their ranges.

use super::compile::Compiled;
use super::ranges::{SetDraw, calibrated, calibration_draws, select_quantile};
use super::{Cancelled, Expected};
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::SeedableRng;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Worlds drawn when the scenario is small enough.
pub const WORLDS: usize = 2_000;
/// Fewest worlds drawn, however large the scenario: one chunk.
const MIN_WORLDS: usize = WORLDS_PER_CHUNK;
/// Work budget of one analysis: worlds × (moving branches + moving leaf cells).
const WORK_BUDGET: usize = 300_000_000;
/// Most values kept at once: worlds × series.
const VALUE_BUDGET: usize = 8_000_000;
/// Worlds per unit of work handed to a thread; each unit has its own seeded generator.
const WORLDS_PER_CHUNK: usize = 50;
/// What one draw from a fitted distribution costs, in units of the work budget (a quantile
/// takes a few logarithms and exponentials).
const DRAW_COST: usize = 40;

/// A sibling set with at least one range.
#[derive(Clone, Debug)]
pub struct RangedSet {
    /// The parent's position, or `None` for the top level.
    pub parent: Option<usize>,
    /// The children's positions.
    pub children: Vec<usize>,
    /// How they are drawn, with the intervals achieved (shared with every analysis of the
    /// same set: see `ranges::calibrated`).
    pub draw: Arc<SetDraw>,
}

/// Draws per calibration round for a compiled scenario: the budget shared by its ranged
/// branches, the same for every set of it and however the set is asked for.
fn draws_for(c: &Compiled) -> usize {
    calibration_draws(c.range.iter().filter(|r| r.is_some()).count())
}

/// Every sibling set with a range, in tree order, calibrated on `threads` threads (0: every
/// core). `seed` fixes the calibration draws; the result is the same on any thread count.
pub fn ranged_sets(
    c: &Compiled,
    seed: u64,
    threads: usize,
    cancel: Option<&AtomicBool>,
) -> Result<Vec<RangedSet>, Cancelled> {
    let candidates: Vec<(Option<usize>, &[usize])> =
        std::iter::once((None, c.tree.roots.as_slice()))
            .chain(
                c.tree
                    .preorder
                    .iter()
                    .map(|&i| (Some(i), c.tree.children[i].as_slice()))
                    .filter(|(_, ch)| !ch.is_empty()),
            )
            .filter(|(_, ch)| ch.iter().any(|&i| c.range[i].is_some()))
            .collect();
    let draws = draws_for(c);
    let next = AtomicUsize::new(0);
    let cancelled = AtomicBool::new(false);
    let work = || {
        let mut done = Vec::new();
        loop {
            if cancel.is_some_and(|x| x.load(Ordering::Relaxed)) {
                cancelled.store(true, Ordering::Relaxed);
                break;
            }
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(parent, children)) = candidates.get(k) else {
                break;
            };
            done.push((k, set_of(c, parent, children, seed, draws)));
        }
        done
    };
    let mut found: Vec<(usize, Option<RangedSet>)> = on_threads(threads, candidates.len(), work);
    if cancelled.load(Ordering::Relaxed) {
        return Err(Cancelled);
    }
    found.sort_unstable_by_key(|(k, _)| *k);
    Ok(found.into_iter().filter_map(|(_, s)| s).collect())
}

/// Run `work` on `threads` threads (0: every core), no more than there are `items`, and gather
/// what each returns. Each `work` takes items from a shared counter until none are left.
fn on_threads<T: Send>(threads: usize, items: usize, work: impl Fn() -> Vec<T> + Sync) -> Vec<T> {
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    }
    .clamp(1, items.max(1));
    if threads == 1 {
        return work();
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(&work)).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// A sibling set prepared for drawing, if any of its branches has a range.
fn set_of(
    c: &Compiled,
    parent: Option<usize>,
    children: &[usize],
    seed: u64,
    draws: usize,
) -> Option<RangedSet> {
    if !children.iter().any(|&i| c.range[i].is_some()) {
        return None;
    }
    let point: Vec<f64> = children.iter().map(|&i| c.cond[i]).collect();
    let ranges: Vec<Option<(f64, f64)>> = children.iter().map(|&i| c.range[i]).collect();
    // Each set calibrates with its own draws, the same whichever way it is asked for.
    let salt = parent.map_or(0, |p| p as u64 + 1);
    let draw = calibrated(
        &point,
        &ranges,
        seed ^ salt.wrapping_mul(0x9E37_79B9),
        draws,
    )?;
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
    set_of(
        c,
        c.tree.parent[pos],
        c.tree.siblings(pos),
        seed,
        draws_for(c),
    )
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
    let sets = ranged_sets(c, seed, threads, cancel)?;
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
    let drawn: usize = sets.iter().map(|s| s.draw.drawn()).sum();
    let per_world = moving.len() + leaf_cells + series + DRAW_COST * drawn;
    // In whole chunks, so that views of one scenario (whose work differs a little) mostly draw
    // the same number of worlds and share their draws.
    let affordable = (WORK_BUDGET / per_world.max(1)).min(VALUE_BUDGET / series) / WORLDS_PER_CHUNK
        * WORLDS_PER_CHUNK;
    // As many as the budget allows, one chunk at the least (on the very largest files, whose
    // sets have so many branches that each world costs millions of draws).
    let worlds = affordable.clamp(MIN_WORLDS, WORLDS);
    // Each leaf cell's change after clamping, for the moving leaves.
    let clamped: Vec<f64> = (0..e.leaf_cell.len())
        .map(|j| {
            let cell = e.leaf_cell[j] as usize;
            c.clamp(cell, c.baseline[cell] + e.leaf_raw[j]) - c.baseline[cell]
        })
        .collect();
    // Each set's probabilities in every world, drawn set by set from its own generator: a set
    // whose calibration another analysis shares (a view that leaves it to the base, the next
    // edit) reuses its draws, and only the sets that changed are drawn again.
    let draws = set_draws(&sets, seed, worlds, threads, cancel)?;
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
        draws: &draws,
        moving: &moving,
        moving_leaves: &moving_leaves,
        clamped: &clamped,
        point: &point,
        series,
    };
    let run_lane = |lane: Vec<(usize, &mut [f64])>| {
        let mut cond = c.cond.clone();
        let mut abs = c.abs.clone();
        for (index, chunk) in lane {
            if cancel.is_some_and(|x| x.load(Ordering::Relaxed)) {
                cancelled.store(true, Ordering::Relaxed);
                return;
            }
            for (k, row) in chunk.chunks_mut(series).enumerate() {
                world.draw(index * WORLDS_PER_CHUNK + k, &mut cond, &mut abs, row);
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
        p05.push(select_quantile(&mut column, 0.05));
        p95.push(select_quantile(&mut column, 0.95));
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
    draws: &'a [Arc<Vec<f64>>],
    moving: &'a [usize],
    moving_leaves: &'a [usize],
    clamped: &'a [f64],
    point: &'a [f64],
    series: usize,
}

impl World<'_> {
    /// Put world `w`'s probabilities in place and write its expected value of every series into
    /// `out`.
    fn draw(&self, w: usize, cond: &mut [f64], abs: &mut [f64], out: &mut [f64]) {
        let c = self.c;
        for (s, d) in self.sets.iter().zip(self.draws) {
            let n = s.children.len();
            let row = &d[w * n..(w + 1) * n];
            for (&i, &v) in s.children.iter().zip(row) {
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

/// Drawn sets kept between analyses, by calibration (held, so its address stays its own),
/// seed and number of worlds. Emptied when it holds more values than this.
const DRAWS_CACHE_VALUES: usize = 16_000_000;

/// A calibration's address and its salted seed.
type DrawsKey = (usize, u64);

struct DrawsCache {
    /// The calibration (held), and its draws for as many worlds as were ever asked of it: a
    /// set's worlds come from one generator in turn, so fewer worlds are a prefix of more.
    sets: HashMap<DrawsKey, (Arc<SetDraw>, Arc<Vec<f64>>)>,
    values: usize,
}

fn draws_cache() -> &'static Mutex<DrawsCache> {
    static CACHE: OnceLock<Mutex<DrawsCache>> = OnceLock::new();
    CACHE.get_or_init(|| {
        Mutex::new(DrawsCache {
            sets: HashMap::new(),
            values: 0,
        })
    })
}

/// Every set's probabilities in each of `worlds` worlds (`[world * children + child]`), each set
/// drawn from a generator of its own seeded by `seed` and its place in the tree, so the draws
/// are the same on any number of threads and whichever other sets changed.
fn set_draws(
    sets: &[RangedSet],
    seed: u64,
    worlds: usize,
    threads: usize,
    cancel: Option<&AtomicBool>,
) -> Result<Vec<Arc<Vec<f64>>>, Cancelled> {
    let key = |s: &RangedSet| -> DrawsKey {
        let salt = s.parent.map_or(0, |p| p as u64 + 1);
        (
            Arc::as_ptr(&s.draw) as usize,
            seed ^ salt.wrapping_mul(0x9E37_79B9),
        )
    };
    let lock = || {
        draws_cache()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let mut out: Vec<Option<Arc<Vec<f64>>>> = {
        let c = lock();
        sets.iter()
            .map(|s| {
                c.sets
                    .get(&key(s))
                    .filter(|(_, d)| d.len() >= worlds * s.children.len())
                    .map(|(_, d)| Arc::clone(d))
            })
            .collect()
    };
    let missing: Vec<usize> = (0..sets.len()).filter(|&k| out[k].is_none()).collect();
    let next = AtomicUsize::new(0);
    let cancelled = AtomicBool::new(false);
    let work = || {
        let mut done = Vec::new();
        let mut row = Vec::new();
        loop {
            if cancel.is_some_and(|x| x.load(Ordering::Relaxed)) {
                cancelled.store(true, Ordering::Relaxed);
                break;
            }
            let Some(&k) = missing.get(next.fetch_add(1, Ordering::Relaxed)) else {
                break;
            };
            let s = &sets[k];
            let n = s.children.len();
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(chunk_seed(key(s).1, 0));
            // A few worlds more than asked, so that an analysis asking a little more (a view
            // whose work differs a little) still finds them; none on the largest sets, whose
            // few worlds are drawn at the edge of the budget. The worlds are a prefix either
            // way, so the numbers do not depend on it.
            let extra = if worlds >= 4 * WORLDS_PER_CHUNK {
                2 * WORLDS_PER_CHUNK
            } else {
                0
            };
            let drawn = (worlds + extra).min(WORLDS);
            let mut values = Vec::with_capacity(drawn * n);
            row.resize(n, 0.0);
            for _ in 0..drawn {
                s.draw.draw(&mut rng, &mut row);
                values.extend_from_slice(&row);
            }
            done.push((k, Arc::new(values)));
        }
        done
    };
    let found: Vec<(usize, Arc<Vec<f64>>)> = on_threads(threads, missing.len(), work);
    if cancelled.load(Ordering::Relaxed) {
        return Err(Cancelled);
    }
    let mut c = lock();
    for (k, d) in found {
        if c.values + d.len() > DRAWS_CACHE_VALUES {
            c.sets.clear();
            c.values = 0;
        }
        c.values += d.len();
        c.sets
            .insert(key(&sets[k]), (Arc::clone(&sets[k].draw), Arc::clone(&d)));
        out[k] = Some(d);
    }
    Ok(out.into_iter().map(|d| d.unwrap_or_default()).collect())
}

fn chunk_seed(seed: u64, chunk: u64) -> u64 {
    super::mc::chunk_seed(seed ^ 0x5EC0_4D0A_DE12_0001, chunk)
}
