//! The chart panel, driven through the real app: switch charts, change a probability, and see
//! the numbers move.

mod common;

use common::gui::*;
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
        if h.state().current_mc().is_some_and(|m| m.complete) {
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
    let before = text_containing(&h, "(baseline ");
    assert!(before.contains("Expected 46.04 at month 24"), "{before}");
    select(&mut h, "Comprehensive deal");
    h.get_by_role_and_label(Role::Slider, "Probability")
        .set_value_accesskit(0.40);
    h.run();
    // The expected path updates in the same frame, before any simulation finishes.
    let after = text_containing(&h, "(baseline ");
    assert!(!after.contains("Expected 46.04"), "{after}");
    assert!(after.contains("at month 24"), "{after}");
}

#[test]
fn the_distribution_fills_in_when_the_simulation_finishes() {
    let mut h = harness();
    pick_chart(&mut h, "Distribution");
    wait_for_simulation(&mut h);
    let first = text_containing(&h, "Chance of ending in alert");
    assert!(first.contains("Chance of ending in alert: 9."), "{first}");
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
    assert_ne!(first, second);
    let pct: f64 = second
        .split("alert: ")
        .nth(1)
        .and_then(|s| s.split('%').next())
        .and_then(|s| s.parse().ok())
        .expect("a percentage");
    assert!(pct > 15.0, "{second}");
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
