//! The editor, driven through the real app by label, asserting on the document.

mod common;

use common::gui::*;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use muscat::model::Prob;

#[test]
fn add_a_branch() {
    let mut h = harness();
    select(&mut h, "Managed stalemate");
    let before = doc(&h).branches.len();
    h.get_by_label("+ Sub-branch").click();
    h.run();
    let s = doc(&h);
    assert_eq!(s.branches.len(), before + 1);
    let new = s
        .branches
        .iter()
        .find(|b| b.name == "New branch")
        .expect("a new branch");
    assert_eq!(new.parent.as_deref(), Some("stalemate"));
    // The new branch is selected and shown in the tree.
    assert_eq!(h.state().view.selected.as_deref(), Some(new.id.as_str()));
    h.get_by_role_and_label(Role::TreeItem, "New branch");
}

#[test]
fn change_a_probability_then_undo_and_redo() {
    let mut h = harness();
    select(&mut h, "Comprehensive deal");
    assert_eq!(prob(&h, "deal"), Some(0.15));
    h.get_by_role_and_label(Role::Slider, "Probability")
        .set_value_accesskit(0.25);
    h.run();
    assert!((prob(&h, "deal").expect("explicit") - 0.25).abs() < 1e-9);
    // The remainder sibling absorbed the change; the numbers moved with it: "Talks collapse"
    // is 1 − 0.25 − 0.35 = 0.40, and "Deal with capped enrichment" 0.25 × 0.7 = 0.175.
    let e = &h.state().results.expected;
    let pos = |id: &str| doc(&h).branch_pos(id).expect("a branch");
    assert!((e.abs[pos("failure")] - 0.40).abs() < 1e-12);
    assert!((e.abs[pos("deal-enrichment-cap")] - 0.175).abs() < 1e-12);
    command_key(&mut h, egui::Key::Z);
    assert_eq!(prob(&h, "deal"), Some(0.15));
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert!((prob(&h, "deal").expect("explicit") - 0.25).abs() < 1e-9);
    // Ctrl+Y redoes too.
    command_key(&mut h, egui::Key::Z);
    command_key(&mut h, egui::Key::Y);
    assert!((prob(&h, "deal").expect("explicit") - 0.25).abs() < 1e-9);
}

#[test]
fn the_edit_menu_names_the_undo_step() {
    let mut h = harness();
    select(&mut h, "Interim freeze");
    h.get_by_role_and_label(Role::Slider, "Probability")
        .set_value_accesskit(0.3);
    h.run();
    assert_eq!(
        h.state().doc.history().undo_label(),
        Some("Change probability of Interim freeze")
    );
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo Change probability of Interim freeze")
        .click();
    h.run();
    assert_eq!(prob(&h, "interim"), Some(0.35));
}

#[test]
fn rename_with_f2() {
    let mut h = harness();
    select(&mut h, "Interim freeze");
    h.key_press(egui::Key::F2);
    h.run();
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Name")
            .is_focused()
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name")
        .type_text("Interim deal");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        doc(&h).branch("interim").expect("interim").name,
        "Interim deal"
    );
    // A burst of typing is one undo step.
    command_key(&mut h, egui::Key::Z);
    assert_eq!(
        doc(&h).branch("interim").expect("interim").name,
        "Interim freeze"
    );
}

#[test]
fn delete_a_region_asks_first_and_takes_its_effects() {
    let mut h = harness();
    h.get_by_label("Regions").click();
    h.run();
    // Lebanon's card is below the fold: scroll to it as a user would.
    h.get_by_label("Delete region Lebanon").scroll_to_me();
    h.run();
    h.get_by_label("Delete region Lebanon").click();
    h.run();
    // Nothing is deleted until the user confirms; the dialog says how many effects go.
    assert!(doc(&h).region("lebanon").is_some());
    h.get_by_label_contains("effects use it");
    h.get_by_label("Delete Region").click();
    h.run();
    let s = doc(&h);
    assert!(s.region("lebanon").is_none());
    assert!(
        s.branches
            .iter()
            .flat_map(|b| &b.effects)
            .all(|e| e.region != "lebanon")
    );
    command_key(&mut h, egui::Key::Z);
    assert!(doc(&h).region("lebanon").is_some());
}

#[test]
fn rebalance_respects_a_lock() {
    let mut h = harness();
    // Make "Talks collapse" an explicit 50% instead of the remainder.
    select(&mut h, "Talks collapse");
    h.get_by_label("Remainder").click();
    h.run();
    assert_eq!(prob(&h, "failure"), Some(0.5));
    // Lock "Interim freeze" at 35%.
    select(&mut h, "Interim freeze");
    h.get_by_label("Lock").click();
    h.run();
    assert!(doc(&h).branch("interim").expect("interim").locked);
    // Drag "Comprehensive deal" to 30%: only the unlocked sibling gives way.
    select(&mut h, "Comprehensive deal");
    h.get_by_role_and_label(Role::Slider, "Probability")
        .set_value_accesskit(0.30);
    h.run();
    assert!((prob(&h, "deal").expect("explicit") - 0.30).abs() < 1e-9);
    assert_eq!(prob(&h, "interim"), Some(0.35));
    assert!((prob(&h, "failure").expect("explicit") - 0.35).abs() < 1e-9);
}

#[test]
fn delete_and_duplicate_branches_by_keyboard() {
    let mut h = harness();
    select(&mut h, "Military escalation");
    command_key(&mut h, egui::Key::D);
    assert!(doc(&h).branch("escalation-copy").is_some());
    assert!(doc(&h).branch("limited-strikes-copy").is_some());
    h.key_press(egui::Key::Delete);
    h.run();
    assert!(doc(&h).branch("escalation-copy").is_none());
    assert!(doc(&h).branch("limited-strikes-copy").is_none());
    assert!(doc(&h).branch("escalation").is_some());
}

#[test]
fn an_effect_cell_edits_and_flags_bad_input() {
    let mut h = harness();
    select(&mut h, "Managed stalemate");
    h.get_by_role_and_label(Role::Cell, "Syria Civil unrest")
        .click();
    h.run();
    h.get_by_label("Add effect").scroll_to_me();
    h.run();
    h.get_by_label("Add effect").click();
    h.run();
    let e = doc(&h)
        .branch("stalemate")
        .and_then(|b| {
            b.effects
                .iter()
                .find(|e| e.region == "syria" && e.indicator == "unrest")
        })
        .cloned()
        .expect("added");
    assert_eq!(e.change.likely, 0.0);
    // A likely value above the high one is flagged, never silently fixed.
    type_into(&mut h, "Likely", "5");
    h.key_press(egui::Key::Enter);
    h.run();
    let e = doc(&h)
        .branch("stalemate")
        .and_then(|b| {
            b.effects
                .iter()
                .find(|e| e.region == "syria" && e.indicator == "unrest")
        })
        .cloned()
        .expect("still there");
    assert_eq!(e.change.likely, 5.0);
    assert_eq!(e.change.high, 2.0);
    // Shown at the cell's editor and among the branch's problems.
    assert_eq!(
        h.get_all_by_label_contains("needs low ≤ likely ≤ high")
            .count(),
        2
    );
    assert!(matches!(
        doc(&h).branch("stalemate").map(|b| b.probability),
        Some(Prob::Value(_))
    ));
}

/// Click a text field by label, select what it holds and type `text` a key at a time, with a
/// frame after each key as a person types (not yet committed).
fn type_into(h: &mut egui_kittest::Harness<'_, muscat::app::MuscatApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    for c in text.chars() {
        h.get_by_role_and_label(Role::TextInput, label)
            .type_text(&c.to_string());
        h.run();
    }
}

/// Type `text` into a field and press Enter.
fn commit(h: &mut egui_kittest::Harness<'_, muscat::app::MuscatApp>, label: &str, text: &str) {
    type_into(h, label, text);
    h.key_press(egui::Key::Enter);
    h.run();
}

#[test]
fn typed_probabilities_mean_what_was_typed_with_a_range_and_without() {
    let mut h = harness();
    // "Comprehensive deal" has a range (7–25%); "Interim freeze" has none.
    select(&mut h, "Comprehensive deal");
    assert!(doc(&h).branch("deal").expect("deal").range.is_some());
    commit(&mut h, "Probability", "20");
    assert_eq!(prob(&h, "deal"), Some(0.20));
    commit(&mut h, "Probability", "65");
    assert_eq!(prob(&h, "deal"), Some(0.65));
    // Take the range off "Interim freeze" and type again.
    select(&mut h, "Interim freeze");
    h.get_by_label("Uncertainty range").click();
    h.run();
    assert!(doc(&h).branch("interim").expect("interim").range.is_none());
    commit(&mut h, "Probability", "20");
    assert_eq!(prob(&h, "interim"), Some(0.20));
    commit(&mut h, "Probability", "65%");
    assert_eq!(prob(&h, "interim"), Some(0.65));
}

#[test]
fn typing_applies_nothing_until_committed_and_keeps_focus() {
    let mut h = harness();
    select(&mut h, "Comprehensive deal");
    type_into(&mut h, "Probability", "2");
    // Half-typed: nothing changes, and the field still has the keyboard.
    assert_eq!(prob(&h, "deal"), Some(0.15));
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Probability")
            .is_focused()
    );
    h.get_by_role_and_label(Role::TextInput, "Probability")
        .type_text("0");
    h.run();
    assert_eq!(prob(&h, "deal"), Some(0.15));
    // Esc restores the old value and leaves the field.
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(prob(&h, "deal"), Some(0.15));
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Probability")
            .value()
            .as_deref(),
        Some("15")
    );
    // Tab commits, as one undo step.
    type_into(&mut h, "Probability", "30");
    h.key_press(egui::Key::Tab);
    h.run();
    assert_eq!(prob(&h, "deal"), Some(0.30));
    // Tab moved the keyboard to the next field; leave it, then undo.
    h.key_press(egui::Key::Escape);
    h.run();
    command_key(&mut h, egui::Key::Z);
    assert_eq!(prob(&h, "deal"), Some(0.15));
}

#[test]
fn bad_text_keeps_the_value_and_says_why_at_the_field() {
    let mut h = harness();
    select(&mut h, "Comprehensive deal");
    for (typed, why) in [
        ("abc", "“abc” is not a number"),
        ("1,5", "use a point for decimals: 1.5"),
        ("150%", "must be from 0 to 100%"),
    ] {
        commit(&mut h, "Probability", typed);
        assert_eq!(prob(&h, "deal"), Some(0.15), "{typed}");
        h.get_by_label_contains(why);
        h.key_press(egui::Key::Escape);
        h.run();
    }
    assert!(!h.state().doc.dirty());
}

#[test]
fn a_negative_likely_change_is_typed_whole() {
    let mut h = harness();
    select(&mut h, "Managed stalemate");
    h.get_by_role_and_label(Role::Cell, "Syria Civil unrest")
        .click();
    h.run();
    h.get_by_label("Add effect").scroll_to_me();
    h.run();
    h.get_by_label("Add effect").click();
    h.run();
    commit(&mut h, "Low", "-20");
    commit(&mut h, "Likely", "-12");
    let e = doc(&h)
        .branch("stalemate")
        .and_then(|b| {
            b.effects
                .iter()
                .find(|e| e.region == "syria" && e.indicator == "unrest")
        })
        .cloned()
        .expect("added");
    assert_eq!(e.change.low, -20.0);
    assert_eq!(e.change.likely, -12.0);
}

#[test]
fn a_slider_drag_follows_the_pointer_to_its_end() {
    let mut h = harness();
    select(&mut h, "Comprehensive deal");
    assert!(doc(&h).branch("deal").expect("deal").range.is_some());
    let rect = h.get_by_role_and_label(Role::Slider, "Probability").rect();
    let at = |p: f32| egui::pos2(rect.left() + p * rect.width(), rect.center().y);
    // The handle sits at 15%: press on it and drag to 60% in small steps, passing the
    // range's end (25%), where a warning appears.
    h.hover_at(at(0.15));
    h.run();
    h.drag_at(at(0.15));
    h.run();
    for k in 1..=30 {
        h.hover_at(at(0.15 + 0.45 * k as f32 / 30.0));
        h.run();
    }
    h.drop_at(at(0.60));
    h.run();
    let p = prob(&h, "deal").expect("explicit");
    assert!((p - 0.60).abs() <= 0.01, "the drag ended at {p}");
}

#[test]
fn the_window_title_marks_unsaved_changes() {
    let mut h = harness();
    assert_eq!(
        h.state().doc.window_title(),
        "US–Iran nuclear talks in Muscat — Muscat"
    );
    select(&mut h, "Comprehensive deal");
    h.get_by_label("Lock").click();
    h.run();
    assert_eq!(
        h.state().doc.window_title(),
        "*US–Iran nuclear talks in Muscat — Muscat"
    );
    command_key(&mut h, egui::Key::Z);
    assert!(!h.state().doc.dirty());
}

#[test]
fn selecting_a_branch_with_a_fine_probability_changes_nothing() {
    // 0.1234 is not on any slider grid: showing it must not round it.
    let dir = common::TempDir::new("fine");
    let text = muscat::io::DEFAULT_SCENARIO
        .replacen("probability: 0.15,", "probability: 0.1234,", 1)
        .replacen("probability: 0.35,", "probability: 0.0001,", 1);
    let file = dir.file("fine.ron", text);
    let mut h = harness_with(
        muscat::app::StartOptions {
            file: Some(file),
            present: false,
        },
        muscat::app::files::Files::new(None),
    );
    for name in ["Comprehensive deal", "Interim freeze", "Talks collapse"] {
        select(&mut h, name);
    }
    assert_eq!(prob(&h, "deal"), Some(0.1234));
    assert_eq!(prob(&h, "interim"), Some(0.0001));
    assert!(!h.state().doc.dirty());
}

#[test]
fn estimative_words_describe_the_figure_beside_them() {
    let h = harness();
    let texts: Vec<String> = painted_texts(&h).into_iter().map(|(t, _, _)| t).collect();
    // 15% × 70% = 10.5% overall: "very unlikely" (ICD 203: 5–20%), not the 70%'s "likely".
    assert!(
        texts.iter().any(|t| t == "10.5% overall · very unlikely"),
        "{texts:?}"
    );
    // 50% × 55% = 27.5% overall: "unlikely" (20–45%); the analysts' spread may follow (elided).
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("27.5% overall · unlikely ·") || t == "27.5% overall · unlikely"),
        "{texts:?}"
    );
}
