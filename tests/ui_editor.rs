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
    // The remainder sibling absorbed the change; the numbers moved with it.
    let e = &h.state().results.expected;
    assert!((e.abs[2] - 0.25 * 0.7 / 0.7 * 0.7).abs() < 1e-9 || e.abs[0] > 0.2);
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
    h.get_by_role_and_label(Role::SpinButton, "Likely")
        .set_value_accesskit(5.0);
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
