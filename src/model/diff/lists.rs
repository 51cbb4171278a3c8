//! Differences of the lists beside the tree: indicators, regions, views and their overrides,
//! signposts, revisions and slides.

use super::pair::{common_subsequence, occurrences, pair_by_key};
use super::{DiffKind, Difference, changed, diff, prob_text, round};
use crate::model::{EffectOverride, ProbOverride, Scenario, Slide, View};

/// Items matched by id (and by occurrence among equal ids): removed, changed (with `details`
/// naming what changed) and added.
fn keyed<'a, T>(
    what: &'static str,
    a: &'a [T],
    b: &'a [T],
    id: impl Fn(&'a T) -> &'a str,
    details: impl Fn(&T, &T) -> Vec<String>,
    out: &mut Vec<Difference>,
) {
    let (partners, added) = pair_by_key(a, b, &id);
    for (x, partner) in a.iter().zip(partners) {
        match partner.map(|j| &b[j]) {
            None => out.push(diff(what, id(x), DiffKind::Removed, None, None)),
            Some(y) => {
                let d = details(x, y);
                if !d.is_empty() {
                    out.push(diff(
                        what,
                        id(x),
                        DiffKind::Changed,
                        None,
                        Some(d.join("; ")),
                    ));
                }
            }
        }
    }
    for j in added {
        out.push(diff(what, id(&b[j]), DiffKind::Added, None, None));
    }
}

fn name_change(x: &str, y: &str, d: &mut Vec<String>) {
    if x != y {
        d.push(format!("name \"{x}\" → \"{y}\""));
    }
}

pub(super) fn indicators(a: &Scenario, b: &Scenario, out: &mut Vec<Difference>) {
    keyed(
        "indicator",
        &a.indicators,
        &b.indicators,
        |i| i.id.as_str(),
        |x, y| {
            let mut d = Vec::new();
            name_change(&x.name, &y.name, &mut d);
            if x.unit != y.unit {
                d.push(format!("unit \"{}\" → \"{}\"", x.unit, y.unit));
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
            if x.description != y.description {
                d.push("description".to_owned());
            }
            d
        },
        out,
    );
}

pub(super) fn regions(a: &Scenario, b: &Scenario, out: &mut Vec<Difference>) {
    keyed(
        "region",
        &a.regions,
        &b.regions,
        |r| r.id.as_str(),
        |x, y| {
            let mut d = Vec::new();
            name_change(&x.name, &y.name, &mut d);
            let ind = |bl: &crate::model::Baseline| bl.indicator.clone();
            let (partners, added) = pair_by_key(&x.baselines, &y.baselines, ind);
            for (bl, p) in x.baselines.iter().zip(partners) {
                match p.map(|j| &y.baselines[j]) {
                    Some(nb) if nb.value != bl.value => d.push(format!(
                        "baseline of {} {} → {}",
                        bl.indicator, bl.value, nb.value
                    )),
                    Some(_) => {}
                    None => d.push(format!("baseline of {} removed", bl.indicator)),
                }
            }
            for j in added {
                let nb = &y.baselines[j];
                d.push(format!("baseline of {} set to {}", nb.indicator, nb.value));
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
        out,
    );
}

pub(super) fn views(a: &Scenario, b: &Scenario, out: &mut Vec<Difference>) {
    keyed(
        "view",
        &a.views,
        &b.views,
        |v| v.id.as_str(),
        |x, y| {
            let mut d = Vec::new();
            name_change(&x.name, &y.name, &mut d);
            if x.kind != y.kind {
                d.push(format!("kind {} → {}", x.kind.label(), y.kind.label()));
            }
            if x.weight != y.weight {
                d.push(format!("weight {} → {}", x.weight, y.weight));
            }
            if x.pool != y.pool {
                d.push(format!("pool {} → {}", x.pool.label(), y.pool.label()));
            }
            if x.note != y.note {
                d.push("note".to_owned());
            }
            let kept = |v: &View| v.detached.len() + v.detached_effects.len();
            if (&x.detached, &x.detached_effects) != (&y.detached, &y.detached_effects) {
                d.push(format!("kept-apart overrides {} → {}", kept(x), kept(y)));
            }
            d
        },
        out,
    );
    // What each view sets, override by override, for the views in both.
    let (partners, _) = pair_by_key(&a.views, &b.views, |v| v.id.as_str());
    for (x, p) in a.views.iter().zip(partners) {
        if let Some(y) = p.map(|j| &b.views[j]) {
            overrides(x, y, out);
        }
    }
}

/// A view's probability and effect overrides, one difference each.
fn overrides(x: &View, y: &View, out: &mut Vec<Difference>) {
    if x.probabilities != y.probabilities {
        let text = |o: &ProbOverride| prob_text(o.probability, o.range);
        let key = |o: &ProbOverride| format!("{}/{}", x.id, o.branch);
        let (partners, added) =
            pair_by_key(&x.probabilities, &y.probabilities, |o| o.branch.as_str());
        for (o, p) in x.probabilities.iter().zip(partners) {
            match p.map(|j| &y.probabilities[j]) {
                None => out.push(diff(
                    "override",
                    key(o),
                    DiffKind::Removed,
                    Some(text(o)),
                    None,
                )),
                Some(n) if n != o => out.push(changed("override", key(o), text(o), text(n))),
                Some(_) => {}
            }
        }
        for j in added {
            let n = &y.probabilities[j];
            out.push(diff(
                "override",
                key(n),
                DiffKind::Added,
                None,
                Some(text(n)),
            ));
        }
    }
    if x.effects != y.effects {
        let cell = |o: &EffectOverride| (o.branch.clone(), o.region.clone(), o.indicator.clone());
        let text = |o: &EffectOverride| {
            format!(
                "{} / {} / {}",
                round(o.change.low),
                round(o.change.likely),
                round(o.change.high)
            )
        };
        let (nx, ny) = (occurrences(&x.effects, cell), occurrences(&y.effects, cell));
        let several = nx.iter().chain(&ny).any(|&n| n > 0);
        let key = |o: &EffectOverride, n: usize| {
            let base = format!("{}/{}/{}/{}", x.id, o.branch, o.region, o.indicator);
            if several {
                format!("{base}#{}", n + 1)
            } else {
                base
            }
        };
        let (partners, added) = pair_by_key(&x.effects, &y.effects, cell);
        for (k, (o, p)) in x.effects.iter().zip(partners).enumerate() {
            match p.map(|j| &y.effects[j]) {
                None => out.push(diff(
                    "override",
                    key(o, nx[k]),
                    DiffKind::Removed,
                    Some(text(o)),
                    None,
                )),
                Some(n) if n != o => out.push(changed("override", key(o, nx[k]), text(o), text(n))),
                Some(_) => {}
            }
        }
        for j in added {
            let n = &y.effects[j];
            out.push(diff(
                "override",
                key(n, ny[j]),
                DiffKind::Added,
                None,
                Some(text(n)),
            ));
        }
    }
}

pub(super) fn signposts(a: &Scenario, b: &Scenario, out: &mut Vec<Difference>) {
    keyed(
        "signpost",
        &a.signposts,
        &b.signposts,
        |v| v.id.as_str(),
        |x, y| {
            let mut d = Vec::new();
            name_change(&x.name, &y.name, &mut d);
            if x.expected_by != y.expected_by {
                d.push(format!(
                    "expected by {} → {}",
                    x.expected_by.as_deref().unwrap_or("none"),
                    y.expected_by.as_deref().unwrap_or("none")
                ));
            }
            if x.likelihoods != y.likelihoods {
                let (partners, added) =
                    pair_by_key(&x.likelihoods, &y.likelihoods, |l| l.branch.as_str());
                for (l, p) in x.likelihoods.iter().zip(partners) {
                    match p.map(|j| &y.likelihoods[j]) {
                        None => d.push(format!("likelihood on {} removed", l.branch)),
                        Some(n) if n.seen != l.seen => d.push(format!(
                            "likelihood on {} {} → {}",
                            l.branch,
                            round(l.seen),
                            round(n.seen)
                        )),
                        Some(_) => {}
                    }
                }
                for j in added {
                    let n = &y.likelihoods[j];
                    d.push(format!(
                        "likelihood on {} set to {}",
                        n.branch,
                        round(n.seen)
                    ));
                }
                if d.is_empty() {
                    d.push("likelihoods reordered".to_owned());
                }
            }
            if x.source != y.source {
                d.push(format!(
                    "source {} → {}",
                    x.source.label(),
                    y.source.label()
                ));
            }
            for (field, p, q) in [
                ("description", &x.description, &y.description),
                ("watch", &x.watch, &y.watch),
                ("rationale", &x.rationale, &y.rationale),
            ] {
                if p != q {
                    d.push(field.to_owned());
                }
            }
            d
        },
        out,
    );
}

/// Revisions are a record, appended to and never rewritten: compared place by place.
pub(super) fn revisions(a: &Scenario, b: &Scenario, out: &mut Vec<Difference>) {
    let label = |r: &crate::model::Revision| match &r.evidence {
        Some(e) => format!(
            "{}: {} {}",
            r.date,
            e.signpost,
            if e.seen { "seen" } else { "not seen" }
        ),
        None => format!("{}: manual revision", r.date),
    };
    for (n, (x, y)) in a.revisions.iter().zip(&b.revisions).enumerate() {
        if x != y {
            let what = if label(x) == label(y) {
                format!("{} (note or probabilities changed)", label(y))
            } else {
                label(y)
            };
            out.push(changed("revision", (n + 1).to_string(), label(x), what));
        }
    }
    let shared = a.revisions.len().min(b.revisions.len());
    for (n, x) in a.revisions.iter().enumerate().skip(shared) {
        out.push(diff(
            "revision",
            (n + 1).to_string(),
            DiffKind::Removed,
            Some(label(x)),
            None,
        ));
    }
    for (n, y) in b.revisions.iter().enumerate().skip(shared) {
        out.push(diff(
            "revision",
            (n + 1).to_string(),
            DiffKind::Added,
            None,
            Some(label(y)),
        ));
    }
}

fn slide_text(s: &Slide) -> String {
    format!("\"{}\" ({})", s.title, s.chart.label())
}

/// Slides have no ids: the longest run of equal slides pairs them, and what lies between
/// two paired slides is changed place by place, then added or removed.
pub(super) fn slides(a: &Scenario, b: &Scenario, out: &mut Vec<Difference>) {
    if a.slides == b.slides {
        return;
    }
    let pairs = common_subsequence(&a.slides, &b.slides);
    let (mut i, mut j) = (0, 0);
    let ends = pairs
        .iter()
        .copied()
        .chain(std::iter::once((a.slides.len(), b.slides.len())));
    for (pi, pj) in ends {
        while i < pi && j < pj {
            let (x, y) = (&a.slides[i], &b.slides[j]);
            out.push(changed(
                "slide",
                (j + 1).to_string(),
                slide_text(x),
                slide_changes(x, y),
            ));
            i += 1;
            j += 1;
        }
        for k in i..pi {
            out.push(diff(
                "slide",
                (k + 1).to_string(),
                DiffKind::Removed,
                Some(slide_text(&a.slides[k])),
                None,
            ));
        }
        for k in j..pj {
            out.push(diff(
                "slide",
                (k + 1).to_string(),
                DiffKind::Added,
                None,
                Some(slide_text(&b.slides[k])),
            ));
        }
        i = pi + 1;
        j = pj + 1;
    }
}

/// What changed in a slide, in words.
fn slide_changes(x: &Slide, y: &Slide) -> String {
    let mut d = vec![slide_text(y)];
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "none".to_owned());
    if x.region != y.region {
        d.push(format!("region {} → {}", opt(&x.region), opt(&y.region)));
    }
    if x.indicator != y.indicator {
        d.push(format!(
            "indicator {} → {}",
            x.indicator.as_deref().unwrap_or("composite"),
            y.indicator.as_deref().unwrap_or("composite")
        ));
    }
    if x.branch != y.branch {
        d.push(format!("branch {} → {}", opt(&x.branch), opt(&y.branch)));
    }
    if x.view != y.view {
        d.push(format!(
            "view {} → {}",
            x.view.as_deref().unwrap_or("base"),
            y.view.as_deref().unwrap_or("base")
        ));
    }
    if x.compare != y.compare {
        d.push(format!(
            "compares {} → {}",
            x.compare.join(" "),
            y.compare.join(" ")
        ));
    }
    if (x.month, x.change) != (y.month, y.change) {
        d.push("map month or mode".to_owned());
    }
    if x.note != y.note {
        d.push("speaker notes".to_owned());
    }
    d.join("; ")
}
