//! The report's signposts (with the shifts each would cause) and its revision history (with
//! scores once the talks resolve), in every format.

use super::csv::{CsvTable, csv_field, csv_opt};
use crate::charts::pct;
use crate::engine::Expected;
use crate::engine::signposts::{board, track_record, verdict_word};
use crate::model::{Scenario, TreeIndex};
use serde::Serialize;
use std::collections::BTreeMap;

/// One signpost's row.
#[derive(Serialize)]
pub(super) struct SignpostRow {
    id: String,
    name: String,
    status: &'static str,
    expected_by: Option<String>,
    /// P(seen) under the current probabilities.
    chance_seen: Option<f64>,
    /// Each top-level branch's probability if seen.
    if_seen: Option<BTreeMap<String, f64>>,
    /// Each top-level branch's probability if not seen.
    if_not_seen: Option<BTreeMap<String, f64>>,
    /// Mean over regions of the expected absolute change of the composite.
    movement: Option<f64>,
    /// Why it cannot be worked out, if it cannot.
    problem: Option<String>,
}

/// One revision's row.
#[derive(Serialize)]
pub(super) struct RevisionRow {
    number: usize,
    date: String,
    signpost: Option<String>,
    seen: Option<bool>,
    note: String,
    /// Each top-level branch's probability before and after.
    before: BTreeMap<String, f64>,
    after: BTreeMap<String, f64>,
    brier: Option<f64>,
    log_score: Option<f64>,
    /// "better", "worse" or "same" than the probabilities before it.
    verdict: Option<&'static str>,
}

/// The resolution, with the score of the probabilities before the first revision.
#[derive(Serialize)]
pub(super) struct ResolutionRow {
    branch: String,
    date: String,
    note: String,
    initial_brier: Option<f64>,
    initial_log_score: Option<f64>,
}

/// The signposts and revisions sections.
#[derive(Serialize)]
pub(super) struct Sections {
    /// The date statuses are worked out on (`None`: the scenario has no date, and no signpost
    /// is overdue).
    #[serde(rename = "status_date")]
    pub(super) today: Option<String>,
    /// Top-level branches' ids and names, in order.
    #[serde(skip)]
    tops: Vec<(String, String)>,
    /// Top-level probabilities now.
    #[serde(rename = "top_level_now")]
    now: BTreeMap<String, f64>,
    pub(super) signposts: Vec<SignpostRow>,
    pub(super) revisions: Vec<RevisionRow>,
    resolution: Option<ResolutionRow>,
}

impl Sections {
    /// The sections, or `None` for a scenario with no signposts, revisions or resolution.
    pub(super) fn of(s: &Scenario, e: &Expected, date: Option<&str>) -> Option<Self> {
        let today = date.unwrap_or_default();
        if s.signposts.is_empty() && s.revisions.is_empty() && s.resolution.is_none() {
            return None;
        }
        let tree = TreeIndex::new(s);
        let tops: Vec<(String, String)> = tree
            .roots
            .iter()
            .map(|&i| (s.branches[i].id.clone(), s.branches[i].name.clone()))
            .collect();
        let by_top = |values: &[f64]| -> BTreeMap<String, f64> {
            tops.iter()
                .zip(values)
                .map(|((id, _), &v)| (id.clone(), v))
                .collect()
        };
        let b = board(s, &tree, e);
        let mut signposts: Vec<SignpostRow> = b
            .outlooks
            .iter()
            .map(|o| {
                let sp = &s.signposts[o.index];
                SignpostRow {
                    id: sp.id.clone(),
                    name: sp.name.clone(),
                    status: s.status(sp, today).label(),
                    expected_by: sp.expected_by.clone(),
                    chance_seen: Some(o.seen.as_ref().map_or(0.0, |sh| sh.chance)),
                    if_seen: o.seen.as_ref().map(|sh| by_top(&sh.top)),
                    if_not_seen: o.not_seen.as_ref().map(|sh| by_top(&sh.top)),
                    movement: Some(o.movement),
                    problem: None,
                }
            })
            .collect();
        signposts.extend(b.problems.iter().map(|(i, err)| {
            let sp = &s.signposts[*i];
            SignpostRow {
                id: sp.id.clone(),
                name: sp.name.clone(),
                status: s.status(sp, today).label(),
                expected_by: sp.expected_by.clone(),
                chance_seen: None,
                if_seen: None,
                if_not_seen: None,
                movement: None,
                problem: Some(err.to_string()),
            }
        }));
        let record = track_record(s, &tree);
        let top_ids: Vec<&str> = tops.iter().map(|(id, _)| id.as_str()).collect();
        let held = crate::model::record_of(&s.revisions, &top_ids);
        let revisions = s
            .revisions
            .iter()
            .zip(held)
            .enumerate()
            .map(|(k, (r, (before, after)))| {
                let scored = record.iter().find(|row| row.revision == Some(k));
                RevisionRow {
                    number: k + 1,
                    date: r.date.clone(),
                    signpost: r.evidence.as_ref().map(|e| e.signpost.clone()),
                    seen: r.evidence.as_ref().map(|e| e.seen),
                    note: r.note.clone(),
                    before,
                    after,
                    brier: scored.map(|x| x.score.brier),
                    log_score: scored.map(|x| x.score.log).filter(|v| v.is_finite()),
                    verdict: scored.and_then(|x| x.change).map(verdict_word),
                }
            })
            .collect();
        let initial = record.iter().find(|row| row.revision.is_none());
        let resolution = s.resolution.as_ref().map(|r| ResolutionRow {
            branch: r.branch.clone(),
            date: r.date.clone(),
            note: r.note.clone(),
            initial_brier: initial.map(|x| x.score.brier),
            initial_log_score: initial.map(|x| x.score.log).filter(|v| v.is_finite()),
        });
        Some(Self {
            today: date.map(str::to_owned),
            now: by_top(&b.top_now),
            tops,
            signposts,
            revisions,
            resolution,
        })
    }

    fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.tops
            .iter()
            .find(|(t, _)| t == id)
            .map_or(id, |(_, n)| n.as_str())
    }

    /// The top-level branch that moves most between two sets, as "Name a% → b%".
    fn biggest(&self, from: &BTreeMap<String, f64>, to: &BTreeMap<String, f64>) -> String {
        from.iter()
            .filter_map(|(id, &a)| Some((id, a, *to.get(id)?)))
            .max_by(|x, y| (x.2 - x.1).abs().total_cmp(&(y.2 - y.1).abs()))
            .map_or_else(
                || "—".to_owned(),
                |(id, a, b)| format!("{} {} → {}", self.name_of(id), pct(a), pct(b)),
            )
    }

    /// The sections as aligned text.
    pub(super) fn table(&self) -> String {
        let mut out = format!(
            "\nSignposts (most telling first; status as of {}; \"moves\" is the expected change of the composites, mean over regions)\n",
            self.today
                .as_deref()
                .unwrap_or("no date: the scenario has none")
        );
        for r in &self.signposts {
            let due = r
                .expected_by
                .as_deref()
                .map_or_else(String::new, |d| format!(", due {d}"));
            out.push_str(&format!("  {} [{}{due}] {}\n", r.id, r.status, r.name));
            match &r.problem {
                Some(p) => out.push_str(&format!("      cannot be worked out: {p}\n")),
                None => {
                    let seen = r.if_seen.as_ref().map_or_else(
                        || "cannot be seen".to_owned(),
                        |m| self.biggest(&self.now, m),
                    );
                    let not = r.if_not_seen.as_ref().map_or_else(
                        || "certain to be seen".to_owned(),
                        |m| self.biggest(&self.now, m),
                    );
                    out.push_str(&format!(
                        "      P(seen) {}; if seen: {seen}; if not seen: {not}; moves {:.2}\n",
                        r.chance_seen.map_or_else(|| "—".to_owned(), pct),
                        r.movement.unwrap_or(f64::NAN)
                    ));
                }
            }
        }
        if !self.revisions.is_empty() {
            out.push_str("\nRevisions (oldest first)\n");
            for r in &self.revisions {
                let what = match (&r.signpost, r.seen) {
                    (Some(id), Some(true)) => format!("{id} seen"),
                    (Some(id), _) => format!("{id} not seen"),
                    _ => "manual".to_owned(),
                };
                out.push_str(&format!(
                    "  {:>3}  {}  {what}: {}\n",
                    r.number,
                    r.date,
                    self.biggest(&r.before, &r.after)
                ));
                if let Some(brier) = r.brier {
                    out.push_str(&format!(
                        "       Brier {brier:.3}, log score {}{}\n",
                        r.log_score
                            .map_or_else(|| "−∞".to_owned(), |v| format!("{v:.3}")),
                        r.verdict
                            .map_or_else(String::new, |v| format!(" ({v} than before)"))
                    ));
                }
                if !r.note.is_empty() {
                    out.push_str(&format!("       {}\n", r.note));
                }
            }
        }
        if let Some(res) = &self.resolution {
            out.push_str(&format!(
                "\nResolved {}: \"{}\" happened{}\n",
                res.date,
                res.branch,
                res.initial_brier.map_or_else(String::new, |b| format!(
                    "; before the first revision the Brier score was {b:.3}"
                ))
            ));
        }
        out
    }

    /// The sections as two further CSV tables: one row per signpost and top-level branch, and
    /// one per revision and top-level branch (when there are revisions).
    pub(super) fn csv(&self) -> Vec<CsvTable> {
        let mut signposts = CsvTable::new(
            "signpost,name,status,expected_by,chance_seen,movement,branch,now,if_seen,if_not_seen",
        );
        for r in &self.signposts {
            for (id, _) in &self.tops {
                let side = |m: &Option<BTreeMap<String, f64>>| {
                    csv_opt(m.as_ref().and_then(|m| m.get(id).copied()))
                };
                signposts.rows.push(vec![
                    csv_field(&r.id),
                    csv_field(&r.name),
                    csv_field(r.status),
                    csv_field(r.expected_by.as_deref().unwrap_or("")),
                    csv_opt(r.chance_seen),
                    csv_opt(r.movement),
                    csv_field(id),
                    csv_opt(self.now.get(id).copied()),
                    side(&r.if_seen),
                    side(&r.if_not_seen),
                ]);
            }
        }
        let mut out = vec![signposts];
        if !self.revisions.is_empty() {
            let mut revisions = CsvTable::new(
                "revision,date,signpost,seen,note,branch,before,after,brier,log_score",
            );
            for r in &self.revisions {
                for (id, _) in &self.tops {
                    revisions.rows.push(vec![
                        r.number.to_string(),
                        csv_field(&r.date),
                        csv_field(r.signpost.as_deref().unwrap_or("")),
                        r.seen
                            .map_or("", |s| if s { "yes" } else { "no" })
                            .to_owned(),
                        csv_field(&r.note),
                        csv_field(id),
                        csv_opt(r.before.get(id).copied()),
                        csv_opt(r.after.get(id).copied()),
                        csv_opt(r.brier),
                        csv_opt(r.log_score),
                    ]);
                }
            }
            out.push(revisions);
        }
        out
    }
}
