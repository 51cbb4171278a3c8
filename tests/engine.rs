//! The engine on small trees whose numbers are worked out by hand, and Monte Carlo statistics.

mod common;

use common::*;
use muscat::engine::{Expected, McSettings, run_monte_carlo};
use muscat::model::{Change, ProbRange, Profile};

/// A (0.3): +10 from month 0.
/// B (remainder, 0.7): +4 from month 2, with children
///   B1 (0.5): −20 from month 0
///   B2 (0.5): nothing.
fn worked_example() -> muscat::model::Scenario {
    let mut s = one_cell(50.0);
    let mut a = branch("a", None, Some(0.3));
    a.effects.push(step("r", "x", 10.0, 0));
    let mut b = branch("b", None, None);
    b.effects.push(step("r", "x", 4.0, 2));
    let mut b1 = branch("b1", Some("b"), Some(0.5));
    b1.effects.push(step("r", "x", -20.0, 0));
    let b2 = branch("b2", Some("b"), Some(0.5));
    s.branches = vec![a, b, b1, b2];
    s
}

#[test]
fn expected_values_match_the_hand_calculation() {
    let e = Expected::compute(&worked_example());
    // Leaves: a 0.3 → 60; b1 0.35 → 30 (34 from month 2); b2 0.35 → 50 (54 from month 2).
    let probs: Vec<f64> = e.leaves.iter().map(|l| l.probability).collect();
    assert_eq!(probs.len(), 3);
    close(probs[0], 0.3, 1e-12);
    close(probs[1], 0.35, 1e-12);
    close(probs[2], 0.35, 1e-12);
    close(
        e.value(0, 0, 0),
        0.3 * 60.0 + 0.35 * 30.0 + 0.35 * 50.0,
        1e-9,
    ); // 46
    close(e.value(0, 0, 1), 46.0, 1e-9);
    close(
        e.value(0, 0, 2),
        0.3 * 60.0 + 0.35 * 34.0 + 0.35 * 54.0,
        1e-9,
    ); // 48.8
    close(e.value(0, 0, 12), 48.8, 1e-9);
    // Contributions per top-level branch: a = 0.3 × 10; b = 0.35 × (−16) + 0.35 × 4.
    close(e.contribution(0, 0, 0, 12), 3.0, 1e-9);
    close(e.contribution(1, 0, 0, 12), -4.2, 1e-9);
    close(e.contribution(1, 0, 0, 0), -7.0, 1e-9);
    // One indicator, higher is better, 0–100: the composite equals the value.
    close(e.composite_at(0, 12), 48.8, 1e-9);
    close(e.composite_contribution(1, 0, 12), -4.2, 1e-9);
    assert!(e.normalised.is_empty());
}

#[test]
fn leaf_values_are_clamped_to_the_scale() {
    let mut s = one_cell(95.0);
    let mut a = branch("a", None, Some(0.5));
    a.effects.push(step("r", "x", 10.0, 0));
    s.branches = vec![a, branch("b", None, None)];
    let e = Expected::compute(&s);
    // The leaf under a would be 105 but is clamped to 100.
    close(e.value(0, 0, 12), 0.5 * 100.0 + 0.5 * 95.0, 1e-12);
}

#[test]
fn sibling_sets_that_do_not_sum_to_one_are_normalised_and_reported() {
    let mut s = one_cell(50.0);
    let mut a = branch("a", None, Some(0.2));
    a.effects.push(step("r", "x", 10.0, 0));
    s.branches = vec![a, branch("b", None, Some(0.2))];
    let e = Expected::compute(&s);
    assert_eq!(e.normalised.len(), 1);
    assert_eq!(e.normalised[0].parent, None);
    close(e.normalised[0].sum, 0.4, 1e-12);
    close(e.leaves[0].probability, 0.5, 1e-12);
    close(e.value(0, 0, 12), 55.0, 1e-12);
    let warnings = muscat::model::validate(&s);
    assert!(
        warnings
            .iter()
            .any(|d| d.message.contains("the root") && d.message.contains("sum to 0.4")),
        "{warnings:?}"
    );
}

#[test]
fn composite_is_weighted_and_direction_aware() {
    let mut s = one_cell(50.0);
    s.indicators = vec![indicator("good", true, 1.0), indicator("bad", false, 3.0)];
    s.regions = vec![region("r", &[("good", 80.0), ("bad", 20.0)])];
    let e = Expected::compute(&s);
    // Scores: good 80; bad (lower is better) 100 − 20 = 80; weighted mean 80.
    close(e.composite_baseline[0], 80.0, 1e-12);
    s.regions = vec![region("r", &[("good", 60.0), ("bad", 40.0)])];
    let e = Expected::compute(&s);
    // (1 × 60 + 3 × 60) / 4 = 60.
    close(e.composite_baseline[0], 60.0, 1e-12);
    s.regions = vec![region("r", &[("good", 100.0), ("bad", 100.0)])];
    let e = Expected::compute(&s);
    // (1 × 100 + 3 × 0) / 4 = 25.
    close(e.composite_baseline[0], 25.0, 1e-12);
}

#[test]
fn ramps_and_spikes_unfold_over_months() {
    let mut s = one_cell(50.0);
    let mut a = branch("a", None, Some(1.0));
    let mut ramp = step("r", "x", 8.0, 2);
    ramp.profile = Profile::Ramp { months: 4 };
    let mut spike = step("r", "x", -16.0, 1);
    spike.profile = Profile::Spike {
        half_life_months: 1.0,
    };
    a.effects = vec![ramp, spike];
    s.branches = vec![a];
    let e = Expected::compute(&s);
    // Month 0: nothing. Month 1: spike −16. Month 2: ramp 0, spike −8. Month 4: ramp +4,
    // spike −2. Month 6: ramp +8, spike −0.5.
    close(e.value(0, 0, 0), 50.0, 1e-12);
    close(e.value(0, 0, 1), 34.0, 1e-12);
    close(e.value(0, 0, 2), 42.0, 1e-12);
    close(e.value(0, 0, 4), 52.0, 1e-12);
    close(e.value(0, 0, 6), 57.5, 1e-12);
}

#[test]
fn effects_add_up_down_the_tree() {
    let mut s = one_cell(50.0);
    let mut a = branch("a", None, Some(1.0));
    a.effects.push(step("r", "x", 1.0, 0));
    let mut prev = "a".to_owned();
    let mut branches = vec![a];
    for depth in 0..10 {
        let id = format!("d{depth}");
        let mut b = branch(&id, Some(&prev), Some(1.0));
        b.effects.push(step("r", "x", 1.0, 0));
        branches.push(b);
        prev = id;
    }
    s.branches = branches;
    let e = Expected::compute(&s);
    close(e.value(0, 0, 12), 61.0, 1e-12);
}

#[test]
fn an_empty_tree_gives_the_baseline() {
    let e = Expected::compute(&one_cell(42.0));
    close(e.value(0, 0, 12), 42.0, 0.0);
    assert!(e.leaves.is_empty());
}

#[test]
fn the_engine_survives_invalid_documents() {
    let mut s = worked_example();
    s.branches[0].probability = muscat::model::Prob::Value(f64::NAN);
    s.branches[1].parent = Some("nowhere".into());
    s.branches[2].effects[0].region = "unknown".into();
    s.indicators[0].min = f64::INFINITY;
    let e = Expected::compute(&s);
    assert!(e.value(0, 0, 12).is_finite());
}

fn mc(s: &muscat::model::Scenario, samples: u64, threads: usize) -> muscat::engine::McSummary {
    run_monte_carlo(
        s,
        &McSettings {
            samples,
            seed: 7,
            threads,
            focus: Some((0, Some(0))),
        },
        None,
    )
    .expect("not cancelled")
}

#[test]
fn monte_carlo_mean_agrees_with_the_expected_value() {
    // Symmetric three-point estimates: the PERT mean is the likely value, so the MC mean must
    // match the expected value within sampling error.
    let s = bundled();
    let e = Expected::compute(&s);
    let m = mc(&s, 200_000, 0);
    let h = e.horizon();
    for r in 0..s.regions.len() {
        for k in 0..s.indicators.len() {
            let st = m.series(r, Some(k));
            // Sampling error of the mean is well under 0.2 index points at 200k samples.
            close(st.mean, e.value(r, k, h), 0.2);
        }
        close(m.series(r, None).mean, e.composite_at(r, h), 0.2);
    }
}

#[test]
fn monte_carlo_mean_follows_the_pert_mean_for_skewed_estimates() {
    let mut s = one_cell(50.0);
    let mut a = branch("a", None, Some(1.0));
    let mut eff = step("r", "x", 0.0, 0);
    eff.change = Change {
        low: 0.0,
        likely: 2.0,
        high: 20.0,
    };
    a.effects.push(eff);
    s.branches = vec![a];
    let m = mc(&s, 100_000, 1);
    // PERT mean = (0 + 4·2 + 20) / 6 = 4.667; the expected value uses the likely value, 2.
    close(m.series(0, Some(0)).mean, 50.0 + 28.0 / 6.0, 0.05);
    close(Expected::compute(&s).value(0, 0, 12), 52.0, 1e-12);
}

#[test]
fn monte_carlo_is_independent_of_the_thread_count() {
    let s = bundled();
    let one = mc(&s, 50_000, 1);
    let two = mc(&s, 50_000, 2);
    let four = mc(&s, 50_000, 4);
    assert_eq!(one.stats, two.stats);
    assert_eq!(one.stats, four.stats);
    assert_eq!(one.hist, four.hist);
    assert_eq!(one.fan, two.fan);
}

#[test]
fn monte_carlo_percentiles_and_threshold_probabilities() {
    // Two equally likely leaves: 30 and 70 on a higher-is-better indicator with threshold 40.
    let mut s = one_cell(50.0);
    let mut a = branch("a", None, Some(0.5));
    a.effects.push(step("r", "x", -20.0, 0));
    let mut b = branch("b", None, None);
    b.effects.push(step("r", "x", 20.0, 0));
    s.branches = vec![a, b];
    let m = mc(&s, 100_000, 2);
    let st = m.series(0, Some(0));
    close(st.prob_below, 0.5, 0.01);
    close(st.prob_alert, 0.5, 0.01);
    close(st.p05, 30.0, 1e-9);
    close(st.p95, 70.0, 1e-9);
    close(st.mean, 50.0, 0.3);
    // A month-by-month fan of the focus series.
    let fan = m.fan.expect("a focus was asked for");
    assert_eq!(fan.months.len(), 13);
    close(fan.months[6][1], 30.0, 1e-9);
}

#[test]
fn probability_ranges_make_the_leaf_shares_vary_but_keep_their_mean() {
    let mut s = one_cell(50.0);
    let mut a = branch("a", None, Some(0.3));
    a.range = Some(ProbRange {
        low: 0.1,
        high: 0.5,
    });
    a.effects.push(step("r", "x", 10.0, 0));
    s.branches = vec![a, branch("b", None, None)];
    let m = mc(&s, 200_000, 2);
    // P(a) is drawn around 0.3; the share of samples in leaf a stays 0.3 on average.
    close(m.series(0, Some(0)).mean, 53.0, 0.1);
}

#[test]
fn a_cancelled_run_says_so() {
    let s = bundled();
    let progress = muscat::engine::McProgress::default();
    progress
        .cancel
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let r = run_monte_carlo(&s, &McSettings::default(), Some(&progress));
    assert!(r.is_err());
}
