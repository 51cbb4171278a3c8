//! Operations on the scenario's lists: regions, indicators, the scenario's own fields and slides.

use super::{Op, OpError};
use crate::edit::Edit;
use crate::model::Header;
use crate::model::{Baseline, Branch, Effect, Indicator, Region, Scenario};

/// How many effects name this region or indicator.
pub fn effects_using(s: &Scenario, pred: impl Fn(&Effect) -> bool) -> usize {
    s.branches
        .iter()
        .flat_map(|b| &b.effects)
        .filter(|e| pred(e))
        .count()
}

/// Branches with the effects matching `pred` removed.
fn without_effects(s: &Scenario, pred: impl Fn(&Effect) -> bool) -> Vec<Branch> {
    s.branches
        .iter()
        .filter(|b| b.effects.iter().any(&pred))
        .map(|b| {
            let mut nb = b.clone();
            nb.effects.retain(|e| !pred(e));
            nb
        })
        .collect()
}

/// Delete a region and every effect on it.
pub fn delete_region(s: &Scenario, id: &str) -> Result<Op, OpError> {
    let r = s
        .region(id)
        .ok_or_else(|| format!("there is no region \"{id}\""))?;
    let mut regions = s.regions.clone();
    regions.retain(|r| r.id != id);
    let branches = without_effects(s, |e| e.region == id);
    let mut edits = vec![Edit::Regions(regions)];
    if !branches.is_empty() {
        edits.push(Edit::SetBranches(branches));
    }
    Ok(Op::new(
        Edit::Compound(edits),
        format!("Delete region {}", r.name),
    ))
}

/// Delete an indicator, its baselines and every effect on it.
pub fn delete_indicator(s: &Scenario, id: &str) -> Result<Op, OpError> {
    let ind = s
        .indicator(id)
        .ok_or_else(|| format!("there is no indicator \"{id}\""))?;
    let mut indicators = s.indicators.clone();
    indicators.retain(|i| i.id != id);
    let mut regions = s.regions.clone();
    for r in &mut regions {
        r.baselines.retain(|b| b.indicator != id);
    }
    let branches = without_effects(s, |e| e.indicator == id);
    let mut edits = vec![Edit::Indicators(indicators), Edit::Regions(regions)];
    if !branches.is_empty() {
        edits.push(Edit::SetBranches(branches));
    }
    Ok(Op::new(
        Edit::Compound(edits),
        format!("Delete indicator {}", ind.name),
    ))
}

/// Add a region with every baseline at the middle of its scale.
pub fn add_region(s: &Scenario) -> Op {
    let id = s.fresh_id("new-region");
    let mut regions = s.regions.clone();
    regions.push(Region {
        id: id.clone(),
        name: "New region".into(),
        countries: Vec::new(),
        baselines: s
            .indicators
            .iter()
            .map(|i| Baseline {
                indicator: i.id.clone(),
                value: 0.5 * (i.min + i.max),
            })
            .collect(),
    });
    Op::new(Edit::Regions(regions), "Add region")
}

/// Add an indicator on a 0–100 scale, with every region's baseline at 50.
pub fn add_indicator(s: &Scenario) -> Op {
    let id = s.fresh_id("new-indicator");
    let mut indicators = s.indicators.clone();
    indicators.push(Indicator {
        id: id.clone(),
        name: "New indicator".into(),
        unit: "index 0–100".into(),
        min: 0.0,
        max: 100.0,
        higher_is_better: true,
        description: String::new(),
        alert_threshold: 40.0,
        weight: 1.0,
    });
    let mut regions = s.regions.clone();
    for r in &mut regions {
        r.baselines.push(Baseline {
            indicator: id.clone(),
            value: 50.0,
        });
    }
    Op::new(
        Edit::Compound(vec![Edit::Indicators(indicators), Edit::Regions(regions)]),
        "Add indicator",
    )
}

/// Change a region; `what` names the field.
pub fn update_region(
    s: &Scenario,
    id: &str,
    what: &str,
    change: impl FnOnce(&mut Region),
) -> Result<Op, OpError> {
    let mut regions = s.regions.clone();
    let r = regions
        .iter_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| format!("there is no region \"{id}\""))?;
    let name = r.name.clone();
    change(r);
    Ok(Op::new(Edit::Regions(regions), format!("Change {what} of {name}")).keyed(what, id))
}

/// Change an indicator; `what` names the field.
pub fn update_indicator(
    s: &Scenario,
    id: &str,
    what: &str,
    change: impl FnOnce(&mut Indicator),
) -> Result<Op, OpError> {
    let mut indicators = s.indicators.clone();
    let i = indicators
        .iter_mut()
        .find(|i| i.id == id)
        .ok_or_else(|| format!("there is no indicator \"{id}\""))?;
    let name = i.name.clone();
    change(i);
    Ok(Op::new(
        Edit::Indicators(indicators),
        format!("Change {what} of {name}"),
    )
    .keyed(what, id))
}

/// Change the scenario-wide fields; `what` names the field.
pub fn update_header(s: &Scenario, what: &str, change: impl FnOnce(&mut Header)) -> Op {
    let mut h = s.header.clone();
    change(&mut h);
    Op::new(Edit::Header(Box::new(h)), format!("Change scenario {what}")).keyed(what, "scenario")
}

fn check_new_id(s: &Scenario, new: &str) -> Result<(), OpError> {
    let ok = !new.is_empty()
        && new
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    if !ok {
        return Err(format!(
            "\"{new}\" cannot be an id: use letters, digits, '-', '_' or '.'"
        ));
    }
    if s.fresh_id(new) != new {
        return Err(format!("the id \"{new}\" is taken"));
    }
    Ok(())
}

/// Change a region's id, and every reference to it.
pub fn rename_region_id(s: &Scenario, old: &str, new: &str) -> Result<Op, OpError> {
    s.region(old)
        .ok_or_else(|| format!("there is no region \"{old}\""))?;
    check_new_id(s, new)?;
    let mut regions = s.regions.clone();
    for r in &mut regions {
        if r.id == old {
            r.id = new.to_owned();
        }
    }
    let branches: Vec<Branch> = s
        .branches
        .iter()
        .filter(|b| b.effects.iter().any(|e| e.region == old))
        .map(|b| {
            let mut nb = b.clone();
            for e in &mut nb.effects {
                if e.region == old {
                    e.region = new.to_owned();
                }
            }
            nb
        })
        .collect();
    let mut slides = s.slides.clone();
    for sl in &mut slides {
        if sl.region.as_deref() == Some(old) {
            sl.region = Some(new.to_owned());
        }
    }
    let mut edits = vec![Edit::Regions(regions), Edit::Slides(slides)];
    if !branches.is_empty() {
        edits.push(Edit::SetBranches(branches));
    }
    if let Some(views) = renamed_in_views(s, |o| &mut o.region, old, new) {
        edits.push(Edit::Views(views));
    }
    Ok(Op::new(
        Edit::Compound(edits),
        format!("Change region id {old} to {new}"),
    ))
}

/// Change an indicator's id, and every reference to it.
pub fn rename_indicator_id(s: &Scenario, old: &str, new: &str) -> Result<Op, OpError> {
    s.indicator(old)
        .ok_or_else(|| format!("there is no indicator \"{old}\""))?;
    check_new_id(s, new)?;
    let mut indicators = s.indicators.clone();
    for i in &mut indicators {
        if i.id == old {
            i.id = new.to_owned();
        }
    }
    let mut regions = s.regions.clone();
    for r in &mut regions {
        for b in &mut r.baselines {
            if b.indicator == old {
                b.indicator = new.to_owned();
            }
        }
    }
    let branches: Vec<Branch> = s
        .branches
        .iter()
        .filter(|b| b.effects.iter().any(|e| e.indicator == old))
        .map(|b| {
            let mut nb = b.clone();
            for e in &mut nb.effects {
                if e.indicator == old {
                    e.indicator = new.to_owned();
                }
            }
            nb
        })
        .collect();
    let mut slides = s.slides.clone();
    for sl in &mut slides {
        if sl.indicator.as_deref() == Some(old) {
            sl.indicator = Some(new.to_owned());
        }
    }
    let mut edits = vec![
        Edit::Indicators(indicators),
        Edit::Regions(regions),
        Edit::Slides(slides),
    ];
    if !branches.is_empty() {
        edits.push(Edit::SetBranches(branches));
    }
    if let Some(views) = renamed_in_views(s, |o| &mut o.indicator, old, new) {
        edits.push(Edit::Views(views));
    }
    Ok(Op::new(
        Edit::Compound(edits),
        format!("Change indicator id {old} to {new}"),
    ))
}

/// The views with an id in their effect overrides (the field `field` picks) changed from `old`
/// to `new`; `None` if no override names it.
fn renamed_in_views(
    s: &Scenario,
    field: impl Fn(&mut crate::model::EffectOverride) -> &mut String,
    old: &str,
    new: &str,
) -> Option<Vec<crate::model::View>> {
    let mut views = s.views.clone();
    let mut changed = false;
    for o in views
        .iter_mut()
        .flat_map(|v| v.effects.iter_mut().chain(v.detached_effects.iter_mut()))
    {
        let id = field(o);
        if id == old {
            *id = new.to_owned();
            changed = true;
        }
    }
    changed.then_some(views)
}

/// Replace the slide list.
pub fn set_slides(
    s: &Scenario,
    label: &str,
    change: impl FnOnce(&mut Vec<crate::model::Slide>),
) -> Op {
    let mut slides = s.slides.clone();
    change(&mut slides);
    Op::new(Edit::Slides(slides), label)
}

/// Change the view list.
pub fn set_views(
    s: &Scenario,
    label: &str,
    change: impl FnOnce(&mut Vec<crate::model::View>),
) -> Op {
    let mut views = s.views.clone();
    change(&mut views);
    Op::new(Edit::Views(views), label)
}

/// Add a view of a kind, named after the kind; returns the op and the new view's id.
pub fn add_view(s: &Scenario, kind: crate::model::ViewKind) -> (Op, String) {
    let stem = match kind {
        crate::model::ViewKind::Policy => "option",
        crate::model::ViewKind::Analyst => "analyst",
        crate::model::ViewKind::Pooled => "pooled",
    };
    let taken = |id: &str| s.views.iter().any(|v| v.id == id) || id == crate::model::BASE_VIEW_ID;
    let id = (1..)
        .map(|n| format!("{stem}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| stem.to_owned());
    let n = s.views.iter().filter(|v| v.kind == kind).count() + 1;
    let name = match kind {
        crate::model::ViewKind::Policy => format!("Policy option {n}"),
        crate::model::ViewKind::Analyst => format!("Analyst {n}"),
        crate::model::ViewKind::Pooled => "Pooled analysts".to_owned(),
    };
    let view = crate::model::View::new(id.clone(), name.clone(), kind);
    (
        set_views(s, &format!("Add view {name}"), |v| v.push(view)),
        id,
    )
}

/// Remove what view `view` sets on branch `branch` (its probability and effects): the branch
/// shows the base's values again.
pub fn reset_to_base(s: &Scenario, view: &str, branch: &str) -> Result<Op, OpError> {
    let v = s
        .view(view)
        .ok_or_else(|| format!("there is no view \"{view}\""))?;
    if !v.touches(branch) {
        return Err(format!("“{}” sets nothing on this branch", v.name));
    }
    let name = s.branch(branch).map_or(branch, |b| b.name.as_str());
    Ok(set_views(s, &format!("Reset {name} to base"), |views| {
        if let Some(v) = views.iter_mut().find(|x| x.id == view) {
            v.probabilities.retain(|o| o.branch != branch);
            v.effects.retain(|o| o.branch != branch);
        }
    }))
}
