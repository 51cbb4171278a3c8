//! Image snapshots of the main views and presentation mode, rendered with wgpu on the CPU
//! (Mesa lavapipe). Behind the `snapshots` feature, which `.ci/run` turns on:
//!
//! `cargo test --features snapshots --test snapshots`
//! (`UPDATE_SNAPSHOTS=1` rewrites the images in tests/snapshots after a deliberate change.)
#![cfg(feature = "snapshots")]

mod common;

use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotOptions};
use muscat::app::files::Files;
use muscat::app::{FileDialogMode, MuscatApp, Prefs, StartOptions};

fn harness(size: [f32; 2], dark: bool) -> Harness<'static, MuscatApp> {
    harness_at(size, 1.0, dark)
}

/// The app in a window of `size` points at `scale` pixels per point.
fn harness_at(size: [f32; 2], scale: f32, dark: bool) -> Harness<'static, MuscatApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_pixels_per_point(scale)
        .with_max_steps(2000)
        .with_theme(if dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        })
        .wgpu()
        .build_eframe(move |cc| {
            let prefs = Prefs {
                dark,
                file_dialogs: FileDialogMode::BuiltIn,
                ..Prefs::default()
            };
            MuscatApp::with_prefs(
                &cc.egui_ctx,
                StartOptions::default(),
                prefs,
                Files::new(None),
            )
        });
    h.run();
    h
}

/// Run until the simulation has finished, so the numbers on screen are fixed.
fn settle(h: &mut Harness<'_, MuscatApp>) {
    common::gui::until_simulation_settles(h);
    h.run();
}

fn options() -> SnapshotOptions {
    // lavapipe is deterministic. The threshold absorbs faint antialiasing differences between
    // driver versions, pixel by pixel; no pixel may differ by more, so a changed digit fails.
    SnapshotOptions::new().threshold(1.0).max_failed_pixels(0)
}

#[test]
fn main_window_light() {
    let mut h = harness([1600.0, 1000.0], false);
    settle(&mut h);
    h.snapshot_options("main-window-light", &options());
}

#[test]
fn main_window_dark_on_the_tornado() {
    let mut h = harness([1600.0, 1000.0], true);
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Chart")
        .click();
    h.run();
    h.get_by_label("Tornado").click();
    h.run();
    settle(&mut h);
    h.remove_cursor();
    h.run();
    h.snapshot_options("main-window-dark-tornado", &options());
}

#[test]
fn presentation_mode() {
    let mut h = harness([1920.0, 1080.0], false);
    h.key_press(egui::Key::F5);
    h.run();
    h.key_press(egui::Key::ArrowRight);
    h.run();
    h.key_press(egui::Key::ArrowRight);
    h.run();
    settle(&mut h);
    h.remove_cursor();
    h.run();
    h.snapshot_options("presentation-trajectory", &options());
}

#[test]
fn main_window_at_1024_by_640() {
    let mut h = harness([1024.0, 640.0], false);
    settle(&mut h);
    h.remove_cursor();
    h.run();
    h.snapshot_options("main-window-1024x640", &options());
}

/// Presentation on a small projector: every region named, the what-if strip whole.
#[test]
fn presentation_at_1280_by_720() {
    let mut h = harness([1280.0, 720.0], false);
    h.key_press(egui::Key::F5);
    h.run();
    settle(&mut h);
    h.remove_cursor();
    h.run();
    h.snapshot_options("presentation-1280x720-regions", &options());
}

/// The tornado at 1080p: every input labelled, each bar's ends marked low and high.
#[test]
fn presentation_at_1920_by_1080_on_the_tornado() {
    let mut h = harness([1920.0, 1080.0], false);
    h.key_press(egui::Key::F5);
    h.run();
    h.key_press(egui::Key::Home);
    h.run();
    for _ in 0..4 {
        h.key_press(egui::Key::ArrowRight);
        h.run();
    }
    settle(&mut h);
    h.remove_cursor();
    h.run();
    h.snapshot_options("presentation-1920x1080-tornado", &options());
}

/// The map, the last slide, on a 1080p projector: regions filled, alert hatched, every region
/// labelled.
#[test]
fn presentation_of_the_map_at_1920_by_1080() {
    let mut h = harness([1920.0, 1080.0], false);
    h.key_press(egui::Key::F5);
    h.run();
    h.key_press(egui::Key::End);
    h.run();
    settle(&mut h);
    h.remove_cursor();
    h.run();
    h.snapshot_options("presentation-1920x1080-map", &options());
}

/// The two slides before the map at 1280×720: what each signpost would do, and the odds over
/// time.
#[test]
fn presentation_of_the_signposts_and_the_timeline() {
    let mut h = harness([1280.0, 720.0], false);
    h.key_press(egui::Key::F5);
    h.run();
    h.key_press(egui::Key::End);
    h.run();
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    settle(&mut h);
    h.remove_cursor();
    h.run();
    h.snapshot_options("presentation-1280x720-timeline", &options());
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    settle(&mut h);
    h.remove_cursor();
    h.run();
    h.snapshot_options("presentation-1280x720-signposts", &options());
}

/// A 4K screen at scale 2: the same layout as 1080p, twice as sharp.
#[test]
fn presentation_at_3840_by_2160_scale_2() {
    let mut h = harness_at([1920.0, 1080.0], 2.0, false);
    h.key_press(egui::Key::F5);
    h.run();
    h.key_press(egui::Key::ArrowRight);
    h.run();
    settle(&mut h);
    h.remove_cursor();
    h.run();
    h.snapshot_options("presentation-3840x2160-contributions", &options());
}
