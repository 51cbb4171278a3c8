//! Views: resolving, pooling, comparing, validation, editing through a view, and the file
//! format's step to version 3. Expected values are worked out by hand in the comments.

mod common;

use common::*;
use muscat::edit;
use muscat::engine::compare;
use muscat::io::{load_str, to_ron_string};
use muscat::model::{
    Change, EffectOverride, Pool, Prob, ProbOverride, ProbRange, Scenario, Severity, View,
    ViewKind, validate,
};

/// One region "r", one indicator "x" (0–100, higher is better, baseline 50), and two
/// top-level branches: "deal" (+10, 50%) and "fail" (−20, the rest).
fn two_way() -> Scenario {
    let mut s = one_cell(50.0);
    let mut deal = branch("deal", None, Some(0.5));
    deal.effects.push(step("r", "x", 10.0, 0));
    let mut fail = branch("fail", None, None);
    fail.effects.push(step("r", "x", -20.0, 0));
    s.branches = vec![deal, fail];
    s
}

fn prob_view(id: &str, kind: ViewKind, deal: f64) -> View {
    let mut v = View::new(id, id.to_uppercase(), kind);
    v.probabilities.push(ProbOverride {
        branch: "deal".into(),
        probability: Prob::Value(deal),
        range: None,
    });
    v
}

fn cond(s: &Scenario, id: &str) -> f64 {
    let tree = muscat::model::TreeIndex::new(s);
    let i = s.branch_pos(id).expect("branch");
    muscat::model::conditional(s, &tree)[i].expect("defined")
}

#[test]
fn a_view_that_overrides_nothing_equals_base() {
    let mut s = two_way();
    s.views.push(View::new("empty", "Empty", ViewKind::Policy));
    let mut base = s.resolved(None);
    let mut view = s.resolved(Some("empty"));
    base.views.clear();
    view.views.clear();
    assert_eq!(base, view);
}

#[test]
fn resolving_applies_probabilities_ranges_and_effects() {
    let mut s = two_way();
    let mut v = prob_view("opt", ViewKind::Policy, 0.8);
    v.probabilities[0].range = Some(ProbRange {
        low: 0.7,
        high: 0.9,
    });
    v.effects.push(EffectOverride {
        branch: "deal".into(),
        region: "r".into(),
        indicator: "x".into(),
        change: Change {
            low: 4.0,
            likely: 6.0,
            high: 8.0,
        },
    });
    s.views.push(v);
    let r = s.resolved(Some("opt"));
    let deal = r.branch("deal").expect("deal");
    assert_eq!(deal.probability, Prob::Value(0.8));
    assert_eq!(
        deal.range,
        Some(ProbRange {
            low: 0.7,
            high: 0.9
        })
    );
    assert_eq!(deal.effects[0].change.likely, 6.0);
    // The base is untouched.
    assert_eq!(
        s.branch("deal").expect("deal").probability,
        Prob::Value(0.5)
    );
    // Expected: 50 + 0.8 × 6 − 0.2 × 20 = 50.8.
    let e = muscat::engine::Expected::compute(&r);
    close(e.value(0, 0, 12), 50.8, 1e-9);
}

#[test]
fn pools_match_hand_worked_values() {
    let mut s = two_way();
    let mut a = prob_view("a", ViewKind::Analyst, 0.1);
    a.weight = 1.0;
    let mut b = prob_view("b", ViewKind::Analyst, 0.4);
    b.weight = 3.0;
    s.views = vec![a, b, View::new("pool", "Pool", ViewKind::Pooled)];
    // Linear, weights 1 and 3: deal = (0.1 + 3 × 0.4) / 4 = 0.325; fail = (0.9 + 3 × 0.6) / 4 = 0.675.
    let lin = s.resolved(Some("pool"));
    close(cond(&lin, "deal"), 0.325, 1e-12);
    close(cond(&lin, "fail"), 0.675, 1e-12);
    // The pooled range spans the analysts: 10% to 40%.
    let r = lin.branch("deal").and_then(|b| b.range).expect("range");
    close(r.low, 0.1, 1e-12);
    close(r.high, 0.4, 1e-12);
    // Logarithmic: deal ∝ 0.1^0.25 × 0.4^0.75 = 0.2828427, fail ∝ 0.9^0.25 × 0.6^0.75 = 0.6640092;
    // normalised, deal = 0.2828427 / 0.9468519 = 0.2987191.
    s.views[2].pool = Pool::Logarithmic;
    let log = s.resolved(Some("pool"));
    close(cond(&log, "deal"), 0.2987191, 1e-6);
    close(cond(&log, "fail"), 1.0 - 0.2987191, 1e-6);
}

#[test]
fn the_bundled_pool_is_the_weighted_mean_of_three_analysts() {
    let s = bundled();
    let pooled = s.resolved(Some("pooled"));
    // Analysts A, B, C give the deal 10%, 22% and 15%, weights 1, 1 and 0.5:
    // (0.10 + 0.22 + 0.5 × 0.15) / 2.5 = 0.158.
    close(cond(&pooled, "deal"), 0.158, 1e-12);
    // Interim: (0.30 + 0.40 + 0.5 × 0.36) / 2.5 = 0.352; the collapse takes the rest, 0.49.
    close(cond(&pooled, "interim"), 0.352, 1e-12);
    close(cond(&pooled, "failure"), 0.49, 1e-12);
    // The spread on the deal: lowest A (10%), highest B (22%).
    let spreads = s.analyst_spreads();
    let sp = &spreads["deal"];
    close(sp.low.0, 0.10, 1e-12);
    close(sp.high.0, 0.22, 1e-12);
    assert_eq!(sp.low.1, vec!["Analyst A (regional security)".to_owned()]);
    assert_eq!(
        sp.high.1,
        vec!["Analyst B (Iran's domestic politics)".to_owned()]
    );
}

#[test]
fn compare_gives_hand_worked_differences_ranges_and_break_even() {
    let mut s = two_way();
    s.views = vec![
        prob_view("good", ViewKind::Policy, 0.8),
        prob_view("bad", ViewKind::Policy, 0.3),
    ];
    let cols = compare::columns(&s, &["base".into(), "good".into(), "bad".into()], Some(0));
    assert_eq!(cols.len(), 3);
    // Base 50 + 5 − 10 = 45; good 50 + 8 − 4 = 54; bad 50 + 3 − 14 = 39.
    let base = cols[0].cell(0, Some(0));
    let good = cols[1].cell(0, Some(0));
    let bad = cols[2].cell(0, Some(0));
    close(base.expected, 45.0, 1e-9);
    close(good.expected - base.expected, 9.0, 1e-9);
    close(bad.expected - base.expected, -6.0, 1e-9);
    // Outcomes under "good": 30 (20%) and 60 (80%): the 5th percentile is 30, the 95th 60.
    close(good.low, 30.0, 1e-9);
    close(good.high, 60.0, 1e-9);
    // The composite equals the indicator here (one indicator, 0–100, higher is better).
    let v = compare::verdict(&s, &cols).expect("two policy options");
    assert_eq!(v.leader, 1);
    assert_eq!(v.runner_up, 2);
    close(v.overall[0], 54.0, 1e-9);
    close(v.overall[1], 39.0, 1e-9);
    // Under "good", the deal at q gives 50 + 10q − 20(1 − q) = 39 when q = 0.3 (a move of 0.5);
    // under "bad", it gives 54 when q = 0.8 (also 0.5). Ties go to the leader's move.
    let m = v.break_even.expect("a break-even");
    assert_eq!(m.branch, "deal");
    assert_eq!(m.under, 1);
    close(m.from, 0.8, 1e-12);
    close(m.to, 0.3, 1e-9);
    // With the deal worth only +4 under "good": good = 50 + 0.8 × 4 − 0.2 × 20 = 49.2, bad 39.
    // The leader falls to 39 at 50 + 4q − 20(1 − q) = 39, q = 0.375 (a move of 0.425); the
    // runner-up rises to 49.2 at 50 + 10q − 20(1 − q) = 49.2, q = 0.64 (a move of 0.34): the
    // smaller move, under "bad", is the break-even.
    s.views[0].effects.push(EffectOverride {
        branch: "deal".into(),
        region: "r".into(),
        indicator: "x".into(),
        change: Change::point(4.0),
    });
    let cols = compare::columns(&s, &["good".into(), "bad".into()], None);
    let v = compare::verdict(&s, &cols).expect("verdict");
    close(v.overall[0], 49.2, 1e-9);
    let m = v.break_even.expect("break-even");
    assert_eq!(m.under, 1);
    close(m.from, 0.3, 1e-12);
    close(m.to, 0.64, 1e-9);
}

#[test]
fn a_comparison_that_names_a_view_many_times_shows_it_once() {
    let mut s = two_way();
    s.views = vec![
        prob_view("good", ViewKind::Policy, 0.8),
        prob_view("bad", ViewKind::Policy, 0.3),
    ];
    // 20,000 mentions of "good" between "bad" and "base": three columns, in first-mention order.
    let mut ids: Vec<String> = vec!["bad".into()];
    ids.extend(std::iter::repeat_n("good".to_owned(), 20_000));
    ids.push("base".into());
    ids.push("bad".into());
    let cols = compare::columns(&s, &ids, None);
    let names: Vec<&str> = cols.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(names, ["bad", "good", "base"]);
    // Good: 50 + 8 − 4 = 54, as worked out above.
    close(cols[1].value(0, Some(0)), 54.0, 1e-9);
    // A slide of the same list charts each view once.
    let slide = muscat::model::Slide {
        chart: muscat::model::ChartKind::Compare,
        compare: ids,
        ..Default::default()
    };
    let spec = muscat::charts::ChartSpec::of_slide(&s, &slide);
    assert_eq!(spec.compare, ["bad", "good", "base"]);
}

#[test]
fn the_bundled_options_have_a_verdict_and_a_break_even() {
    let s = bundled();
    let cols = compare::columns(&s, &[], None);
    let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Base",
            "US keeps zero enrichment",
            "US accepts capped enrichment"
        ]
    );
    let v = compare::verdict(&s, &cols).expect("verdict");
    assert_eq!(cols[v.leader].name, "US accepts capped enrichment");
    let m = v.break_even.expect("some probability changes the answer");
    assert!((0.0..=1.0).contains(&m.to), "{m:?}");
    assert!((m.to - m.from).abs() > 0.0);
}

#[test]
fn bad_overrides_are_errors_at_their_line() {
    let base = muscat::io::DEFAULT_SCENARIO;
    let bad = base.replacen(
        "(branch: \"deal\", probability: 0.1, range: (0.05, 0.18)),",
        "(branch: \"no-such-branch\", probability: 0.1),",
        1,
    );
    assert_ne!(bad, base, "the fixture line is in the bundled file");
    let e = load_str(&bad, "bad.ron").expect_err("unknown branch");
    let p = &e.problems[0];
    assert!(
        p.message.contains("unknown branch \"no-such-branch\""),
        "{e}"
    );
    let line = bad
        .lines()
        .position(|l| l.contains("no-such-branch"))
        .expect("line")
        + 1;
    assert_eq!(p.line, Some(line), "{e}");
    // A set that sums to zero in a view is an error, as in the base.
    let zero = base
        .replacen(
            "(branch: \"deal\", probability: 0.22),",
            "(branch: \"deal\", probability: 0.0), (branch: \"failure\", probability: 0.0),",
            1,
        )
        .replacen(
            "(branch: \"interim\", probability: 0.4),",
            "(branch: \"interim\", probability: 0.0),",
            1,
        );
    let e = load_str(&zero, "zero.ron").expect_err("sum 0");
    assert!(e.to_string().contains("sum to 0"), "{e}");
    assert!(e.to_string().contains("view \"analyst-domestic\""), "{e}");
}

#[test]
fn view_checks_name_what_is_wrong() {
    let mut s = two_way();
    let mut dup = prob_view("opt", ViewKind::Policy, 0.8);
    dup.probabilities.push(dup.probabilities[0].clone());
    let mut wide = prob_view("base", ViewKind::Analyst, 1.5);
    wide.weight = 0.0;
    s.views = vec![dup, wide, View::new("p", "P", ViewKind::Pooled)];
    let d = validate(&s);
    let has = |sev: Severity, text: &str| {
        d.iter()
            .any(|x| x.severity == sev && x.message.contains(text))
    };
    assert!(
        has(
            Severity::Error,
            "sets the probability of branch \"deal\" twice"
        ),
        "{d:?}"
    );
    assert!(
        has(Severity::Error, "may not have the id \"base\""),
        "{d:?}"
    );
    assert!(has(Severity::Error, "has weight 0"), "{d:?}");
    assert!(has(Severity::Error, "probability 1.5"), "{d:?}");
    // The bundled scenario's views are clean.
    assert!(validate(&bundled()).is_empty());
}

#[test]
fn version_two_files_migrate_and_the_current_version_round_trips() {
    let v2 = std::fs::read_to_string("tests/data/v2-example.ron").expect("fixture");
    let loaded = load_str(&v2, "v2.ron").expect("migrates");
    assert_eq!(loaded.migrated_from, Some(2));
    assert!(loaded.scenario.views.is_empty());
    assert_eq!(
        loaded.scenario.header.title,
        "Strait of Hormuz shipping incident"
    );
    assert_eq!(loaded.scenario.branches.len(), 5);
    let text = to_ron_string(&loaded.scenario);
    assert!(text.contains("version: 5"));
    let again = load_str(&text, "v3.ron").expect("current");
    assert_eq!(again.migrated_from, None);
    assert_eq!(again.scenario, loaded.scenario);
    // The bundled views survive a round trip exactly.
    let s = bundled();
    assert_eq!(s.views.len(), 6);
    let back = load_str(&to_ron_string(&s), "again.ron").expect("reads");
    assert_eq!(back.scenario, s);
    // Views in a file that says version 2 are refused, naming the version to write.
    let v3 = std::fs::read_to_string("tests/data/v3-example.ron").expect("fixture");
    let wrong = v3.replacen("version: 3", "version: 2", 1);
    let e = load_str(&wrong, "wrong.ron").expect_err("views need 3");
    assert!(
        e.to_string().contains("`views` came in format version 3"),
        "{e}"
    );
}

#[test]
fn edits_through_a_view_set_overrides_and_reset_to_base() {
    let mut s = two_way();
    s.views.push(View::new("opt", "Option", ViewKind::Policy));
    // The panel builds its edit on the view's scenario: deal to 70%, fail rebalanced.
    let shown = s.resolved(Some("opt"));
    let op = edit::ops::set_probability(&shown, "deal", 0.7, true).expect("op");
    let e = edit::views::retarget(&s, "opt", op.edit).expect("retargets");
    edit::apply(&mut s, e).expect("applies");
    // The base keeps 50%; the view holds 70%.
    assert_eq!(
        s.branch("deal").expect("deal").probability,
        Prob::Value(0.5)
    );
    let v = s.view("opt").expect("view");
    assert_eq!(
        v.probability_of("deal").map(|o| o.probability),
        Some(Prob::Value(0.7))
    );
    close(cond(&s.resolved(Some("opt")), "deal"), 0.7, 1e-12);
    // A rename through the view goes to the base, and leaves the view's numbers alone.
    let shown = s.resolved(Some("opt"));
    let op = edit::ops::rename_branch(&shown, "deal", "A deal").expect("op");
    let e = edit::views::retarget(&s, "opt", op.edit).expect("retargets");
    edit::apply(&mut s, e).expect("applies");
    assert_eq!(s.branch("deal").expect("deal").name, "A deal");
    assert_eq!(
        s.branch("deal").expect("deal").probability,
        Prob::Value(0.5)
    );
    assert!(
        s.view("opt")
            .expect("view")
            .probability_of("deal")
            .is_some()
    );
    // Reset to base.
    let op = edit::ops::reset_to_base(&s, "opt", "deal").expect("op");
    edit::apply(&mut s, op.edit).expect("applies");
    assert!(!s.view("opt").expect("view").touches("deal"));
    close(cond(&s.resolved(Some("opt")), "deal"), 0.5, 1e-12);
    // A pooled view refuses numbers of its own.
    s.views.push(View::new("pool", "Pool", ViewKind::Pooled));
    let shown = s.resolved(Some("pool"));
    let op = edit::ops::set_probability(&shown, "deal", 0.9, true).expect("op");
    assert!(edit::views::retarget(&s, "pool", op.edit).is_err());
}

/// How deep an edit nests, and how many view lists it keeps.
fn depth_and_view_lists(e: &edit::Edit) -> (usize, usize) {
    match e {
        edit::Edit::Compound(es) => es
            .iter()
            .map(depth_and_view_lists)
            .fold((1, 0), |a, b| (a.0.max(b.0 + 1), a.1 + b.1)),
        edit::Edit::Views(_) => (0, 1),
        _ => (0, 0),
    }
}

#[test]
fn a_drag_under_a_view_is_one_flat_undo_step_however_long_it_lasts() {
    // Two views, so the drag's step would keep two kinds of list if it kept one per frame.
    let mut s = two_way();
    s.views.push(View::new("opt", "Option", ViewKind::Policy));
    s.views.push(prob_view("other", ViewKind::Policy, 0.3));
    let before = s.clone();
    let mut history = edit::History::default();
    let start = history.state();
    let key = Some(edit::MergeKey::new("probability", "deal"));
    // A drag of 500 frames from 50% to 90% in the view "opt", as the window applies it.
    let frames = 500;
    let mut sizes = Vec::new();
    for f in 1..=frames {
        let p = 0.5 + 0.4 * f as f64 / frames as f64;
        let shown = s.resolved(Some("opt"));
        let op = edit::ops::set_probability(&shown, "deal", p, true).expect("op");
        let e = edit::views::retarget(&s, "opt", op.edit).expect("retargets");
        let e = edit::views::with_upkeep(&s, e);
        history
            .apply(&mut s, e, "Change probability", key.clone())
            .expect("applies");
        sizes.push(depth_and_view_lists(history.undo_edit().expect("a step")));
    }
    // One copy of the view list, one level of nesting, from the first frame to the last.
    for (f, &(depth, lists)) in sizes.iter().enumerate() {
        assert!(depth <= 1, "frame {f}: nested {depth} deep");
        assert!(lists <= 1, "frame {f}: {lists} view lists kept");
    }
    let after = s.clone();
    close(cond(&s.resolved(Some("opt")), "deal"), 0.9, 1e-12);
    // One undo takes the whole drag back, base and both views; one redo brings it again.
    history.seal();
    history.undo(&mut s).expect("undo");
    assert_eq!(s, before);
    assert_eq!(history.state(), start);
    assert!(history.undo_label().is_none(), "the drag was one step");
    history.redo(&mut s).expect("redo");
    assert_eq!(s, after);
}

#[test]
fn deleting_a_branch_keeps_its_overrides_apart_and_undo_brings_them_back() {
    let mut s = two_way();
    s.views.push(prob_view("opt", ViewKind::Policy, 0.8));
    let op = edit::ops::delete_branch(&s, "deal").expect("op");
    let e = edit::views::with_upkeep(&s, op.edit);
    let before = s.clone();
    let inverse = edit::apply(&mut s, e).expect("applies");
    let v = s.view("opt").expect("view");
    assert!(v.probabilities.is_empty());
    assert_eq!(v.detached.len(), 1);
    assert_eq!(v.detached[0].branch, "deal");
    // Kept apart, it is a warning, not an error: the file still opens.
    let d = validate(&s);
    assert!(
        d.iter()
            .any(|x| x.severity == Severity::Warning && x.message.contains("apart"))
    );
    edit::apply(&mut s, inverse).expect("undoes");
    assert_eq!(s, before);
}

#[test]
fn renaming_a_region_id_updates_effect_overrides() {
    let mut s = two_way();
    let mut v = View::new("opt", "Option", ViewKind::Analyst);
    v.effects.push(EffectOverride {
        branch: "deal".into(),
        region: "r".into(),
        indicator: "x".into(),
        change: Change::point(3.0),
    });
    s.views.push(v);
    let op = edit::ops::rename_region_id(&s, "r", "region-one").expect("op");
    let e = edit::views::with_upkeep(&s, op.edit);
    edit::apply(&mut s, e).expect("applies");
    let v = s.view("opt").expect("view");
    assert_eq!(v.effects[0].region, "region-one");
    assert!(v.detached_effects.is_empty());
    assert!(validate(&s).iter().all(|d| d.severity != Severity::Error));
}

#[test]
fn more_views_than_the_limit_is_an_error_naming_it() {
    let mut s = two_way();
    s.views = (0..=muscat::model::limits::MAX_VIEWS)
        .map(|i| View::new(format!("v{i}"), format!("V{i}"), ViewKind::Policy))
        .collect();
    let d = validate(&s);
    assert!(
        d.iter()
            .any(|x| x.severity == Severity::Error
                && x.message.contains("51 views; the limit is 50")),
        "{d:?}"
    );
}

/// Each view's probability of every branch, given its parent, by branch id.
fn view_numbers(s: &Scenario) -> Vec<(String, Vec<(String, f64)>)> {
    s.views
        .iter()
        .map(|v| {
            let r = s.resolved(Some(&v.id));
            let tree = muscat::model::TreeIndex::new(&r);
            let c = muscat::model::conditional(&r, &tree);
            let list = r
                .branches
                .iter()
                .zip(c)
                .map(|(b, p)| (b.id.clone(), p.unwrap_or(f64::NAN)))
                .collect();
            (v.id.clone(), list)
        })
        .collect()
}

fn assert_same_numbers(a: &Scenario, b: &Scenario) {
    for ((va, xa), (vb, xb)) in view_numbers(a).iter().zip(view_numbers(b).iter()) {
        assert_eq!(va, vb);
        for ((ia, pa), (ib, pb)) in xa.iter().zip(xb) {
            assert_eq!(ia, ib);
            assert!((pa - pb).abs() < 1e-12, "view {va}: {ia} {pa} → {pb}");
        }
    }
}

fn warnings(s: &Scenario) -> Vec<String> {
    validate(s).into_iter().map(|d| d.message).collect()
}

#[test]
fn making_another_sibling_the_remainder_keeps_every_view_valid() {
    let mut s = bundled();
    assert!(warnings(&s).is_empty(), "{:?}", warnings(&s));
    // "failure" is the top level's remainder; the policy views set deal and interim and leave
    // failure to fill the rest. Making "interim" the remainder gives failure a value of its own.
    let before = s.clone();
    let op = edit::ops::set_remainder(&s, "interim", true).expect("op");
    let e = edit::views::with_upkeep(&s, op.edit);
    let inverse = edit::apply(&mut s, e).expect("applies");
    assert!(
        s.branch("interim")
            .expect("interim")
            .probability
            .is_remainder()
    );
    assert!(
        !s.branch("failure")
            .expect("failure")
            .probability
            .is_remainder()
    );
    assert!(warnings(&s).is_empty(), "{:?}", warnings(&s));
    // Every view shows the numbers it showed.
    assert_same_numbers(&before, &s);
    edit::apply(&mut s, inverse).expect("undoes");
    assert_eq!(s, before);
}

#[test]
fn dragging_a_base_sibling_a_view_leaves_to_the_base_keeps_the_view_valid() {
    // deal 0.5 and fail 0.5, both explicit; the view sets deal only, so its set sums to 1
    // through the base's fail.
    let mut s = two_way();
    let fail = s.branch_pos("fail").expect("fail");
    s.branches[fail].probability = Prob::Value(0.5);
    s.views.push(prob_view("opt", ViewKind::Policy, 0.5));
    assert!(warnings(&s).is_empty(), "{:?}", warnings(&s));
    let before = s.clone();
    // The base's deal to 0.6 rebalances fail to 0.4; the view would show 0.5 + 0.4 = 0.9.
    let op = edit::ops::set_probability(&s, "deal", 0.6, true).expect("op");
    let e = edit::views::with_upkeep(&s, op.edit);
    edit::apply(&mut s, e).expect("applies");
    assert!((cond(&s, "fail") - 0.4).abs() < 1e-12);
    assert!(warnings(&s).is_empty(), "{:?}", warnings(&s));
    // The view keeps fail at 0.5, as it showed before.
    let v = s.view("opt").expect("view");
    assert_eq!(
        v.probability_of("fail").map(|o| o.probability),
        Some(Prob::Value(0.5))
    );
    assert_same_numbers(&before, &s);
}
