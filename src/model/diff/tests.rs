//! The diff by id: a scenario against itself, one insertion, moves, effects on one cell,
//! views, signposts, revisions and slides. Expected lists are written out by hand.

use super::*;
use crate::model::generate::{GenerateSpec, generate};
use crate::model::{
    Branch, Change, ChartKind, Effect, EffectOverride, Evidence, Likelihood, Prob, ProbOverride,
    Profile, Revision, Slide,
};

fn bundled() -> Scenario {
    crate::io::default_scenario()
}

/// (what, id, kind) of each difference, for comparing with a list written by hand.
fn summary(d: &[Difference]) -> Vec<(&'static str, String, DiffKind)> {
    d.iter().map(|x| (x.what, x.id.clone(), x.kind)).collect()
}

fn effect(region: &str, indicator: &str, likely: f64) -> Effect {
    Effect {
        region: region.into(),
        indicator: indicator.into(),
        change: Change::point(likely),
        onset_months: 0,
        profile: Profile::Step,
    }
}

#[test]
fn a_scenario_against_itself_has_no_differences() {
    let s = bundled();
    assert_eq!(differences(&s, &s.clone()), vec![]);
    // A generated scenario with two effects of one branch on one cell, in every branch.
    let mut g = generate(GenerateSpec {
        leaves: 300,
        regions: 3,
        indicators: 2,
        months: 12,
        seed: 4,
    });
    let (r, k) = (g.regions[0].id.clone(), g.indicators[0].id.clone());
    for b in &mut g.branches {
        b.effects.push(effect(&r, &k, 1.0));
        b.effects.push(effect(&r, &k, -2.0));
    }
    assert_eq!(differences(&g, &g.clone()), vec![]);
}

#[test]
fn one_inserted_branch_is_one_change() {
    let a = bundled();
    let mut b = a.clone();
    // A new first top-level branch: every later sibling keeps its order.
    let mut new = Branch::new("new-first", "New first", Prob::Value(0.0));
    new.outcome = Some(crate::model::Outcome::Partial);
    b.branches.insert(0, new);
    assert_eq!(
        summary(&differences(&a, &b)),
        vec![("branch", "new-first".into(), DiffKind::Added)]
    );
    // And removing it again is one removal.
    assert_eq!(
        summary(&differences(&b, &a)),
        vec![("branch", "new-first".into(), DiffKind::Removed)]
    );
}

#[test]
fn a_sibling_moved_to_the_end_is_the_only_move() {
    let a = bundled();
    let tops: Vec<usize> = (0..a.branches.len())
        .filter(|&i| a.branches[i].parent.is_none())
        .collect();
    assert!(tops.len() >= 3);
    let first = a.branches[tops[0]].id.clone();
    let mut b = a.clone();
    let moved = b.branches.remove(tops[0]);
    b.branches.push(moved);
    let d = differences(&a, &b);
    assert_eq!(
        summary(&d),
        vec![("branch", first.clone(), DiffKind::Moved)]
    );
    let n = tops.len();
    assert_eq!(d[0].before.as_deref(), Some("top level, place 1"));
    assert_eq!(
        d[0].after.as_deref(),
        Some(format!("top level, place {n}").as_str())
    );
}

#[test]
fn a_new_parent_is_a_move_with_both_parents() {
    let a = bundled();
    let child = a
        .branches
        .iter()
        .find(|b| b.parent.is_some())
        .expect("a sub-branch")
        .clone();
    let other_top = a
        .branches
        .iter()
        .find(|b| b.parent.is_none() && Some(&b.id) != child.parent.as_ref())
        .expect("another top-level branch")
        .id
        .clone();
    let mut b = a.clone();
    if let Some(x) = b.branches.iter_mut().find(|x| x.id == child.id) {
        x.parent = Some(other_top.clone());
    }
    let d = differences(&a, &b);
    assert_eq!(
        summary(&d),
        vec![("branch", child.id.clone(), DiffKind::Moved)]
    );
    assert_eq!(d[0].before, child.parent.clone());
    assert_eq!(d[0].after, Some(other_top));
}

#[test]
fn two_effects_on_one_cell_pair_in_order() {
    let mut a = Scenario::default();
    let mut br = Branch::new("x", "X", Prob::Value(1.0));
    br.effects = vec![
        effect("r", "k", 1.0),
        effect("r", "k", 2.0),
        effect("q", "k", 3.0),
    ];
    a.branches.push(br);
    let mut b = a.clone();
    b.branches[0].effects[1].change = Change::point(5.0);
    let d = differences(&a, &b);
    assert_eq!(
        summary(&d),
        vec![("effect", "x/r/k#2".into(), DiffKind::Changed)]
    );
    assert_eq!(
        d[0].before.as_deref(),
        Some("2 / 2 / 2 from month 0 (step)")
    );
    assert_eq!(d[0].after.as_deref(), Some("5 / 5 / 5 from month 0 (step)"));
    // A third effect on the cell is an addition, numbered.
    b.branches[0].effects[1].change = Change::point(2.0);
    b.branches[0].effects.push(effect("r", "k", 9.0));
    assert_eq!(
        summary(&differences(&a, &b)),
        vec![("effect", "x/r/k#3".into(), DiffKind::Added)]
    );
    // A profile's own parameters count.
    let mut c = a.clone();
    c.branches[0].effects[2].profile = Profile::Ramp { months: 3 };
    let mut e = c.clone();
    e.branches[0].effects[2].profile = Profile::Ramp { months: 6 };
    let d = differences(&c, &e);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].id, "x/q/k");
    assert_eq!(
        d[0].after.as_deref(),
        Some("3 / 3 / 3 from month 0 (ramp over 6 months)")
    );
}

#[test]
fn views_say_which_override_changed() {
    let a = bundled();
    let view = a
        .views
        .iter()
        .find(|v| !v.probabilities.is_empty())
        .expect("a view with probabilities")
        .clone();
    let o = view.probabilities[0].clone();
    let mut b = a.clone();
    let v = b.views.iter_mut().find(|v| v.id == view.id).expect("view");
    v.probabilities[0].probability = Prob::Value(0.5);
    v.probabilities[0].range = None;
    let d = differences(&a, &b);
    assert_eq!(
        summary(&d),
        vec![(
            "override",
            format!("{}/{}", view.id, o.branch),
            DiffKind::Changed
        )]
    );
    assert_eq!(d[0].before, Some(prob_text(o.probability, o.range)));
    assert_eq!(d[0].after.as_deref(), Some("50%"));
    // An added effect override and a new weight.
    let br = a
        .branches
        .iter()
        .find(|x| !x.effects.is_empty())
        .expect("a branch with effects");
    let e = &br.effects[0];
    let v = b.views.iter_mut().find(|v| v.id == view.id).expect("view");
    v.probabilities[0] = o.clone();
    v.weight = 3.0;
    v.effects.push(EffectOverride {
        branch: br.id.clone(),
        region: e.region.clone(),
        indicator: e.indicator.clone(),
        change: Change {
            low: 1.0,
            likely: 2.0,
            high: 3.0,
        },
    });
    let d = differences(&a, &b);
    assert_eq!(
        summary(&d),
        vec![
            ("view", view.id.clone(), DiffKind::Changed),
            (
                "override",
                format!("{}/{}/{}/{}", view.id, br.id, e.region, e.indicator),
                DiffKind::Added
            ),
        ]
    );
    assert_eq!(
        d[0].after.as_deref(),
        Some(format!("weight {} → 3", view.weight).as_str())
    );
    assert_eq!(d[1].before, None);
    assert_eq!(d[1].after.as_deref(), Some("1 / 2 / 3"));
}

#[test]
fn a_new_view_and_a_removed_probability_override() {
    let mut a = Scenario::default();
    a.branches.push(Branch::new("x", "X", Prob::Value(1.0)));
    let mut v = crate::model::View::new("v", "V", crate::model::ViewKind::Policy);
    v.probabilities.push(ProbOverride {
        branch: "x".into(),
        probability: Prob::Value(0.4),
        range: None,
    });
    a.views.push(v);
    let mut b = a.clone();
    b.views[0].probabilities.clear();
    b.views.push(crate::model::View::new(
        "w",
        "W",
        crate::model::ViewKind::Analyst,
    ));
    assert_eq!(
        summary(&differences(&a, &b)),
        vec![
            ("view", "w".into(), DiffKind::Added),
            ("override", "v/x".into(), DiffKind::Removed),
        ]
    );
}

#[test]
fn signposts_name_the_likelihood_that_changed() {
    let a = bundled();
    let sp = a.signposts[0].clone();
    let mut b = a.clone();
    b.signposts[0].likelihoods[0].seen = 0.123;
    b.signposts[0].likelihoods.push(Likelihood {
        branch: "somewhere".into(),
        seen: 0.5,
    });
    let d = differences(&a, &b);
    assert_eq!(
        summary(&d),
        vec![("signpost", sp.id.clone(), DiffKind::Changed)]
    );
    let l = &sp.likelihoods[0];
    assert_eq!(
        d[0].after.as_deref(),
        Some(
            format!(
                "likelihood on {} {} → 0.123; likelihood on somewhere set to 0.5",
                l.branch, l.seen
            )
            .as_str()
        )
    );
    b.signposts.remove(1);
    assert!(summary(&differences(&a, &b)).contains(&(
        "signpost",
        a.signposts[1].id.clone(),
        DiffKind::Removed
    )));
}

#[test]
fn revisions_are_compared_place_by_place() {
    let a = bundled();
    let mut b = a.clone();
    b.revisions.push(Revision {
        date: "2027-01-05".into(),
        evidence: Some(Evidence {
            signpost: "iaea-access".into(),
            seen: true,
        }),
        note: "new".into(),
        ..Revision::default()
    });
    let n = b.revisions.len();
    let d = differences(&a, &b);
    assert_eq!(
        summary(&d),
        vec![("revision", n.to_string(), DiffKind::Added)]
    );
    assert_eq!(d[0].after.as_deref(), Some("2027-01-05: iaea-access seen"));
}

#[test]
fn one_inserted_slide_is_one_change() {
    let a = bundled();
    assert!(a.slides.len() >= 3);
    let mut b = a.clone();
    b.slides.insert(
        1,
        Slide {
            title: "Inserted".into(),
            chart: ChartKind::Heatmap,
            ..Slide::default()
        },
    );
    let d = differences(&a, &b);
    assert_eq!(summary(&d), vec![("slide", "2".into(), DiffKind::Added)]);
    assert_eq!(d[0].after.as_deref(), Some("\"Inserted\" (Heatmap)"));
    // A changed slide names what changed.
    let mut c = a.clone();
    c.slides[2].note = "Say this".into();
    let d = differences(&a, &c);
    assert_eq!(summary(&d), vec![("slide", "3".into(), DiffKind::Changed)]);
    assert!(
        d[0].after
            .as_deref()
            .unwrap_or("")
            .ends_with("speaker notes")
    );
    // A removed slide.
    let mut e = a.clone();
    e.slides.remove(0);
    assert_eq!(
        summary(&differences(&a, &e)),
        vec![("slide", "1".into(), DiffKind::Removed)]
    );
}

#[test]
fn every_field_of_the_scenario_is_compared() {
    let a = bundled();
    type Mutation = Box<dyn Fn(&mut Scenario)>;
    let mutations: Vec<(&str, Mutation)> = vec![
        ("unit", Box::new(|s| s.indicators[0].unit.push('!'))),
        (
            "description",
            Box::new(|s| s.indicators[0].description.push('!')),
        ),
        (
            "baseline removed",
            Box::new(|s| {
                s.regions[0].baselines.pop();
            }),
        ),
        ("rationale", Box::new(|s| s.branches[0].rationale.push('!'))),
        (
            "source",
            Box::new(|s| s.signposts[0].source = crate::model::SourceType::Other),
        ),
        ("watch", Box::new(|s| s.signposts[0].watch.push('!'))),
        ("view note", Box::new(|s| s.views[0].note.push('!'))),
        (
            "kept apart",
            Box::new(|s| {
                s.views[0].detached.push(ProbOverride {
                    branch: "gone".into(),
                    probability: Prob::Value(0.5),
                    range: None,
                })
            }),
        ),
        (
            "resolution note",
            Box::new(|s| {
                s.resolution = Some(crate::model::Resolution {
                    branch: "x".into(),
                    date: "2027-01-01".into(),
                    note: String::new(),
                })
            }),
        ),
        ("summary", Box::new(|s| s.header.summary.push('!'))),
        ("seed", Box::new(|s| s.header.seed += 1)),
        ("slide month", Box::new(|s| s.slides[0].month = Some(3))),
    ];
    for (what, change) in mutations {
        let mut b = a.clone();
        change(&mut b);
        assert_ne!(a, b, "{what}: the mutation changed nothing");
        assert!(!differences(&a, &b).is_empty(), "{what} is not compared");
    }
}

#[test]
fn added_entries_carry_a_before_of_null_in_json() {
    let a = Scenario::default();
    let mut b = a.clone();
    b.branches.push(Branch::new("x", "X", Prob::Value(1.0)));
    let json = serde_json::to_value(differences(&a, &b)).expect("json");
    assert_eq!(json[0]["before"], serde_json::Value::Null);
    assert_eq!(json[0]["after"], "X");
    assert!(
        json[0]
            .as_object()
            .is_some_and(|o| o.contains_key("before"))
    );
}
