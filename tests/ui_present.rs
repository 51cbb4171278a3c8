//! Presentation mode through the real app.

mod common;

use common::gui::*;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use muscat::app::files::Files;
use muscat::app::{MuscatApp, StartOptions};

#[test]
fn f5_presents_and_the_keys_step_through_slides() {
    let mut h = harness();
    h.key_press(egui::Key::F5);
    h.run();
    assert!(h.state().view.present.is_some());
    h.get_by_label("1 / 10");
    h.get_by_label("Expected stability by region");
    h.key_press(egui::Key::ArrowRight);
    h.run();
    h.get_by_label("2 / 10");
    h.key_press(egui::Key::Space);
    h.run();
    h.key_press(egui::Key::PageDown);
    h.run();
    h.get_by_label("4 / 10");
    h.get_by_label("Lebanon: chance of an armed-conflict alert");
    h.key_press(egui::Key::PageUp);
    h.run();
    h.get_by_label("3 / 10");
    h.key_press(egui::Key::End);
    h.run();
    h.get_by_label("10 / 10");
    h.key_press(egui::Key::ArrowRight);
    h.run();
    h.get_by_label("10 / 10");
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
    h.get_by_label("1 / 10");
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
fn presentation_text_is_large_at_1080p_and_scales_with_the_screen() {
    let mut heights = Vec::new();
    for size in [egui::vec2(1920.0, 1080.0), egui::vec2(1280.0, 720.0)] {
        let mut h = harness();
        h.set_size(size);
        h.key_press(egui::Key::F5);
        h.run();
        heights.push(h.get_by_label("1 / 10").rect().height());
    }
    // At least about 28 px body text at 1920 × 1080, and two thirds of it at 1280 × 720.
    assert!(heights[0] >= 28.0, "{heights:?}");
    assert!(
        (heights[1] / heights[0] - 720.0 / 1080.0).abs() < 0.08,
        "{heights:?}"
    );
}

/// A vertical axis title (painted taller than wide) runs beside its plot, clear of the legend
/// above it and the ticks below.
fn assert_axis_titles_clear(h: &Harness<'_, MuscatApp>, at: &str) {
    let texts: Vec<(String, egui::Rect)> = painted_texts(h)
        .into_iter()
        .filter(|(t, _, ok)| *ok && !t.trim().is_empty())
        .map(|(t, r, _)| (t, r))
        .collect();
    for (t, r) in texts.iter().filter(|(_, r)| r.height() > 2.0 * r.width()) {
        for (u, q) in &texts {
            assert!(
                u == t || !r.shrink(1.0).intersects(q.shrink(1.0)),
                "{at}: the axis title {t:?} runs into {u:?}"
            );
        }
    }
}

/// The composite's axis title ("Composite stability index (0–100, higher is more stable)") is
/// longer than a trajectory's plot is high on a small screen: it takes two lines there.
#[test]
fn a_long_vertical_axis_title_wraps_beside_its_plot() {
    let dir = common::TempDir::new("axis-title");
    let mut s = muscat::io::default_scenario();
    let slide = s
        .slides
        .iter()
        .position(|sl| sl.chart == muscat::model::ChartKind::Trajectory)
        .expect("the bundled deck has a trajectory");
    s.slides[slide].indicator = None;
    let path = dir.0.join("composite.ron");
    muscat::io::save_file(&path, &s).expect("save");
    for size in [egui::vec2(1024.0, 640.0), egui::vec2(1280.0, 720.0)] {
        let mut h = harness_on(path.clone());
        h.set_size(size);
        h.key_press(egui::Key::F5);
        h.run();
        for _ in 0..slide {
            h.key_press(egui::Key::ArrowRight);
            h.run();
        }
        let at = format!("{size:?}, {}", s.slides[slide].title);
        let titles: Vec<String> = painted_texts(&h)
            .into_iter()
            .filter(|(t, r, ok)| *ok && r.height() > 2.0 * r.width() && t.contains("Composite"))
            .map(|(t, _, _)| t)
            .collect();
        assert!(
            titles.iter().any(|t| t.contains('\n')),
            "{at}: the composite's axis title on one line: {titles:?}"
        );
        assert_axis_titles_clear(&h, &at);
    }
}

/// Every category label of every slide, and the whole what-if strip, at the screen sizes
/// meeting rooms use.
#[test]
fn every_label_and_the_what_if_strip_fit_at_every_common_size() {
    let s = muscat::io::default_scenario();
    let regions: Vec<&str> = s.regions.iter().map(|r| r.name.as_str()).collect();
    for (w, ht) in [
        (1024.0, 640.0),
        (1280.0, 720.0),
        (1366.0, 768.0),
        (1920.0, 1080.0),
    ] {
        let size = egui::vec2(w, ht);
        let mut h = harness();
        h.set_size(size);
        h.key_press(egui::Key::F5);
        h.run();
        for slide in 0..s.slides.len() {
            let title = &s.slides[slide].title;
            let chart = s.slides[slide].chart;
            use muscat::model::ChartKind;
            if matches!(
                chart,
                ChartKind::ExpectedByRegion | ChartKind::Contributions | ChartKind::Heatmap
            ) {
                for r in &regions {
                    assert!(
                        painted_in_full(&h, r, size),
                        "{w}×{ht}, {title}: region {r} dropped"
                    );
                }
            }
            if chart == ChartKind::Tornado {
                let labels: Vec<String> = painted_texts(&h)
                    .into_iter()
                    .filter(|(t, _, ok)| *ok && (t.starts_with("P(") || t.ends_with(" effect")))
                    .map(|(t, _, _)| t)
                    .collect();
                assert!(
                    labels.len() >= 12,
                    "{w}×{ht}, {title}: tornado labels dropped: {labels:?}"
                );
            }
            assert_axis_titles_clear(&h, &format!("{w}×{ht}, {title}"));
            for name in ["Comprehensive deal", "Interim freeze", "Talks collapse"] {
                let slider = h.get_by_label(&format!("What if {name}")).rect();
                assert!(
                    egui::Rect::from_min_size(egui::Pos2::ZERO, size).contains_rect(slider),
                    "{w}×{ht}, {title}: what-if slider {name} cut off at {slider:?}"
                );
            }
            h.key_press(egui::Key::ArrowRight);
            h.run();
        }
    }
}

#[test]
fn the_presenter_view_has_the_notes_and_the_projected_window_never_does() {
    let mut h = harness();
    let s = muscat::io::default_scenario();
    let note = s.slides[1].note.clone();
    assert!(!note.is_empty());
    h.key_press(egui::Key::F5);
    h.run();
    h.key_press(egui::Key::ArrowRight);
    h.run();
    // Projected: the slide only.
    assert!(
        h.query_by_label(&note).is_none(),
        "notes on the projected slide"
    );
    assert!(h.query_by_label_contains("Slide 2 of 10").is_none());
    // P opens the presenter view: counter, clock, the notes, this slide and the next.
    h.key_press(egui::Key::P);
    h.run();
    h.get_by_label("Slide 2 of 10");
    h.get_by_label(&note);
    h.get_by_label_contains("Elapsed 00:0");
    h.get_by_label(&s.slides[2].title);
    // Its buttons step the slides, and the projected slide follows.
    h.get_by_label("Next ▶").click();
    h.run();
    h.get_by_label("Slide 3 of 10");
    h.get_by_label("3 / 10");
    h.get_by_label(&s.slides[2].note);
    h.get_by_label("◀ Previous").click();
    h.run();
    h.get_by_label("2 / 10");
    // On the last slide it says what comes next.
    h.key_press(egui::Key::End);
    h.run();
    h.get_by_label("End of the slides");
    // P again closes it.
    h.key_press(egui::Key::P);
    h.run();
    assert!(h.query_by_label("Slide 7 of 10").is_none());
    assert!(
        !h.state()
            .view
            .present
            .as_ref()
            .expect("presenting")
            .presenter
    );
}

#[test]
fn leaving_puts_back_the_chart_shown_before() {
    let mut h = harness();
    h.state_mut().view.chart = muscat::model::ChartKind::Heatmap;
    h.run();
    h.key_press(egui::Key::F5);
    h.run();
    h.key_press(egui::Key::ArrowRight);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().view.present.is_none());
    assert_eq!(h.state().view.chart, muscat::model::ChartKind::Heatmap);
}

#[test]
fn the_what_if_strip_keeps_each_name_beside_its_slider_at_every_size() {
    for (w, ht) in [
        (1100.0, 800.0),
        (1366.0, 768.0),
        (1024.0, 640.0),
        (1920.0, 1080.0),
    ] {
        let mut h = harness();
        h.set_size(egui::vec2(w, ht));
        h.key_press(egui::Key::F5);
        h.run();
        h.key_press(egui::Key::End);
        h.run();
        for name in ["Comprehensive deal", "Interim freeze", "Talks collapse"] {
            let slider = h.get_by_label(&format!("What if {name}")).rect();
            assert!(
                slider.max.x <= w,
                "{w}×{ht}, {name}: slider off screen at {slider:?}"
            );
            let beside = h.query_all_by_label(name).any(|label| {
                let r = label.rect();
                r.max.x <= slider.min.x && (r.center().y - slider.center().y).abs() < 6.0
            });
            assert!(
                beside,
                "{w}×{ht}, {name}: no label on the slider's row {slider:?}"
            );
        }
    }
}

#[test]
fn the_keep_changes_prompt_is_presentation_sized_and_esc_keeps_presenting() {
    let mut h = harness();
    h.set_size(egui::vec2(1920.0, 1080.0));
    h.key_press(egui::Key::F5);
    h.run();
    h.get_by_label("What if Interim freeze")
        .set_value_accesskit(0.5);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    let heading = h.get_by_label("Keep the what-if changes?").rect();
    assert!(heading.height() >= 40.0, "{heading:?}");
    let button = h.get_by_label("Keep Changes").rect();
    assert!(button.height() >= 28.0, "{button:?}");
    // Esc is Cancel: back to the slides, the change still in place.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().dialog.is_none());
    assert!(h.state().view.present.is_some(), "still presenting");
    assert!((prob(&h, "interim").expect("explicit") - 0.5).abs() < 1e-9);
}

#[test]
fn a_simulation_passed_over_while_stepping_slides_finishes_when_its_slide_comes_back() {
    let mut h = harness();
    h.key_press(egui::Key::F5);
    h.run();
    let mut stopped_early = 0;
    for _ in 0..8 {
        // Once the slide's quick pass is on screen, step on and straight back: the next
        // slide's request stops the run before its last answer.
        while !h.state().simulation_settled() {
            h.step();
            if h.state().current_mc().is_some_and(|m| !m.complete) {
                h.key_press(egui::Key::ArrowRight);
                h.step();
                h.key_press(egui::Key::ArrowLeft);
                stopped_early += 1;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        until_simulation_settles(&mut h);
        h.key_press(egui::Key::ArrowRight);
        h.run();
    }
    assert!(stopped_early > 0, "no slide showed its quick pass");
}
