//! The map in the window: hover readouts and clicks, in the editor and while presenting.

mod common;

use common::gui::*;
use common::independent;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

/// In the app: hovering a region shows its numbers, and a click selects it for the region
/// charts.
#[test]
fn hover_shows_a_region_s_numbers_and_a_click_selects_it() {
    let mut h = harness();
    h.get_by_role_and_label(Role::ComboBox, "Chart").click();
    h.run();
    h.get_by_label("Map").click();
    h.run();
    let map = h.get_by_role(Role::Image).rect();
    // Walk the map until the pointer is over Iraq, as a user would.
    let mut found = None;
    'scan: for row in 1..12 {
        for col in 1..20 {
            let at = egui::pos2(
                map.left() + map.width() * col as f32 / 20.0,
                map.top() + map.height() * row as f32 / 12.0,
            );
            h.hover_at(at);
            h.run();
            if h.query_by_label_contains("Iraq\nComposite stability index")
                .is_some()
            {
                found = Some(at);
                break 'scan;
            }
        }
    }
    let at = found.expect("the pointer finds Iraq on the map");
    let tip = format!(
        "{:?}",
        h.get_by_label_contains("Iraq\nComposite stability index")
    );
    let s = doc(&h).clone();
    let expected = independent::expected_composite(&s, "iraq", s.header.horizon_months);
    let baseline = independent::composite(&s, &independent::baselines(&s, "iraq"));
    assert!(tip.contains(&format!("Baseline: {baseline:.1}")), "{tip}");
    assert!(
        tip.contains(&format!(
            "Expected at the horizon (month 24): {expected:.1}"
        )),
        "{tip}"
    );
    assert!(tip.contains("Chance of alert"), "{tip}");
    assert_ne!(h.state().view.region.as_deref(), Some("iraq"));
    h.drag_at(at);
    h.run();
    h.drop_at(at);
    h.run();
    h.run();
    assert_eq!(h.state().view.region.as_deref(), Some("iraq"));
}

/// A click on the map while presenting changes nothing: after leaving, the charts follow the
/// region they followed before.
#[test]
fn a_click_on_the_map_while_presenting_selects_nothing() {
    let mut h = harness();
    // The charts follow the first region, Iran, before presenting.
    assert_eq!(h.state().view.region_index(doc(&h)), 0);
    h.key_press(egui::Key::F5);
    h.run();
    h.key_press(egui::Key::End);
    h.run();
    let map = h.get_by_role(Role::Image).rect();
    // The middle of the map is on the Gulf states.
    let at = map.center();
    h.hover_at(at);
    h.run();
    assert!(
        h.query_by_label_contains("Gulf states\nComposite stability index")
            .is_some(),
        "the pointer is over a region"
    );
    h.drag_at(at);
    h.run();
    h.drop_at(at);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    h.run();
    assert!(h.state().view.present.is_none(), "presentation has ended");
    h.run();
    let s = doc(&h).clone();
    assert_eq!(s.regions[h.state().view.region_index(&s)].id, "iran");
}
