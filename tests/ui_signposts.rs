//! Signposts in the window: record an observation through its preview, check the tree's new
//! numbers against Bayes' rule worked out by hand, undo it, and find the old numbers and no new
//! revision. Cancelling changes nothing.

mod common;

use common::gui::*;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

/// Whether a text containing `needle` was painted in the last frame.
fn shows(h: &egui_kittest::Harness<'_, muscat::app::MuscatApp>, needle: &str) -> bool {
    painted_texts(h).iter().any(|(t, _, _)| t.contains(needle))
}

fn open_first_record(h: &mut egui_kittest::Harness<'_, muscat::app::MuscatApp>) {
    h.get_all_by_label("Record…")
        .next()
        .expect("a Record button on the board")
        .click();
    h.run();
    assert!(
        shows(h, "IAEA inspectors regain access to Fordow and Natanz"),
        "the most telling signpost comes first and its dialog opens"
    );
}

#[test]
fn record_an_observation_through_the_preview_then_undo_it() {
    let mut h = harness();
    let revisions = doc(&h).revisions.len();
    h.get_by_label("Signposts").click();
    h.run();

    // Cancelling changes nothing.
    open_first_record(&mut h);
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().dialog.is_none());
    assert_eq!(doc(&h).revisions.len(), revisions);
    assert_eq!(prob(&h, "deal"), Some(0.15));

    // Seen. By hand: P(seen) = 0.15·0.85 + 0.35·0.75 + 0.275·0.2 + 0.225·0.05 = 0.45625, so
    // the deal goes to 0.1275 / 0.45625 = 27.9% and the interim freeze to 0.2625 / 0.45625 =
    // 57.5%; "Talks collapse" is a remainder and comes to 14.5%.
    open_first_record(&mut h);
    assert!(shows(&h, "45.6% chance"), "the preview gives P(seen)");
    assert!(shows(&h, "15% → 27.9% ▲"), "the preview lists the deal");
    h.get_by_role_and_label(Role::MultilineTextInput, "Note")
        .click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Note")
        .type_text("IAEA statement (test)");
    h.run();
    h.get_by_label("Accept").click();
    h.run();
    assert!(h.state().dialog.is_none());
    let deal = prob(&h, "deal").expect("explicit");
    common::close(deal, 0.1275 / 0.45625, 1e-12);
    common::close(
        prob(&h, "interim").expect("explicit"),
        0.2625 / 0.45625,
        1e-12,
    );
    assert_eq!(
        doc(&h).branch("failure").expect("failure").probability,
        muscat::model::Prob::Remainder
    );
    assert_eq!(doc(&h).revisions.len(), revisions + 1);
    let rev = doc(&h).revisions.last().expect("the new revision");
    assert_eq!(rev.note, "IAEA statement (test)");
    assert_eq!(
        rev.evidence.as_ref().map(|e| (e.signpost.as_str(), e.seen)),
        Some(("iaea-access", true))
    );
    // The tree shows the new numbers.
    assert!(shows(&h, "27.9%"), "the tree shows the deal at 27.9%");
    assert!(shows(&h, "57.5%"), "the tree shows the freeze at 57.5%");

    // Undo: the old numbers and no new revision.
    command_key(&mut h, egui::Key::Z);
    assert_eq!(prob(&h, "deal"), Some(0.15));
    assert_eq!(prob(&h, "interim"), Some(0.35));
    assert_eq!(doc(&h).revisions.len(), revisions);
    assert!(!shows(&h, "27.9%"));
}

#[test]
fn a_manual_revision_needs_a_note_and_the_resolution_scores_the_record() {
    let mut h = harness();
    h.get_by_label("Signposts").click();
    h.run();
    let revisions = doc(&h).revisions.len();
    h.get_by_label("Record Revision…").click();
    h.run();
    assert!(
        h.get_by_label("Record Revision")
            .accesskit_node()
            .is_disabled(),
        "no note, no revision"
    );
    h.get_by_role_and_label(Role::MultilineTextInput, "Note")
        .click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Note")
        .type_text("Reviewed after the Muscat round");
    h.run();
    h.get_by_label("Record Revision").click();
    h.run();
    assert_eq!(doc(&h).revisions.len(), revisions + 1);
    assert!(doc(&h).revisions.last().expect("new").evidence.is_none());

    // Mark what happened: the track record appears with a row per revision and the start.
    h.get_by_label("Mark What Happened…").scroll_to_me();
    h.run();
    h.get_by_label("Mark What Happened…").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Managed stalemate")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Button, "Managed stalemate")
        .click();
    h.run();
    h.get_by_label("Mark as Happened").click();
    h.run();
    assert_eq!(
        doc(&h).resolution.as_ref().map(|r| r.branch.as_str()),
        Some("stalemate")
    );
    h.get_by_label("Before the first revision").scroll_to_me();
    h.run();
    assert!(shows(&h, "Before the first revision"));
    assert!(shows(&h, &format!("After revision {}", revisions + 1)));
}

#[test]
fn a_likelihood_typed_in_the_editor_changes_the_signpost_and_undoes() {
    let mut h = harness();
    h.get_by_label("Signposts").click();
    h.run();
    // The first "Edit" toggle on the board (the menu bar's Edit menu is no toggle).
    h.get_all_by_label("Edit")
        .find(|n| n.accesskit_node().toggled().is_some())
        .expect("an Edit button on the board")
        .click();
    h.run();
    let field = "P(seen | Comprehensive deal)";

    h.get_by_role_and_label(Role::TextInput, field)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::TextInput, field).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("60");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let seen = |h: &egui_kittest::Harness<'_, muscat::app::MuscatApp>| {
        doc(h)
            .signpost("iaea-access")
            .expect("signpost")
            .likelihoods[0]
            .seen
    };
    common::close(seen(&h), 0.6, 1e-12);
    command_key(&mut h, egui::Key::Z);
    common::close(seen(&h), 0.85, 1e-12);
}
