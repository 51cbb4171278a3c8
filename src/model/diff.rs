//! What changed between two scenarios, by id: header fields, regions, indicators, branches
//! (added, removed, moved), probabilities, effects, views and slides.

use super::{Branch, Effect, Prob, ProbRange, Scenario};
use serde::Serialize;
use std::collections::HashMap;

/// How an item changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffKind {
    /// Only in the second scenario.
    Added,
    /// Only in the first.
    Removed,
    /// In both, with a different value.
    Changed,
    /// In both, under another parent or at another place among its siblings.
    Moved,
}

impl DiffKind {
    /// The word for tables.
    pub fn word(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
            Self::Moved => "moved",
        }
    }
}

/// One difference.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// What kind of item: `header`, `region`, `indicator`, `branch`, `probability`, `effect`,
    /// `view`, `signpost`, `revisions`, `resolution` or `slides`.
    pub what: &'static str,
    /// The item's id (for an effect, `branch/region/indicator`; for a header field, its name).
    pub id: String,
    /// How it changed.
    pub kind: DiffKind,
    /// The value before, where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The value after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

fn diff(
    what: &'static str,
    id: impl Into<String>,
    kind: DiffKind,
    before: Option<String>,
    after: Option<String>,
) -> Difference {
    Difference {
        what,
        id: id.into(),
        kind,
        before,
        after,
    }
}

fn changed(what: &'static str, id: impl Into<String>, before: String, after: String) -> Difference {
    diff(what, id, DiffKind::Changed, Some(before), Some(after))
}

fn prob_text(p: Prob, r: Option<ProbRange>) -> String {
    let mut s = match p {
        Prob::Value(v) => format!("{}", round(v * 100.0)) + "%",
        Prob::Remainder => "remainder".to_owned(),
    };
    if let Some(r) = r {
        s.push_str(&format!(
            " ({}–{}%)",
            round(r.low * 100.0),
            round(r.high * 100.0)
        ));
    }
    s
}

/// A number without float noise: 15.000000000000002 → 15.
fn round(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn effect_text(e: &Effect) -> String {
    format!(
        "{} / {} / {} from month {} ({})",
        e.change.low,
        e.change.likely,
        e.change.high,
        e.onset_months,
        e.profile.label()
    )
}

/// Every difference from `a` to `b`, in a stable order: header, indicators, regions, branches
/// (in `a`'s order, then those added), views, signposts, revisions, the resolution, slides.
pub fn differences(a: &Scenario, b: &Scenario) -> Vec<Difference> {
    let mut out = Vec::new();
    header(a, b, &mut out);
    keyed(
        "indicator",
        &a.indicators,
        &b.indicators,
        |i| &i.id,
        |x, y| {
            let mut d = Vec::new();
            if x.name != y.name {
                d.push(format!("name \"{}\" → \"{}\"", x.name, y.name));
            }
            if (x.min, x.max) != (y.min, y.max) {
                d.push(format!("scale {}–{} → {}–{}", x.min, x.max, y.min, y.max));
            }
            if x.alert_threshold != y.alert_threshold {
                d.push(format!(
                    "threshold {} → {}",
                    x.alert_threshold, y.alert_threshold
                ));
            }
            if x.weight != y.weight {
                d.push(format!("weight {} → {}", x.weight, y.weight));
            }
            if x.higher_is_better != y.higher_is_better {
                d.push("direction reversed".to_owned());
            }
            d
        },
        &mut out,
    );
    keyed(
        "region",
        &a.regions,
        &b.regions,
        |r| &r.id,
        |x, y| {
            let mut d = Vec::new();
            if x.name != y.name {
                d.push(format!("name \"{}\" → \"{}\"", x.name, y.name));
            }
            for bl in &y.baselines {
                match x.baseline(&bl.indicator) {
                    Some(v) if v != bl.value => {
                        d.push(format!("baseline of {} {v} → {}", bl.indicator, bl.value))
                    }
                    None => d.push(format!("baseline of {} set to {}", bl.indicator, bl.value)),
                    _ => {}
                }
            }
            if x.countries != y.countries {
                d.push(format!(
                    "countries {} → {}",
                    x.countries.join(" "),
                    y.countries.join(" ")
                ));
            }
            d
        },
        &mut out,
    );
    branches(a, b, &mut out);
    keyed(
        "view",
        &a.views,
        &b.views,
        |v| &v.id,
        |x, y| {
            let mut d = Vec::new();
            if x.name != y.name {
                d.push(format!("name \"{}\" → \"{}\"", x.name, y.name));
            }
            if x.kind != y.kind {
                d.push(format!("kind {} → {}", x.kind.label(), y.kind.label()));
            }
            if x.probabilities != y.probabilities || x.effects != y.effects {
                d.push(format!(
                    "overrides {} → {}",
                    x.probabilities.len() + x.effects.len(),
                    y.probabilities.len() + y.effects.len()
                ));
            }
            if x.weight != y.weight {
                d.push(format!("weight {} → {}", x.weight, y.weight));
            }
            if x.pool != y.pool || x.note != y.note {
                d.push("pool or note".to_owned());
            }
            d
        },
        &mut out,
    );
    keyed(
        "signpost",
        &a.signposts,
        &b.signposts,
        |v| &v.id,
        |x, y| {
            let mut d = Vec::new();
            if x.name != y.name {
                d.push(format!("name \"{}\" → \"{}\"", x.name, y.name));
            }
            if x.expected_by != y.expected_by {
                d.push(format!(
                    "expected by {} → {}",
                    x.expected_by.as_deref().unwrap_or("none"),
                    y.expected_by.as_deref().unwrap_or("none")
                ));
            }
            if x.likelihoods != y.likelihoods {
                d.push(format!(
                    "likelihoods ({} → {})",
                    x.likelihoods.len(),
                    y.likelihoods.len()
                ));
            }
            if (&x.description, &x.watch, &x.rationale, x.source)
                != (&y.description, &y.watch, &y.rationale, y.source)
            {
                d.push("description, watch, source or rationale".to_owned());
            }
            d
        },
        &mut out,
    );
    if a.revisions != b.revisions {
        let kept = a
            .revisions
            .iter()
            .zip(&b.revisions)
            .take_while(|(x, y)| x == y)
            .count();
        let what = if kept == a.revisions.len() {
            format!("{} added", b.revisions.len() - kept)
        } else {
            format!("changed from revision {}", kept + 1)
        };
        out.push(changed(
            "revisions",
            "revisions",
            format!("{} revisions", a.revisions.len()),
            format!("{} revisions ({what})", b.revisions.len()),
        ));
    }
    if a.resolution != b.resolution {
        let text = |r: &Option<super::Resolution>| {
            r.as_ref().map_or_else(
                || "unresolved".to_owned(),
                |r| format!("{} on {}", r.branch, r.date),
            )
        };
        out.push(changed(
            "resolution",
            "resolution",
            text(&a.resolution),
            text(&b.resolution),
        ));
    }
    if a.slides != b.slides {
        out.push(changed(
            "slides",
            "slides",
            format!("{} slides", a.slides.len()),
            format!("{} slides", b.slides.len()),
        ));
    }
    out
}

fn header(a: &Scenario, b: &Scenario, out: &mut Vec<Difference>) {
    let (x, y) = (&a.header, &b.header);
    let mut field = |name: &'static str, before: String, after: String| {
        if before != after {
            out.push(changed("header", name, before, after));
        }
    };
    field("title", x.title.clone(), y.title.clone());
    field("summary", x.summary.clone(), y.summary.clone());
    field("as_of", x.as_of.clone(), y.as_of.clone());
    field("authors", x.authors.join("; "), y.authors.join("; "));
    field(
        "sources",
        format!("{} sources", x.sources.len()),
        if x.sources == y.sources {
            format!("{} sources", x.sources.len())
        } else {
            format!("{} sources (changed)", y.sources.len())
        },
    );
    field(
        "horizon_months",
        x.horizon_months.to_string(),
        y.horizon_months.to_string(),
    );
    field("seed", x.seed.to_string(), y.seed.to_string());
    field(
        "illustrative",
        x.illustrative.to_string(),
        y.illustrative.to_string(),
    );
}

/// Items matched by id: added, removed, and changed (with `details` naming what changed).
fn keyed<T>(
    what: &'static str,
    a: &[T],
    b: &[T],
    id: impl Fn(&T) -> &String,
    details: impl Fn(&T, &T) -> Vec<String>,
    out: &mut Vec<Difference>,
) {
    let in_b: HashMap<&String, &T> = b.iter().map(|x| (id(x), x)).collect();
    let in_a: HashMap<&String, &T> = a.iter().map(|x| (id(x), x)).collect();
    for x in a {
        match in_b.get(id(x)) {
            None => out.push(diff(what, id(x).clone(), DiffKind::Removed, None, None)),
            Some(y) => {
                let d = details(x, y);
                if !d.is_empty() {
                    out.push(diff(
                        what,
                        id(x).clone(),
                        DiffKind::Changed,
                        None,
                        Some(d.join("; ")),
                    ));
                }
            }
        }
    }
    for y in b {
        if !in_a.contains_key(id(y)) {
            out.push(diff(what, id(y).clone(), DiffKind::Added, None, None));
        }
    }
}

fn branches(a: &Scenario, b: &Scenario, out: &mut Vec<Difference>) {
    let in_b: HashMap<&str, &Branch> = b.branches.iter().map(|x| (x.id.as_str(), x)).collect();
    let in_a: HashMap<&str, &Branch> = a.branches.iter().map(|x| (x.id.as_str(), x)).collect();
    // A branch's place among its siblings, by the ids of the siblings before it.
    let place = |s: &Scenario, br: &Branch| -> usize {
        s.branches
            .iter()
            .filter(|o| o.parent == br.parent)
            .position(|o| o.id == br.id)
            .unwrap_or(0)
    };
    for x in &a.branches {
        let Some(y) = in_b.get(x.id.as_str()) else {
            out.push(diff(
                "branch",
                x.id.clone(),
                DiffKind::Removed,
                Some(x.name.clone()),
                None,
            ));
            continue;
        };
        if x.parent != y.parent || place(a, x) != place(b, y) {
            let at = |p: &Option<String>| p.clone().unwrap_or_else(|| "top level".to_owned());
            out.push(diff(
                "branch",
                x.id.clone(),
                DiffKind::Moved,
                Some(at(&x.parent)),
                Some(at(&y.parent)),
            ));
        }
        let mut fields = Vec::new();
        if x.name != y.name {
            fields.push(format!("name \"{}\" → \"{}\"", x.name, y.name));
        }
        if x.outcome != y.outcome {
            fields.push("outcome class".to_owned());
        }
        if x.rationale != y.rationale || x.sources != y.sources {
            fields.push("rationale or sources".to_owned());
        }
        if x.locked != y.locked {
            fields.push(if y.locked { "locked" } else { "unlocked" }.to_owned());
        }
        if !fields.is_empty() {
            out.push(diff(
                "branch",
                x.id.clone(),
                DiffKind::Changed,
                None,
                Some(fields.join("; ")),
            ));
        }
        if (x.probability, x.range) != (y.probability, y.range) {
            out.push(changed(
                "probability",
                x.id.clone(),
                prob_text(x.probability, x.range),
                prob_text(y.probability, y.range),
            ));
        }
        effects(x, y, out);
    }
    for y in &b.branches {
        if !in_a.contains_key(y.id.as_str()) {
            out.push(diff(
                "branch",
                y.id.clone(),
                DiffKind::Added,
                None,
                Some(y.name.clone()),
            ));
        }
    }
}

fn effects(x: &Branch, y: &Branch, out: &mut Vec<Difference>) {
    let key = |e: &Effect| format!("{}/{}/{}", x.id, e.region, e.indicator);
    let find = |list: &[Effect], e: &Effect| {
        list.iter()
            .find(|o| o.region == e.region && o.indicator == e.indicator)
            .cloned()
    };
    for e in &x.effects {
        match find(&y.effects, e) {
            None => out.push(diff(
                "effect",
                key(e),
                DiffKind::Removed,
                Some(effect_text(e)),
                None,
            )),
            Some(f) if f != *e => {
                out.push(changed("effect", key(e), effect_text(e), effect_text(&f)))
            }
            Some(_) => {}
        }
    }
    for f in &y.effects {
        if find(&x.effects, f).is_none() {
            out.push(diff(
                "effect",
                key(f),
                DiffKind::Added,
                None,
                Some(effect_text(f)),
            ));
        }
    }
}
