//! Presentation mode through the real app.

mod common;

use common::gui::*;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use muscat::app::StartOptions;
use muscat::app::files::Files;

#[test]
fn f5_presents_and_the_keys_step_through_slides() {
    let mut h = harness();
    h.key_press(egui::Key::F5);
    h.run();
    assert!(h.state().view.present.is_some());
    h.get_by_label("1 / 7");
    h.get_by_label("Expected stability by region");
    h.key_press(egui::Key::ArrowRight);
    h.run();
    h.get_by_label("2 / 7");
    h.key_press(egui::Key::Space);
    h.run();
    h.key_press(egui::Key::PageDown);
    h.run();
    h.get_by_label("4 / 7");
    h.get_by_label("Lebanon: chance of an armed-conflict alert");
    h.key_press(egui::Key::PageUp);
    h.run();
    h.get_by_label("3 / 7");
    h.key_press(egui::Key::End);
    h.run();
    h.get_by_label("7 / 7");
    h.key_press(egui::Key::ArrowRight);
    h.run();
    h.get_by_label("7 / 7");
    // The editors are hidden while presenting.
    assert!(
        h.query_by_role_and_label(Role::TreeItem, "Interim freeze")
            .is_none()
    );
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().view.present.is_none());
    h.get_by_role_and_label(Role::TreeItem, "Interim freeze");
}

#[test]
fn present_from_the_command_line() {
    let h = harness_with(
        StartOptions {
            file: Some("scenarios/us-iran-muscat-2026.ron".into()),
            present: true,
        },
        Files::new(None),
    );
    assert!(h.state().view.present.is_some());
    h.get_by_label("1 / 7");
}

#[test]
fn what_if_changes_are_discarded_unless_kept() {
    let mut h = harness();
    let before = doc(&h).clone();
    h.key_press(egui::Key::F5);
    h.run();
    h.get_by_label("What if Comprehensive deal")
        .set_value_accesskit(0.4);
    h.run();
    assert!((prob(&h, "deal").expect("explicit") - 0.4).abs() < 1e-9);
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Keep the what-if changes?");
    h.get_by_label("Discard Changes").click();
    h.run();
    assert!(h.state().view.present.is_none());
    assert_eq!(doc(&h), &before);
    assert!(!h.state().doc.dirty());

    h.key_press(egui::Key::F5);
    h.run();
    h.get_by_label("What if Interim freeze")
        .set_value_accesskit(0.5);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Keep Changes").click();
    h.run();
    assert!((prob(&h, "interim").expect("explicit") - 0.5).abs() < 1e-9);
    assert!(h.state().doc.dirty());
}

#[test]
fn presentation_text_is_large() {
    let mut h = harness();
    h.key_press(egui::Key::F5);
    h.run();
    let counter = h.get_by_label("1 / 7");
    // At least about 28 px body text.
    assert!(counter.rect().height() >= 28.0, "{:?}", counter.rect());
}

#[test]
fn the_what_if_strip_keeps_each_name_beside_its_slider_in_a_narrow_window() {
    let mut h = harness();
    h.set_size(egui::vec2(1100.0, 800.0));
    h.key_press(egui::Key::F5);
    h.run();
    for name in ["Comprehensive deal", "Interim freeze", "Talks collapse"] {
        let slider = h.get_by_label(&format!("What if {name}")).rect();
        assert!(
            slider.max.x <= 1100.0,
            "{name}: slider off screen at {slider:?}"
        );
        let beside = h.query_all_by_label(name).any(|label| {
            let r = label.rect();
            r.max.x <= slider.min.x && (r.center().y - slider.center().y).abs() < 6.0
        });
        assert!(beside, "{name}: no label on the slider's row {slider:?}");
    }
}
