//! The board: what each signpost would do, seen and not seen, to the top-level branches and
//! every region's composite, from sums over the leaves worked out once per document state.

use super::{BayesError, posterior};
use crate::engine::Expected;
use crate::model::{Scenario, Signpost, TreeIndex};

/// What one side of a signpost would do.
#[derive(Clone, Debug, PartialEq)]
pub struct Shift {
    /// The chance of this side under the current probabilities.
    pub chance: f64,
    /// Each top-level branch's probability after.
    pub top: Vec<f64>,
    /// Each region's expected composite at the horizon after.
    pub composite: Vec<f64>,
}

impl Shift {
    /// The top-level branch that moves most: (index among top-level branches, before, after).
    pub fn biggest(&self, before: &[f64]) -> Option<(usize, f64, f64)> {
        self.top
            .iter()
            .zip(before)
            .enumerate()
            .max_by(|a, b| {
                let d = |x: &(usize, (&f64, &f64))| (x.1.0 - x.1.1).abs();
                d(a).total_cmp(&d(b))
            })
            .map(|(t, (&after, &before))| (t, before, after))
    }
}

/// What a signpost would do, seen and not seen.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlook {
    /// Position in `Scenario::signposts`.
    pub index: usize,
    /// If seen (`None` when seeing it is impossible).
    pub seen: Option<Shift>,
    /// If not seen (`None` when it is certain to be seen).
    pub not_seen: Option<Shift>,
    /// How much watching it is expected to move the composites: the mean over regions of the
    /// expected absolute change, P(seen)·|Δ seen| + P(not seen)·|Δ not seen|.
    pub movement: f64,
}

/// The board: every signpost's outlook under the current probabilities, most telling first.
/// Signposts with a missing likelihood come back as errors, in file order, after the rest.
#[derive(Clone, Debug)]
pub struct Board {
    /// Each top-level branch's probability now.
    pub top_now: Vec<f64>,
    /// Each region's expected composite at the horizon now.
    pub composite_now: Vec<f64>,
    /// The outlooks, most movement first.
    pub outlooks: Vec<Outlook>,
    /// Signposts that cannot be worked out, with why.
    pub problems: Vec<(usize, BayesError)>,
}

/// Sums over the leaves below each branch, worked out once for a document state: their
/// probability, and their probability times each series' change. With them, what a signpost
/// would do costs in proportion to the branches it gives a likelihood, not to the leaves: a
/// leaf takes its nearest ancestor's likelihood, so the leaves sharing one are a subtree minus
/// the subtrees below it that have their own.
pub struct LeafSums<'a> {
    e: &'a Expected,
    series: usize,
    /// Prefix sums over the leaves, in tree order: probability, then each series'
    /// probability × change (`[leaf * (series + 1) + 1 + j]`).
    prefix: Vec<f64>,
}

impl<'a> LeafSums<'a> {
    /// The sums for `e`, with `change(leaf)` each leaf's change of every series.
    pub fn new(e: &'a Expected, series: usize, change: impl Fn(usize) -> Vec<f64>) -> Self {
        let width = series + 1;
        let mut prefix = vec![0.0; (e.leaves.len() + 1) * width];
        for (k, leaf) in e.leaves.iter().enumerate() {
            let ch = change(k);
            let (done, rest) = prefix.split_at_mut((k + 1) * width);
            let (before, now) = (&done[k * width..], &mut rest[..width]);
            now[0] = before[0] + leaf.probability;
            for j in 0..series {
                now[1 + j] = before[1 + j] + leaf.probability * ch.get(j).copied().unwrap_or(0.0);
            }
        }
        Self { e, series, prefix }
    }

    /// The sums over the leaves below branch `pos` (itself, for a leaf).
    fn below(&self, pos: usize, out: &mut [f64]) {
        let width = self.series + 1;
        let (a, b) = self
            .e
            .compiled
            .leaf_span
            .get(pos)
            .copied()
            .unwrap_or((0, 0));
        for (j, o) in out.iter_mut().enumerate().take(width) {
            *o = self.prefix[b * width + j] - self.prefix[a * width + j];
        }
    }

    /// What observing `sp` (`seen`, or not seen) would make of the top-level branches and of
    /// each series: (P(evidence), each top-level branch's probability after, each series'
    /// change × probability after, summed). `Ok(None)` where the observation is impossible.
    #[allow(clippy::type_complexity)]
    fn side(
        &self,
        s: &Scenario,
        tree: &TreeIndex,
        sp: &Signpost,
        seen: bool,
    ) -> Result<Option<(f64, Vec<f64>, Vec<f64>)>, BayesError> {
        let c = &self.e.compiled;
        let width = self.series + 1;
        // The branches it speaks to (the last likelihood of a branch counts, as on the leaves).
        let mut own: std::collections::HashMap<usize, f64> = std::collections::HashMap::new();
        for l in &sp.likelihoods {
            if let Some(&i) = c.tree.pos_of.get(&l.branch)
                && c.tree.reachable[i]
            {
                own.insert(i, l.seen.clamp(0.0, 1.0));
            }
        }
        // Each one's own leaves: its subtree less the subtrees of the nearest ones below it.
        let mut nodes: Vec<usize> = own.keys().copied().collect();
        nodes.sort_unstable();
        let mut governed: Vec<f64> = vec![0.0; nodes.len() * width];
        let mut leaves_of: Vec<isize> = vec![0; nodes.len()];
        let slot: std::collections::HashMap<usize, usize> =
            nodes.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let mut row = vec![0.0; width];
        let mut covered = 0isize;
        for (k, &i) in nodes.iter().enumerate() {
            self.below(i, &mut row);
            let (a, b) = c.leaf_span[i];
            let count = (b - a) as isize;
            for j in 0..width {
                governed[k * width + j] += row[j];
            }
            leaves_of[k] += count;
            let mut up = c.tree.parent[i];
            let mut steps = 0;
            while let Some(p) = up {
                if let Some(&pk) = slot.get(&p) {
                    for j in 0..width {
                        governed[pk * width + j] -= row[j];
                    }
                    leaves_of[pk] -= count;
                    break;
                }
                up = c.tree.parent[p];
                steps += 1;
                if steps > c.tree.parent.len() {
                    break;
                }
            }
            if up.is_none() {
                covered += count;
            }
        }
        if covered < c.leaves.len() as isize {
            // Name the first leaf without a likelihood, as the full update does.
            return Err(posterior(s, tree, sp, seen)
                .err()
                .unwrap_or(BayesError::Impossible {
                    what: if seen { "seen" } else { "not seen" },
                }));
        }
        let l = |k: usize| {
            let v = own[&nodes[k]];
            if seen { v } else { 1.0 - v }
        };
        let total: f64 = (0..nodes.len()).map(|k| l(k) * governed[k * width]).sum();
        if total.is_nan() || total <= 0.0 {
            return Ok(None);
        }
        let mut top = vec![0.0; c.tree.roots.len()];
        let mut values = vec![0.0; self.series];
        for (k, &i) in nodes.iter().enumerate() {
            let w = l(k) / total;
            if let Some(t) = top.get_mut(c.top_of[i]) {
                *t += w * governed[k * width];
            }
            for (j, v) in values.iter_mut().enumerate() {
                *v += w * governed[k * width + 1 + j];
            }
        }
        Ok(Some((total, top, values)))
    }
}

/// Work out the board. `e` must be the expected values of `s`. Each region's composite is
/// linear in the leaves' probabilities, so with the sums below each branch (`LeafSums`, one
/// pass over the leaves) each side of a signpost costs as much as the branches it speaks to.
pub fn board(s: &Scenario, tree: &TreeIndex, e: &Expected) -> Board {
    let h = e.horizon();
    let regions = e.n_regions;
    let sums = LeafSums::new(e, regions, |l| {
        (0..regions)
            .map(|r| e.leaf_series_change(l, r, None))
            .collect()
    });
    let composite_now: Vec<f64> = (0..regions).map(|r| e.composite_at(r, h)).collect();
    let top_now: Vec<f64> = tree.roots.iter().map(|&t| e.abs[t]).collect();
    let mut outlooks = Vec::new();
    let mut problems = Vec::new();
    for (index, sp) in s.signposts.iter().enumerate() {
        let side = |seen: bool| -> Result<Option<Shift>, BayesError> {
            Ok(sums
                .side(s, tree, sp, seen)?
                .map(|(chance, top, change)| Shift {
                    chance,
                    top,
                    composite: (0..regions)
                        .map(|r| e.composite_baseline[r] + change[r])
                        .collect(),
                }))
        };
        match (side(true), side(false)) {
            (Ok(seen), Ok(not_seen)) => {
                let moved = |sh: &Option<Shift>| -> f64 {
                    sh.as_ref().map_or(0.0, |sh| {
                        sh.chance
                            * sh.composite
                                .iter()
                                .zip(&composite_now)
                                .map(|(a, b)| (a - b).abs())
                                .sum::<f64>()
                    })
                };
                let movement = if regions == 0 {
                    0.0
                } else {
                    (moved(&seen) + moved(&not_seen)) / regions as f64
                };
                outlooks.push(Outlook {
                    index,
                    seen,
                    not_seen,
                    movement,
                });
            }
            (Err(err), _) | (_, Err(err)) => problems.push((index, err)),
        }
    }
    outlooks.sort_by(|a, b| {
        b.movement
            .total_cmp(&a.movement)
            .then(a.index.cmp(&b.index))
    });
    Board {
        top_now,
        composite_now,
        outlooks,
        problems,
    }
}

/// One signpost's effect on one series: its value at the horizon if seen and if not seen.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesShift {
    /// Position in `Scenario::signposts`.
    pub index: usize,
    /// P(seen) under the current probabilities.
    pub chance: f64,
    /// The series' expected value if seen (`None`: seeing it is impossible).
    pub seen: Option<f64>,
    /// The series' expected value if not seen (`None`: it is certain to be seen).
    pub not_seen: Option<f64>,
}

impl SeriesShift {
    /// How far watching it is expected to move the series: P(seen)·|Δ seen| + P(not)·|Δ not|.
    pub fn movement(&self, now: f64) -> f64 {
        let d = |v: Option<f64>| v.map_or(0.0, |v| (v - now).abs());
        self.chance * d(self.seen) + (1.0 - self.chance) * d(self.not_seen)
    }
}

/// What each signpost would do to series `k` (`None`: the composite) of region `r`, most
/// movement first. Signposts that cannot be worked out are left out (the board names them).
pub fn series_shifts(
    s: &Scenario,
    tree: &TreeIndex,
    e: &Expected,
    r: usize,
    k: Option<usize>,
) -> Vec<SeriesShift> {
    if r >= e.n_regions {
        return Vec::new();
    }
    let sums = LeafSums::new(e, 1, |l| vec![e.leaf_series_change(l, r, k)]);
    let base = e.series_base(r, k);
    let now = e.series_value(r, k, e.horizon());
    let mut out: Vec<SeriesShift> = s
        .signposts
        .iter()
        .enumerate()
        .filter_map(|(index, sp)| {
            let side = |seen| {
                sums.side(s, tree, sp, seen)
                    .map(|o| o.map(|(chance, _, v)| (chance, base + v[0])))
            };
            let (a, b) = (side(true).ok()?, side(false).ok()?);
            Some(SeriesShift {
                index,
                chance: a.map_or(0.0, |x| x.0),
                seen: a.map(|x| x.1),
                not_seen: b.map(|x| x.1),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.movement(now)
            .total_cmp(&a.movement(now))
            .then(a.index.cmp(&b.index))
    });
    out
}
