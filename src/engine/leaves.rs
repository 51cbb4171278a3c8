//! Reading the expected values leaf by leaf: a leaf's changes, a leaf's change of one series,
//! and each top-level outcome's path over the months, worked out when a chart asks.

use super::expected::{Centre, Expected};

impl Expected {
    /// The cells a leaf's path changes, with their summed change at the horizon before
    /// clamping. `leaf` counts leaves in tree order.
    pub fn leaf_changes(&self, leaf: usize) -> (&[u32], &[f64]) {
        let (Some(&a), Some(&b)) = (self.leaf_start.get(leaf), self.leaf_start.get(leaf + 1))
        else {
            return (&[], &[]);
        };
        (&self.leaf_cell[a..b], &self.leaf_raw[a..b])
    }

    /// A leaf's change of a series at the horizon, after clamping each cell to its scale.
    pub fn leaf_series_change(&self, leaf: usize, r: usize, indicator: Option<usize>) -> f64 {
        let c = &self.compiled;
        let n = self.n_indicators;
        let (cells, raws) = self.leaf_changes(leaf);
        let change =
            |cell: usize, raw: f64| c.clamp(cell, c.baseline[cell] + raw) - c.baseline[cell];
        match indicator {
            Some(k) => {
                let cell = (r * n + k) as u32;
                cells
                    .binary_search(&cell)
                    .map_or(0.0, |i| change(cell as usize, raws[i]))
            }
            None => {
                let lo = (r * n) as u32;
                let start = cells.partition_point(|&x| x < lo);
                cells[start..]
                    .iter()
                    .zip(&raws[start..])
                    .take_while(|(x, _)| (**x as usize) < (r + 1) * n)
                    .map(|(&x, &raw)| c.comp_coef[x as usize % n] * change(x as usize, raw))
                    .sum()
            }
        }
    }

    /// Each top-level branch's mean path of a series over the months, if it happens; `None` for
    /// a branch at 0%. Worked out when asked, for the one series a chart shows.
    pub fn top_paths(&self, r: usize, indicator: Option<usize>) -> Vec<Option<Vec<f64>>> {
        let c = &self.compiled;
        let n = self.n_indicators;
        let m_n = self.months;
        if r >= self.n_regions || n == 0 {
            return vec![None; self.top.len()];
        }
        let ks: Vec<usize> = match indicator {
            Some(k) if k < n => vec![k],
            Some(_) => return vec![None; self.top.len()],
            None => (0..n).collect(),
        };
        let mut values = vec![0.0; ks.len() * m_n];
        self.top
            .iter()
            .map(|top| {
                if top.probability <= 0.0 {
                    return None;
                }
                let (a, b) = c.leaf_span.get(top.pos).copied().unwrap_or((0, 0));
                let mut path = vec![0.0; m_n];
                for &leaf in &c.leaves[a..b] {
                    let w = c.abs[leaf] / top.probability;
                    if w <= 0.0 {
                        continue;
                    }
                    for (j, &k) in ks.iter().enumerate() {
                        values[j * m_n..(j + 1) * m_n].fill(c.baseline[r * n + k]);
                    }
                    let mut cur = Some(leaf);
                    while let Some(i) = cur {
                        for e in &c.effects[i] {
                            if e.cell / n != r {
                                continue;
                            }
                            if let Some(j) = ks.iter().position(|&k| k == e.cell % n) {
                                let size = match self.centre {
                                    Centre::Mean => e.mean,
                                    Centre::MostLikely => e.likely,
                                };
                                e.add_over_months(size, &mut values[j * m_n..(j + 1) * m_n]);
                            }
                        }
                        cur = c.tree.parent[i];
                    }
                    for (m, slot) in path.iter_mut().enumerate() {
                        let v = match indicator {
                            Some(k) => c.clamp(r * n + k, values[m]),
                            None => {
                                c.comp_offset
                                    + ks.iter()
                                        .enumerate()
                                        .map(|(j, &k)| {
                                            c.comp_coef[k] * c.clamp(r * n + k, values[j * m_n + m])
                                        })
                                        .sum::<f64>()
                            }
                        };
                        *slot += w * v;
                    }
                }
                Some(path)
            })
            .collect()
    }
}
