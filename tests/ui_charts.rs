//! The chart panel, driven through the real app: switch charts, change a probability, and see
//! the numbers move.

mod common;

use common::gui::*;
use common::independent;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use muscat::app::MuscatApp;
use std::time::{Duration, Instant};

fn pick_chart(h: &mut Harness<'_, MuscatApp>, label: &str) {
    h.get_by_role_and_label(Role::ComboBox, "Chart").click();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Run frames until the background simulation has finished for the current document.
fn wait_for_simulation(h: &mut Harness<'_, MuscatApp>) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        h.run();
        if h.state().simulation_settled() {
            h.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the simulation did not finish within a minute");
}

fn text_containing(h: &Harness<'_, MuscatApp>, part: &str) -> String {
    let node = h.get_by_label_contains(part);
    format!("{node:?}")
}

/// A value as the charts print it: two decimals, no trailing zeros.
/// Charts show one decimal.
fn one_place(v: f64) -> String {
    format!("{v:.1}")
}

/// The percentage after `marker` in a chart's text.
fn percentage_after(text: &str, marker: &str) -> f64 {
    text.split(marker)
        .nth(1)
        .and_then(|s| s.split('%').next())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| panic!("a percentage after {marker:?} in {text}"))
}

#[test]
fn every_chart_can_be_chosen() {
    let mut h = harness();
    for (kind, title) in [
        (
            "Contributions",
            "What drives the expected composite stability index",
        ),
        (
            "Trajectory",
            "Iran: composite stability index over 24 months",
        ),
        (
            "Distribution",
            "Iran: composite stability index at month 24",
        ),
        ("Tornado", "What moves Iran's composite stability index"),
        ("Heatmap", "Expected change from baseline"),
        ("Probability tree", "The outcome tree"),
        (
            "Expected by region",
            "Expected composite stability index by region",
        ),
    ] {
        pick_chart(&mut h, kind);
        assert_eq!(h.state().view.chart.label(), kind);
        h.get_by_label(title);
    }
}

#[test]
fn changing_a_probability_moves_the_numbers() {
    let mut h = harness();
    pick_chart(&mut h, "Trajectory");
    // Worked out without the engine, from the README's definitions.
    let mut s = doc(&h).clone();
    let want = independent::expected_composite(&s, "iran", 24);
    let before = text_containing(&h, "(baseline ");
    let expected = format!("Expected {} at month 24", one_place(want));
    assert!(before.contains(&expected), "{before} vs {expected}");
    select(&mut h, "Comprehensive deal");
    h.get_by_role_and_label(Role::Slider, "Probability")
        .set_value_accesskit(0.40);
    h.run();
    // The expected path updates in the same frame, before any simulation finishes. "Talks
    // collapse", the remainder, gives up what the deal gains.
    let deal = s.branch_pos("deal").expect("deal");
    s.branches[deal].probability = muscat::model::Prob::Value(0.40);
    let moved = independent::expected_composite(&s, "iran", 24);
    assert!((moved - want).abs() > 0.1);
    let after = text_containing(&h, "(baseline ");
    let expected = format!("Expected {} at month 24", one_place(moved));
    assert!(after.contains(&expected), "{after} vs {expected}");
}

#[test]
fn the_distribution_fills_in_when_the_simulation_finishes() {
    let mut h = harness();
    pick_chart(&mut h, "Distribution");
    wait_for_simulation(&mut h);
    let first = text_containing(&h, "Chance of ending in alert");
    // The test's own simulation of 400,000 outcomes against the app's 100,000: the two differ
    // by sampling alone within four standard errors of their difference, plus the 0.05 of a
    // number shown with one decimal.
    let mut s = doc(&h).clone();
    let want = 100.0 * independent::chance_of_alert(&s, "iran", 24, TEST_SAMPLES);
    let shown = percentage_after(&first, "alert: ");
    assert!(
        (shown - want).abs() < tolerance(want),
        "{first} vs {want:.2}% (tolerance {:.2})",
        tolerance(want)
    );
    // A riskier talks: more weight on collapse means a higher chance of alert.
    select(&mut h, "Comprehensive deal");
    h.get_by_role_and_label(Role::Slider, "Probability")
        .set_value_accesskit(0.0);
    h.run();
    select(&mut h, "Interim freeze");
    h.get_by_role_and_label(Role::Slider, "Probability")
        .set_value_accesskit(0.0);
    h.run();
    wait_for_simulation(&mut h);
    let second = text_containing(&h, "Chance of ending in alert");
    for id in ["deal", "interim"] {
        let pos = s.branch_pos(id).expect("branch");
        s.branches[pos].probability = muscat::model::Prob::Value(0.0);
    }
    let riskier = 100.0 * independent::chance_of_alert(&s, "iran", 24, TEST_SAMPLES);
    let shown = percentage_after(&second, "alert: ");
    assert!(riskier > want + 5.0, "{riskier} vs {want}");
    assert!(
        (shown - riskier).abs() < tolerance(riskier),
        "{second} vs {riskier:.2}% (tolerance {:.2})",
        tolerance(riskier)
    );
}

/// Outcomes the test simulates itself.
const TEST_SAMPLES: usize = 400_000;
/// Outcomes of the app's full simulation.
const APP_SAMPLES: f64 = 100_000.0;

/// Four standard errors of the difference between the app's and the test's estimates of a
/// chance near `pct` percent, in points, plus the rounding of one decimal.
fn tolerance(pct: f64) -> f64 {
    let p = (pct / 100.0).clamp(0.0, 1.0);
    let se = (p * (1.0 - p) * (1.0 / APP_SAMPLES + 1.0 / TEST_SAMPLES as f64)).sqrt();
    4.0 * 100.0 * se + 0.05
}

#[test]
fn the_tornado_reports_a_break_even() {
    let mut h = harness();
    pick_chart(&mut h, "Tornado");
    let be = text_containing(&h, "Break-even:");
    assert!(be.contains("Comprehensive deal"), "{be}");
    // Choosing an indicator changes what the tornado explains.
    h.get_by_role_and_label(Role::ComboBox, "Indicator").click();
    h.run();
    h.get_by_label("Civil unrest").click();
    h.run();
    h.get_by_label("What moves Iran's civil unrest");
    assert!(text_containing(&h, "Break-even:").contains("civil unrest"));
}

#[test]
fn adding_a_slide_saves_the_chart_and_selection() {
    let mut h = harness();
    pick_chart(&mut h, "Heatmap");
    let before = doc(&h).slides.len();
    h.get_by_label("Add as slide").click();
    h.run();
    let s = doc(&h);
    assert_eq!(s.slides.len(), before + 1);
    assert_eq!(
        s.slides.last().map(|x| x.chart),
        Some(muscat::model::ChartKind::Heatmap)
    );
}
