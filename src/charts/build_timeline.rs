//! The revision timeline's data: each top-level branch's probability as a step line over the
//! revisions' dates, with a mark at each revision and one at the resolution.

use super::fold::{MAX_OUTCOMES_SHOWN, most_weighty, others_name};
use super::{TimelineLine, TimelineMark};
use crate::model::Scenario;

type Timeline = (
    Vec<TimelineLine>,
    Vec<TimelineMark>,
    Option<TimelineMark>,
    (f64, f64),
);

/// The timeline's step lines and marks, from the revisions' records of the top-level
/// probabilities. Revisions with a date that is not a calendar date are left out.
pub(super) fn timeline(s: &Scenario) -> Timeline {
    let tree = crate::model::TreeIndex::new(s);
    let dated: Vec<(f64, &crate::model::Revision, usize)> = s
        .revisions
        .iter()
        .enumerate()
        .filter_map(|(k, r)| Some((crate::model::dates::day_number(&r.date)? as f64, r, k)))
        .collect();
    let resolution = s.resolution.as_ref().and_then(|res| {
        let day = crate::model::dates::day_number(&res.date)? as f64;
        let name = s
            .branch(&res.branch)
            .map_or(res.branch.as_str(), |b| b.name.as_str());
        Some(TimelineMark {
            day,
            date: res.date.clone(),
            label: format!("Resolved: {name}"),
        })
    });
    let (Some(first), Some(last)) = (dated.first(), dated.last()) else {
        return (Vec::new(), Vec::new(), resolution, (0.0, 1.0));
    };
    let mut end = last.0.max(resolution.as_ref().map_or(last.0, |m| m.day));
    let as_of = crate::model::dates::day_number(&s.header.as_of).map(|d| d as f64);
    if let Some(d) = as_of {
        end = end.max(d);
    }
    // A lead-in before the first revision and a tail after the last, so each step shows.
    let pad = ((end - first.0) * 0.08).max(7.0);
    let start = first.0 - pad;
    let end = end + pad;
    let top_ids: Vec<&str> = tree
        .roots
        .iter()
        .map(|&t| s.branches[t].id.as_str())
        .collect();
    let held = crate::model::record_of(&s.revisions, &top_ids);
    // Each top-level outcome's probability at the start and after each dated revision.
    let slots = |id: &str| -> Vec<Option<f64>> {
        std::iter::once(held.get(first.2).and_then(|h| h.0.get(id)).copied())
            .chain(
                dated
                    .iter()
                    .map(|(_, _, k)| held.get(*k).and_then(|h| h.1.get(id)).copied()),
            )
            .collect()
    };
    let days: Vec<f64> = std::iter::once(start)
        .chain(dated.iter().map(|d| d.0))
        .collect();
    let line = |name: String, outcome, slots: &[Option<f64>]| {
        let mut points: Vec<(f64, f64)> = days
            .iter()
            .zip(slots)
            .filter_map(|(&d, p)| Some((d, (*p)?)))
            .collect();
        if let Some(&(_, p)) = points.last() {
            points.push((end, p));
        }
        TimelineLine {
            name,
            outcome,
            points,
        }
    };
    let all: Vec<Vec<Option<f64>>> = top_ids.iter().map(|id| slots(id)).collect();
    // The outcomes that were ever most likely, one line each; the rest as one line, their
    // probabilities added.
    let weight: Vec<f64> = all
        .iter()
        .map(|v| v.iter().flatten().fold(0.0, |a: f64, &b| a.max(b)))
        .collect();
    let shown = most_weighty(&weight, MAX_OUTCOMES_SHOWN);
    let mut lines: Vec<TimelineLine> = shown
        .iter()
        .map(|&t| {
            let b = &s.branches[tree.roots[t]];
            line(b.name.clone(), b.outcome, &all[t])
        })
        .collect();
    let folded = top_ids.len() - shown.len();
    if folded > 0 {
        let mut kept = vec![false; top_ids.len()];
        for &t in &shown {
            kept[t] = true;
        }
        let mut rest: Vec<Option<f64>> = vec![None; days.len()];
        for (v, _) in all.iter().zip(&kept).filter(|(_, k)| !**k) {
            for (r, p) in rest.iter_mut().zip(v) {
                if let Some(p) = p {
                    *r = Some(r.unwrap_or(0.0) + p);
                }
            }
        }
        lines.push(line(others_name(folded), None, &rest));
    }
    let marks = dated
        .iter()
        .map(|(day, r, k)| {
            let what = match &r.evidence {
                Some(e) => {
                    let name = s
                        .signpost(&e.signpost)
                        .map_or(e.signpost.as_str(), |x| x.name.as_str());
                    format!("{name}: {}", if e.seen { "seen" } else { "not seen" })
                }
                None => {
                    let note = crate::model::limits::shorten(&r.note, 48).into_owned();
                    if note.is_empty() {
                        "Manual revision".to_owned()
                    } else {
                        format!("Manual: {note}")
                    }
                }
            };
            TimelineMark {
                day: *day,
                date: r.date.clone(),
                label: format!("{} {what}", k + 1),
            }
        })
        .collect();
    (lines, marks, resolution, (start, end))
}
