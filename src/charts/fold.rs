//! Folding what a reader cannot see: a chart of thousands of top-level outcomes draws the few
//! that matter most one by one and the rest as one, with a note.

use super::OutcomeLine;

/// Most top-level outcomes a chart draws one by one; past this the rest are drawn as one, with
/// a note, so that a scenario with thousands of outcomes gives a chart a reader can read (and an
/// export of a size a deck can take).
pub const MAX_OUTCOMES_SHOWN: usize = 8;

/// The name of the part that stands for `n` folded outcomes.
pub(super) fn others_name(n: usize) -> String {
    format!("{} other outcomes", crate::charts::thousands(n as u64))
}

/// The indices of the `most` largest weights, in their own order (ties to the earlier).
/// Linear in the number of weights, however many.
pub(super) fn most_weighty(weight: &[f64], most: usize) -> Vec<usize> {
    if weight.len() <= most {
        return (0..weight.len()).collect();
    }
    let mut order: Vec<usize> = (0..weight.len()).collect();
    let by_weight = |a: &usize, b: &usize| weight[*b].total_cmp(&weight[*a]).then(a.cmp(b));
    order.select_nth_unstable_by(most - 1, by_weight);
    order.truncate(most);
    order.sort_unstable();
    order
}

/// The outcome lines a trajectory draws: the most likely one by one, the rest as one line at
/// their probability-weighted mean path. Returns the lines and how many were folded.
pub(super) fn fold_outcome_lines(lines: Vec<OutcomeLine>) -> (Vec<OutcomeLine>, usize) {
    let weight: Vec<f64> = lines.iter().map(|l| l.probability).collect();
    let shown = most_weighty(&weight, MAX_OUTCOMES_SHOWN);
    if shown.len() == lines.len() {
        return (lines, 0);
    }
    let folded = lines.len() - shown.len();
    let months = lines.first().map_or(0, |l| l.values.len());
    let mut rest = vec![0.0; months];
    let mut p_rest = 0.0;
    let mut keep = vec![false; lines.len()];
    for &i in &shown {
        keep[i] = true;
    }
    let mut out = Vec::with_capacity(shown.len() + 1);
    for (line, kept) in lines.into_iter().zip(keep) {
        if kept {
            out.push(line);
            continue;
        }
        p_rest += line.probability;
        for (a, v) in rest.iter_mut().zip(&line.values) {
            *a += line.probability * v;
        }
    }
    if p_rest > 0.0 {
        for a in &mut rest {
            *a /= p_rest;
        }
        out.push(OutcomeLine {
            name: others_name(folded),
            outcome: None,
            probability: p_rest,
            values: rest,
        });
    }
    (out, folded)
}
