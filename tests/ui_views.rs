//! Views in the window: switch views in the toolbar, edit a probability in a view, reset it to
//! the base, and check the numbers the charts show each time against an independent
//! computation on a scenario set up by hand.

mod common;

use common::gui::*;
use common::independent::expected_composite;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use muscat::model::{Prob, Scenario};

/// The bundled scenario with the probabilities of "US keeps zero enrichment" typed in by hand
/// (deal 10%, capped enrichment within a deal 15%, interim 30%, stalemate 50%), and the deal at
/// `deal` instead.
fn zero_enrichment_by_hand(deal: f64) -> Scenario {
    let mut s = common::bundled();
    for (id, p) in [
        ("deal", deal),
        ("deal-enrichment-cap", 0.15),
        ("interim", 0.3),
        ("stalemate", 0.5),
    ] {
        let b = s.branches.iter_mut().find(|b| b.id == id).expect("branch");
        b.probability = Prob::Value(p);
    }
    s
}

/// Iran's expected composite at the horizon as the app holds it, and as the chart's summary
/// line shows Yemen's ("… Yemen 23.4 …").
fn app_iran(h: &egui_kittest::Harness<'_, muscat::app::MuscatApp>) -> f64 {
    let e = &h.state().results.expected;
    e.series_value(0, None, e.horizon())
}

fn chart_shows_yemen(h: &egui_kittest::Harness<'_, muscat::app::MuscatApp>, s: &Scenario) {
    let yemen = expected_composite(s, "yemen", 24);
    let want = format!("Yemen {yemen:.1}");
    let texts: Vec<String> = painted_texts(h).into_iter().map(|(t, _, _)| t).collect();
    assert!(
        texts.iter().any(|t| t.contains(&want)),
        "the chart should say {want}: {texts:?}"
    );
}

fn choose_view(h: &mut egui_kittest::Harness<'_, muscat::app::MuscatApp>, name: &str) {
    h.get_by_role_and_label(Role::ComboBox, "View").click();
    h.run();
    // The last match: a kind's heading in the list can have the same words as a view's name.
    h.get_all_by_label(name)
        .last()
        .expect("the view in the list")
        .click();
    h.run();
}

#[test]
fn switch_views_edit_an_override_reset_it_and_the_charts_follow() {
    let mut h = harness();
    let base = common::bundled();
    close(app_iran(&h), expected_composite(&base, "iran", 24), 1e-9);
    chart_shows_yemen(&h, &base);

    // Switch to the policy option: the charts show its numbers.
    choose_view(&mut h, "US keeps zero enrichment");
    assert_eq!(h.state().view.view.as_deref(), Some("zero-enrichment"));
    let view = zero_enrichment_by_hand(0.1);
    close(app_iran(&h), expected_composite(&view, "iran", 24), 1e-9);
    chart_shows_yemen(&h, &view);

    // Edit the deal's probability in the view: the view holds it, the base keeps 15%.
    select(&mut h, "Comprehensive deal");
    h.get_by_role_and_label(Role::TextInput, "Probability")
        .click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Probability")
        .type_text("20");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(prob(&h, "deal"), Some(0.15), "the base is untouched");
    let o = doc(&h)
        .view("zero-enrichment")
        .and_then(|v| v.probability_of("deal"))
        .map(|o| o.probability);
    assert_eq!(o, Some(Prob::Value(0.2)));
    let edited = zero_enrichment_by_hand(0.2);
    close(app_iran(&h), expected_composite(&edited, "iran", 24), 1e-9);
    chart_shows_yemen(&h, &edited);

    // Reset to base: the deal takes the base's 15% in this view; the view's other changes stay.
    h.get_by_label("Reset to base").click();
    h.run();
    let reset = zero_enrichment_by_hand(0.15);
    close(app_iran(&h), expected_composite(&reset, "iran", 24), 1e-9);
    chart_shows_yemen(&h, &reset);
    assert!(
        !doc(&h)
            .view("zero-enrichment")
            .expect("view")
            .touches("deal")
    );

    // One undo step brings the override back; switching to Base shows the base again.
    command_key(&mut h, egui::Key::Z);
    close(app_iran(&h), expected_composite(&edited, "iran", 24), 1e-9);
    choose_view(&mut h, "Base");
    assert_eq!(h.state().view.view, None);
    close(app_iran(&h), expected_composite(&base, "iran", 24), 1e-9);
    chart_shows_yemen(&h, &base);
}

#[test]
fn the_pooled_view_and_the_compare_chart_are_shown() {
    let mut h = harness();
    choose_view(&mut h, "Pooled analysts");
    assert_eq!(h.state().view.view.as_deref(), Some("pooled"));
    // Linear pool of A (10%), B (22%) and C (15%, half weight): 15.8% for the deal.
    let mut pooled = common::bundled();
    for (id, p) in [
        ("deal", 0.158),
        ("interim", 0.352),
        // Stalemate: (0.40 + 0.62 + 0.5 × 0.58) / 2.5 = 0.524; limited strikes:
        // (0.50 + 0.65 + 0.5 × 0.75) / 2.5 = 0.61.
        ("stalemate", 0.524),
        ("limited-strikes", 0.61),
    ] {
        let b = pooled
            .branches
            .iter_mut()
            .find(|b| b.id == id)
            .expect("branch");
        b.probability = Prob::Value(p);
    }
    // The pooled effect on Israel's conflict under a capped deal: A's (2, 7, 12) and the base's
    // (0, 4, 8) twice, weights 1, 1, 0.5: (2 + 0 + 0) / 2.5 = 0.8, (7 + 4 + 2) / 2.5 = 5.2,
    // (12 + 8 + 4) / 2.5 = 9.6.
    let cap = pooled
        .branches
        .iter_mut()
        .find(|b| b.id == "deal-enrichment-cap")
        .expect("branch");
    let e = cap
        .effects
        .iter_mut()
        .find(|e| e.region == "israel" && e.indicator == "conflict")
        .expect("effect");
    e.change = muscat::model::Change {
        low: 0.8,
        likely: 5.2,
        high: 9.6,
    };
    close(app_iran(&h), expected_composite(&pooled, "iran", 24), 1e-9);
    close(
        h.state().results.expected.series_value(1, None, 24),
        expected_composite(&pooled, "israel", 24),
        1e-9,
    );
    // The compare chart, from the Views tab.
    h.get_by_label("Views").click();
    h.run();
    h.get_by_label("Show the compare chart").click();
    h.run();
    assert_eq!(h.state().view.chart, muscat::model::ChartKind::Compare);
    let texts: Vec<String> = painted_texts(&h).into_iter().map(|(t, _, _)| t).collect();
    assert!(
        texts.iter().any(|t| t.contains("under each view")),
        "{texts:?}"
    );
}

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} vs {b}");
}

#[test]
fn compare_with_file_shows_the_changes_and_closes_on_esc() {
    let dir = common::TempDir::new("compare-with");
    let other = muscat::io::DEFAULT_SCENARIO.replacen(
        "probability: 0.35,\n            range: (0.25, 0.45),",
        "probability: 0.45,\n            range: (0.25, 0.5),",
        1,
    );
    dir.file("later.ron", &other);
    let mut h = harness();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Compare with File…").click();
    h.run();
    // While the file browser is open, shortcuts wait: F5 does not start presenting behind it.
    h.key_press(egui::Key::F5);
    h.run();
    assert!(h.state().view.present.is_none());
    browse_to(&mut h, &dir.0, "later.ron");
    h.get_by_label("Compare").click();
    // The file is read off the UI thread.
    common::gui::wait_for_job(&mut h);
    let c = h.state().compare.as_ref().expect("the comparison is open");
    assert!(c.current, "a small file is compared at once");
    let c = c.shown.as_ref().expect("compared");
    let changes: Vec<String> = c
        .differences
        .iter()
        .map(|d| format!("{} {}", d.what, d.id))
        .collect();
    assert_eq!(changes, ["probability interim"]);
    // The interim freeze at 45% instead of 35%: Iran's composite, worked out independently.
    let later = muscat::io::load_str(&other, "later")
        .expect("loads")
        .scenario;
    let iran = c
        .moved
        .iter()
        .find(|m| m.region == "iran" && m.indicator == "composite")
        .expect("iran");
    close(iran.after, expected_composite(&later, "iran", 24), 1e-9);
    close(
        iran.before,
        expected_composite(&common::bundled(), "iran", 24),
        1e-9,
    );
    let texts: Vec<String> = painted_texts(&h).into_iter().map(|(t, _, _)| t).collect();
    assert!(
        texts.iter().any(|t| t == "Compare with later.ron"),
        "{texts:?}"
    );
    // Read-only: the document is untouched; Esc closes the window.
    assert!(!h.state().doc.dirty());
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().compare.is_none());
}

/// On a file large enough that comparing its views takes a while, the Views tab works the
/// comparison out off the UI thread: the window keeps drawing, says what it is doing, and then
/// shows the table with each view's numbers.
#[test]
fn a_large_comparison_is_worked_out_while_the_window_keeps_drawing() {
    use muscat::model::generate::{Extras, GenerateSpec, RangeCover, generate_with};
    let dir = common::TempDir::new("large-compare");
    let path = dir.0.join("team.ron");
    let s = generate_with(
        GenerateSpec {
            leaves: 20_000,
            regions: 3,
            indicators: 2,
            months: 12,
            seed: 3,
        },
        &Extras {
            ranges: RangeCover::None,
            signposts: 0,
            revisions: 0,
            views: 24,
        },
    );
    let compared = muscat::engine::compare::default_ids(&s).len();
    assert!(s.branches.len() * compared > 200_000, "large enough");
    muscat::io::save_file(&path, &s).expect("write");
    let mut h = harness_on(path);
    h.get_by_label("Views").click();
    // The tab lays out everything, painted or scrolled out of sight: ask its accessibility
    // tree. The first frame that lays out the comparison starts it on its own thread, and so
    // says it is working, however fast the machine.
    while h.query_by_label_contains("Side by side:").is_none() {
        h.step();
    }
    assert!(
        h.query_by_label_contains("Working out the expected values of")
            .is_some()
    );
    // Frames keep coming until the table is there (however long the machine takes).
    let mut frames = 0u64;
    while h
        .query_by_label_contains("Expected values at month")
        .is_none()
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
        frames += 1;
    }
    assert!(frames > 0);
    assert!(
        h.query_by_label_contains("Working out the expected values of")
            .is_none()
    );
    // The table's first column is the base's composite of the first region, as the engine
    // works it out.
    let e = muscat::engine::Expected::compute(&s);
    let want = muscat::charts::fmt_num(e.series_value(0, None, e.horizon()));
    assert!(h.query_by_label(&want).is_some(), "{want}");
}
