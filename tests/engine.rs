//! The engine on small trees whose numbers are worked out by hand, and Monte Carlo statistics.

mod common;

use common::*;
use muscat::engine::{Expected, McSettings, SecondOrder, run_monte_carlo, second_order};
use muscat::model::{Change, Indicator, ProbRange, Profile, Scenario};

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
    // Contributions per top-level branch at the horizon: a = 0.3 × 10;
    // b = 0.35 × (−16) + 0.35 × 4.
    close(e.contribution(0, 0, 0), 3.0, 1e-9);
    close(e.contribution(1, 0, 0), -4.2, 1e-9);
    // b's mean change if it happens: (−16 + 4) / 2.
    close(e.top_series_mean(1, 0, Some(0)), -6.0, 1e-9);
    // One indicator, higher is better, 0–100: the composite equals the value.
    close(e.composite_at(0, 12), 48.8, 1e-9);
    close(e.series_contribution(1, 0, None), -4.2, 1e-9);
    // Each outcome's path: a stays at 60; b is 40 until month 2, then 44.
    let paths = e.top_paths(0, Some(0));
    let a = paths[0].as_ref().expect("a has a chance");
    let b = paths[1].as_ref().expect("b has a chance");
    close(a[0], 60.0, 1e-9);
    close(b[1], 40.0, 1e-9);
    close(b[12], 44.0, 1e-9);
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
        &Expected::compute(s),
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
fn monte_carlo_mean_agrees_with_the_expected_value_where_no_scale_end_is_reached() {
    // The expected value counts each effect at its mean; the simulation draws it. They agree
    // within sampling error wherever no outcome reaches the end of a scale.
    let s = bundled();
    let e = Expected::compute(&s);
    let m = mc(&s, 200_000, 0);
    let h = e.horizon();
    let mut checked = 0;
    for r in 0..s.regions.len() {
        for k in 0..s.indicators.len() {
            if e.series_clamps(r, Some(k)) {
                continue;
            }
            // Sampling error of the mean is well under 0.1 index points at 200k samples.
            close(m.series(r, Some(k)).mean, e.value(r, k, h), 0.1);
            checked += 1;
        }
        if !e.series_clamps(r, None) {
            close(m.series(r, None).mean, e.composite_at(r, h), 0.1);
        }
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn clamping_is_flagged_where_it_binds() {
    // Iran's economic outlook is 24 on 0–100, and collapse branches can take it below 0.
    let s = bundled();
    let e = Expected::compute(&s);
    let iran = s.regions.iter().position(|r| r.id == "iran").expect("iran");
    let economy = s
        .indicators
        .iter()
        .position(|i| i.id == "economy")
        .expect("economy");
    assert!(e.series_clamps(iran, Some(economy)));
    assert!(e.series_clamps(iran, None));
    // A cell no branch touches never clamps.
    let one = Expected::compute(&one_cell(50.0));
    assert!(!one.series_clamps(0, Some(0)));
}

/// One leaf, certain, with a PERT(low, likely, high) effect on a 50 baseline (0–100 scale).
fn single_pert(low: f64, likely: f64, high: f64) -> Scenario {
    let mut s = one_cell(50.0);
    let mut a = branch("a", None, Some(1.0));
    let mut eff = step("r", "x", 0.0, 0);
    eff.change = Change { low, likely, high };
    a.effects.push(eff);
    s.branches = vec![a];
    s
}

#[test]
fn the_expected_value_is_the_pert_mean_and_the_most_likely_case_is_apart() {
    let s = single_pert(0.0, 2.0, 20.0);
    let m = mc(&s, 100_000, 1);
    // PERT mean = (0 + 4·2 + 20) / 6 = 4.667: both the expected value and the simulation.
    close(
        Expected::compute(&s).value(0, 0, 12),
        50.0 + 28.0 / 6.0,
        1e-12,
    );
    close(m.series(0, Some(0)).mean, 50.0 + 28.0 / 6.0, 0.05);
    // The most likely case takes the likely value.
    close(Expected::most_likely(&s).value(0, 0, 12), 52.0, 1e-12);
}

/// CDF of Beta(2, 4), worked out by hand from the binomial form: 1 − (1 − x)^5 − 5x(1 − x)^4.
fn beta_2_4(x: f64) -> f64 {
    1.0 - (1.0 - x).powi(5) - 5.0 * x * (1.0 - x).powi(4)
}

/// CDF of Beta(3, 3): 10x³(1 − x)² + 5x⁴(1 − x) + x⁵.
fn beta_3_3(x: f64) -> f64 {
    10.0 * x.powi(3) * (1.0 - x).powi(2) + 5.0 * x.powi(4) * (1.0 - x) + x.powi(5)
}

/// The x in [0, 1] where an increasing `cdf` reaches `q`, by bisection.
fn invert(cdf: impl Fn(f64) -> f64, q: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if cdf(mid) < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[test]
fn percentiles_of_a_single_pert_match_the_exact_quantiles() {
    // PERT(0, 2.5, 10): α = 1 + 4 · 2.5 / 10 = 2, so the change is 10 · Beta(2, 4).
    let s = single_pert(0.0, 2.5, 10.0);
    let st = mc(&s, 400_000, 2).series(0, Some(0));
    for (got, q) in [
        (st.p05, 0.05),
        (st.p25, 0.25),
        (st.p50, 0.5),
        (st.p75, 0.75),
        (st.p95, 0.95),
    ] {
        let want = 50.0 + 10.0 * invert(beta_2_4, q);
        close(got, want, 0.03);
    }
}

#[test]
fn percentiles_of_a_two_leaf_mixture_match_the_exact_quantiles() {
    // a (30%): −20, a point mass at 30. b (70%): PERT(0, 5, 10) = 10 · Beta(3, 3) above 50.
    let mut s = one_cell(50.0);
    let mut a = branch("a", None, Some(0.3));
    a.effects.push(step("r", "x", -20.0, 0));
    let mut b = branch("b", None, None);
    let mut eff = step("r", "x", 0.0, 0);
    eff.change = Change {
        low: 0.0,
        likely: 5.0,
        high: 10.0,
    };
    b.effects.push(eff);
    s.branches = vec![a, b];
    let st = mc(&s, 400_000, 2).series(0, Some(0));
    // The lowest 30% of outcomes are exactly 30.
    assert_eq!(st.p05, 30.0);
    assert_eq!(st.p25, 30.0);
    // Above that, F(v) = 0.3 + 0.7 · I((v − 50) / 10; 3, 3).
    for (got, q) in [(st.p50, 0.5), (st.p75, 0.75), (st.p95, 0.95)] {
        let want = 50.0 + 10.0 * invert(beta_3_3, (q - 0.3) / 0.7);
        close(got, want, 0.03);
    }
}

#[test]
fn tail_probabilities_are_not_inflated() {
    // The chance of ending below the 0.02% quantile of PERT(0, 2.5, 10) is 0.02%.
    let mut s = single_pert(0.0, 2.5, 10.0);
    let x = invert(beta_2_4, 2e-4);
    s.indicators[0].alert_threshold = 50.0 + 10.0 * x;
    let st = mc(&s, 2_000_000, 2).series(0, Some(0));
    // 400 expected samples; a standard deviation of 20. The old table gave 1.2–3.5 times more.
    close(st.prob_below, 2e-4, 0.5e-4);
}

#[test]
fn a_point_mass_prints_exactly() {
    let mut s = one_cell(53.7);
    s.branches = vec![branch("a", None, Some(1.0))];
    let st = mc(&s, 10_000, 1).series(0, Some(0));
    assert_eq!(st.p05, 53.7);
    assert_eq!(st.p50, 53.7);
    assert_eq!(st.p95, 53.7);
    assert_eq!(st.mean, 53.7);
}

#[test]
fn the_composite_rescales_a_scale_that_is_not_0_to_100() {
    // "good": 10–210, higher is better, baseline 60 → score 100 · (60 − 10) / 200 = 25.
    // "bad": −5–5, lower is better, baseline 0 → score 100 · (1 − (0 + 5) / 10) = 50.
    // Weights 3 and 1: (3 · 25 + 1 · 50) / 4 = 31.25.
    let ind = |id: &str, min: f64, max: f64, higher: bool, weight: f64| Indicator {
        id: id.into(),
        name: id.into(),
        unit: String::new(),
        min,
        max,
        higher_is_better: higher,
        description: String::new(),
        alert_threshold: 0.5 * (min + max),
        weight,
    };
    let mut s = one_cell(0.0);
    s.indicators = vec![
        ind("good", 10.0, 210.0, true, 3.0),
        ind("bad", -5.0, 5.0, false, 1.0),
    ];
    s.regions = vec![region("r", &[("good", 60.0), ("bad", 0.0)])];
    // One branch moves "good" up 40 (score +20) and "bad" up 2.5 (score −25):
    // (3 · 45 + 1 · 25) / 4 = 40.
    let mut a = branch("a", None, Some(1.0));
    a.effects.push(step("r", "good", 40.0, 0));
    a.effects.push(step("r", "bad", 2.5, 0));
    s.branches = vec![a];
    let e = Expected::compute(&s);
    close(e.composite_baseline[0], 31.25, 1e-12);
    close(e.composite_at(0, 12), 40.0, 1e-12);
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
    assert_eq!(st.p05, 30.0);
    assert_eq!(st.p95, 70.0);
    close(st.mean, 50.0, 0.3);
    // A month-by-month fan of the focus series.
    let fan = m.fan.expect("a focus was asked for");
    assert_eq!(fan.months.len(), 13);
    assert_eq!(fan.months[6][1], 30.0);
}

/// A: 30% (range `a_range`), +10. B: the remainder, −10. One cell at 50.
fn ranged(a_range: (f64, f64)) -> Scenario {
    let mut s = one_cell(50.0);
    let mut a = branch("a", None, Some(0.3));
    a.range = Some(ProbRange {
        low: a_range.0,
        high: a_range.1,
    });
    a.effects.push(step("r", "x", 10.0, 0));
    let mut b = branch("b", None, None);
    b.effects.push(step("r", "x", -10.0, 0));
    s.branches = vec![a, b];
    s
}

fn second(s: &Scenario, threads: usize) -> (Expected, SecondOrder) {
    let e = Expected::compute(s);
    let so = second_order(&e, 11, threads, None).expect("not cancelled");
    (e, so)
}

#[test]
fn ranges_give_the_expected_value_an_interval_that_widens_with_them() {
    // The expected value is 50 + 20 · P(a) − 10 = 46 at P(a) = 0.3. With P(a) drawn so that
    // its 5th and 95th percentiles are the range's ends, the expected value's are
    // 40 + 20 · low and 40 + 20 · high.
    let (e, so) = second(&ranged((0.2, 0.4)), 2);
    let (lo, hi) = so.interval(&e, 0, Some(0));
    let v = e.value(0, 0, 12);
    close(v, 46.0, 1e-12);
    assert!(lo < v && v < hi, "{lo} < {v} < {hi}");
    close(lo, 44.0, 0.15);
    close(hi, 48.0, 0.15);
    let (_, wider) = second(&ranged((0.1, 0.6)), 2);
    let (lo2, hi2) = wider.interval(&e, 0, Some(0));
    assert!(hi2 - lo2 > hi - lo + 3.0, "{lo2}–{hi2} vs {lo}–{hi}");
    close(lo2, 42.0, 0.2);
    close(hi2, 52.0, 0.2);
    // The composite follows the same interval (one indicator, 0–100, higher is better).
    let (clo, chi) = so.interval(&e, 0, None);
    close(clo, lo, 1e-9);
    close(chi, hi, 1e-9);
}

#[test]
fn without_ranges_the_interval_is_the_expected_value() {
    let s = worked_example();
    let (e, so) = second(&s, 2);
    assert_eq!(so.worlds, 0);
    let v = e.value(0, 0, 12);
    assert_eq!(so.interval(&e, 0, Some(0)), (v, v));
}

#[test]
fn the_interval_is_the_same_on_any_thread_count() {
    let s = bundled();
    let (_, one) = second(&s, 1);
    let (_, two) = second(&s, 2);
    let (_, five) = second(&s, 5);
    assert!(one.worlds > 0);
    assert_eq!(one, two);
    assert_eq!(one, five);
}

#[test]
fn monte_carlo_is_independent_of_the_thread_count_and_ranges() {
    // Ranges never enter the outcome simulation: a range changes no outcome statistic.
    let with = ranged((0.1, 0.6));
    let mut without = with.clone();
    without.branches[0].range = None;
    assert_eq!(mc(&with, 20_000, 1).stats, mc(&without, 20_000, 2).stats);
}

#[test]
fn a_cancelled_run_says_so() {
    let s = bundled();
    let progress = muscat::engine::McProgress::default();
    progress
        .cancel
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let r = run_monte_carlo(
        &Expected::compute(&s),
        &McSettings::default(),
        Some(&progress),
    );
    assert!(r.is_err());
}

#[test]
fn each_branch_gets_its_range_as_its_90_percent_interval() {
    use muscat::engine::ranges::{
        CALIBRATION_DRAWS, MIN_CALIBRATION_DRAWS, SetDraw, quantile_sorted,
    };
    use rand_xoshiro::Xoshiro256PlusPlus;
    use rand_xoshiro::rand_core::SeedableRng;
    // Three sets: one range beside a remainder; ranges on every branch; a lopsided range.
    type Case<'a> = (&'a [f64], &'a [Option<(f64, f64)>]);
    let cases: [Case; 3] = [
        (&[0.15, 0.85], &[Some((0.07, 0.25)), None]),
        (
            &[0.15, 0.35, 0.5],
            &[Some((0.07, 0.25)), Some((0.25, 0.45)), Some((0.4, 0.6))],
        ),
        (
            &[0.1, 0.3, 0.6],
            &[Some((0.08, 0.3)), Some((0.2, 0.35)), None],
        ),
    ];
    // At the most draws per calibration round and at the fewest a large scenario gets.
    for (draws, (point, ranges)) in [CALIBRATION_DRAWS, MIN_CALIBRATION_DRAWS]
        .into_iter()
        .flat_map(|d| cases.iter().map(move |c| (d, *c)))
    {
        let set = SetDraw::new(point, ranges, 3, draws).expect("ranged");
        assert!(set.compatible, "{set:?}");
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(99);
        let n = 40_000;
        let mut cols = vec![Vec::with_capacity(n); point.len()];
        let mut out = vec![0.0; point.len()];
        for _ in 0..n {
            set.draw(&mut rng, &mut out);
            close(out.iter().sum::<f64>(), 1.0, 1e-9);
            for (c, &v) in cols.iter_mut().zip(&out) {
                c.push(v);
            }
        }
        for (col, range) in cols.iter_mut().zip(ranges) {
            let Some((lo, hi)) = *range else { continue };
            col.sort_by(f64::total_cmp);
            // Within a percentage point of the range's ends.
            close(quantile_sorted(col, 0.05), lo, 0.01);
            close(quantile_sorted(col, 0.95), hi, 0.01);
        }
    }
}

#[test]
fn a_percentile_beside_a_point_mass_falls_on_it_exactly() {
    // The issue's cell: 92.5% of outcomes exactly at the baseline 49.6, 4.6% a little below it
    // (PERT(−0.4, −0.2, 0)) and 2.9% a little above (PERT(0, 0.2, 0.4)). The 5th, 50th and
    // 95th percentiles all fall on the point mass: 4.6% < 5% and 92.5% + 4.6% > 95%.
    let mut s = one_cell(49.6);
    let spread = |low: f64, likely: f64, high: f64| {
        let mut e = step("r", "x", 0.0, 0);
        e.change = Change { low, likely, high };
        e
    };
    let mut below = branch("below", None, Some(0.046));
    below.effects.push(spread(-0.4, -0.2, 0.0));
    let mut above = branch("above", None, Some(0.029));
    above.effects.push(spread(0.0, 0.2, 0.4));
    let still = branch("still", None, None);
    s.branches = vec![below, above, still];
    let st = mc(&s, 200_000, 2).series(0, Some(0));
    assert_eq!(st.p05, 49.6);
    assert_eq!(st.p25, 49.6);
    assert_eq!(st.p50, 49.6);
    assert_eq!(st.p75, 49.6);
    assert_eq!(st.p95, 49.6);
}
