//! On a file too large for the frame, the window's engine work runs off the UI thread: each
//! frame returns at once, the expected values follow every edit, and the checks and the
//! signposts board show their last answer, marked as updating, until the new one is in.

mod common;

use common::gui::*;
use common::independent::expected_composite;
use egui_kittest::Harness;
use muscat::app::{Action, MuscatApp, Tab};
use muscat::model::generate::{Extras, GenerateSpec, RangeCover, generate_with};
use std::time::{Duration, Instant};

/// A file past every "fits in the frame" limit the checks and the board have: 2,000 leaves,
/// 120 signposts and 4 views.
fn large(dir: &common::TempDir) -> std::path::PathBuf {
    let s = generate_with(
        GenerateSpec {
            leaves: 2_000,
            regions: 4,
            indicators: 3,
            months: 12,
            seed: 7,
        },
        &Extras {
            ranges: RangeCover::None,
            signposts: 120,
            revisions: 0,
            views: 4,
        },
    );
    assert!(
        !muscat::view::Checks::fit_in_frame(&s),
        "the test needs a file whose checks do not fit in the frame"
    );
    assert!(s.signposts.len() * s.branches.len() > 200_000);
    let path = dir.0.join("large.ron");
    muscat::io::save_file(&path, &s).expect("write the large file");
    path
}

/// Draw frames until nothing is being worked out off the UI thread and the checks are the
/// document's, then one more so every panel has read its answer.
fn settle(h: &mut Harness<'_, MuscatApp>) {
    let started = Instant::now();
    loop {
        h.step();
        let app = h.state();
        if app.results.checks_current && !app.results.updating && !app.analyses.busy() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "the analyses have not finished in 10 minutes"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    h.step();
}

fn texts(h: &Harness<'_, MuscatApp>) -> Vec<String> {
    painted_texts(h).into_iter().map(|(t, _, _)| t).collect()
}

/// Apply `op` and bring the results up to date as a frame would, and look at the app right
/// after, before any later frame could pick up what the threads finished.
fn apply_now(h: &mut Harness<'_, MuscatApp>, op: muscat::edit::ops::Op) {
    let app = h.state_mut();
    app.doc.apply(op).expect("the edit applies");
    app.refresh();
}

/// An edit that pushes a leaf's probability up without rebalancing, so its sibling set no
/// longer sums to 1.
fn break_a_set(h: &Harness<'_, MuscatApp>) -> muscat::edit::ops::Op {
    let s = h.state().doc.scenario();
    let leaf = s
        .branches
        .iter()
        .find(|b| {
            b.parent.is_some()
                && !s
                    .branches
                    .iter()
                    .any(|c| c.parent.as_deref() == Some(&b.id))
        })
        .expect("a leaf below the top level");
    muscat::edit::ops::set_probability(s, &leaf.id, 0.999, false).expect("an edit")
}

#[test]
fn the_checks_of_a_large_file_run_off_the_ui_thread_and_the_last_ones_show_meanwhile() {
    let dir = common::TempDir::new("checks");
    let path = large(&dir);
    let mut h = harness_on(path);
    settle(&mut h);
    let before = h.state().results.checks.diagnostics.len();
    assert!(
        !h.state()
            .results
            .checks
            .diagnostics
            .iter()
            .any(|d| d.message.contains("sum to")),
        "the generated file's sets sum to 1"
    );
    let op = break_a_set(&h);
    apply_now(&mut h, op);
    let app = h.state();
    // The refresh after the edit returned before the checks were done: the expected values
    // are this state's, the checks the last state's, and they say so.
    assert_eq!(app.results.doc_state, app.doc.state());
    assert!(!app.results.checks_current);
    assert_eq!(app.results.checks.diagnostics.len(), before);
    settle(&mut h);
    let app = h.state();
    assert!(app.results.checks_current);
    assert!(
        app.results
            .checks
            .diagnostics
            .iter()
            .any(|d| d.message.contains("sum to")),
        "{:?}",
        app.results.checks.diagnostics
    );
    let warnings = app.results.checks.diagnostics.len() - app.results.errors();
    let status = format!(
        "⚠ {} error{}, {warnings} warning{}",
        app.results.errors(),
        if app.results.errors() == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
    assert!(texts(&h).contains(&status), "{status} in {:?}", texts(&h));
}

#[test]
fn the_signposts_board_of_a_large_file_is_worked_out_off_the_ui_thread() {
    let dir = common::TempDir::new("board");
    let path = large(&dir);
    let mut h = harness_on(path);
    settle(&mut h);
    h.state_mut().view.tab = Tab::Signposts;
    h.step();
    assert!(
        texts(&h).iter().any(|t| t == "Working out the board…"),
        "{:?}",
        texts(&h)
    );
    settle(&mut h);
    let names: Vec<String> = h
        .state()
        .doc
        .scenario()
        .signposts
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let shown = |h: &Harness<'_, MuscatApp>| texts(h).iter().filter(|t| names.contains(t)).count();
    let rows = shown(&h);
    assert!(rows > 0, "the board shows signposts: {:?}", texts(&h));
    assert!(
        texts(&h)
            .iter()
            .any(|t| t.starts_with("Most telling first"))
    );
    // An edit: the last board stays up, marked as updating, until the new one is in.
    let op = break_a_set(&h);
    h.state_mut().actions.push(Action::Op(op));
    // The board is asked for in the frame that applies the edit, so that frame shows the last
    // board marked, however fast its thread.
    h.step();
    assert!(
        texts(&h)
            .iter()
            .any(|t| t.starts_with("Updating for the latest changes")),
        "{:?}",
        texts(&h)
    );
    assert_eq!(shown(&h), rows, "the last board's rows stay");
    settle(&mut h);
    assert!(
        texts(&h)
            .iter()
            .any(|t| t.starts_with("Most telling first"))
    );
    assert_eq!(shown(&h), rows);
}

#[test]
fn on_a_large_file_an_edit_keeps_the_last_expected_values_up_marked_as_updating() {
    let dir = common::TempDir::new("results");
    let s = generate_with(
        GenerateSpec {
            leaves: 2_000,
            regions: 12,
            indicators: 8,
            months: 36,
            seed: 11,
        },
        &Extras {
            ranges: RangeCover::None,
            signposts: 0,
            revisions: 0,
            views: 0,
        },
    );
    assert!(
        !muscat::view::Results::fit_in_frame(&s),
        "the test needs a file whose expected values do not fit in the frame"
    );
    let path = dir.0.join("wide.ron");
    muscat::io::save_file(&path, &s).expect("write the file");
    let mut h = harness_on(path);
    settle(&mut h);
    let shown_state = h.state().results.doc_state;
    // A probability edit keeps the tree's shape.
    let top = s.branches[0].id.clone();
    let op = muscat::edit::ops::set_probability(h.state().doc.scenario(), &top, 0.3, true)
        .expect("an edit");
    h.state_mut().actions.push(Action::Op(op));
    h.step();
    let app = h.state();
    assert!(
        app.results.updating,
        "the frame did not wait for the numbers"
    );
    assert_eq!(
        app.results.doc_state, shown_state,
        "the last numbers stay up"
    );
    assert!(
        texts(&h).iter().any(|t| t == "updating…"),
        "the chart says it is updating: {:?}",
        texts(&h)
    );
    settle(&mut h);
    let app = h.state();
    assert_eq!(app.results.doc_state, app.doc.state());
    assert!(!texts(&h).iter().any(|t| t == "updating…"));
    // The numbers are the edited document's, worked out independently.
    let doc = app.doc.scenario();
    let horizon = doc.header.horizon_months;
    let e = &app.results.expected;
    for (r, region) in doc.regions.iter().enumerate().take(3) {
        let want = expected_composite(doc, &region.id, horizon);
        let got = e.composite_at(r, e.horizon());
        assert!((got - want).abs() < 1e-9, "{}: {got} vs {want}", region.id);
    }
    // A change of the tree's shape is worked out at once: no panel reads another tree.
    let op = muscat::edit::ops::add_sibling(app.doc.scenario(), &top).expect("a sibling");
    h.state_mut().actions.push(Action::Op(op));
    h.step();
    let app = h.state();
    assert!(!app.results.updating);
    assert_eq!(app.results.doc_state, app.doc.state());
    assert_eq!(
        app.results.tree().parent.len(),
        app.doc.scenario().branches.len()
    );
}
