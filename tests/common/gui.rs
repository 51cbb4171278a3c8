//! A kittest harness around the real app, with no recovery folder and default preferences.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use muscat::app::files::Files;
use muscat::app::{FileDialogMode, MuscatApp, Prefs, StartOptions};
use muscat::model::{Prob, Scenario};

/// The app on the bundled scenario, in a 1600×1000 window.
pub fn harness() -> Harness<'static, MuscatApp> {
    harness_with(StartOptions::default(), Files::new(None))
}

/// The app with start options and file settings.
pub fn harness_with(start: StartOptions, files: Files) -> Harness<'static, MuscatApp> {
    let mut h = Harness::builder()
        .with_size([1600.0, 1000.0])
        // The background simulation asks for repaints while it runs and when it finishes;
        // let `run` settle through them.
        .with_max_steps(2000)
        .build_eframe(move |cc| {
            // Tests never open system dialogs: Muscat's own browser answers instead.
            let prefs = Prefs {
                file_dialogs: FileDialogMode::BuiltIn,
                ..Prefs::default()
            };
            MuscatApp::with_prefs(&cc.egui_ctx, start, prefs, files)
        });
    h.run();
    h
}

/// The app started on the scenario file `path`, as `muscat FILE` starts it.
pub fn harness_on(path: std::path::PathBuf) -> Harness<'static, MuscatApp> {
    harness_with(
        StartOptions {
            file: Some(path),
            present: false,
        },
        Files::new(None),
    )
}

/// Ask the window to close, as the window manager's close button does.
pub fn request_close(h: &mut Harness<'_, MuscatApp>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
}

/// The scenario the app holds.
pub fn doc<'a>(h: &'a Harness<'_, MuscatApp>) -> &'a Scenario {
    h.state().doc.scenario()
}

/// The explicit probability of a branch (`None` for a remainder).
pub fn prob(h: &Harness<'_, MuscatApp>, id: &str) -> Option<f64> {
    doc(h)
        .branch(id)
        .map(|b| b.probability)
        .and_then(Prob::value)
}

/// Click the tree row of a branch by its name.
pub fn select(h: &mut Harness<'_, MuscatApp>, name: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::TreeItem, name)
        .click();
    h.run();
}

/// Press a shortcut with the platform's command key.
pub fn command_key(h: &mut Harness<'_, MuscatApp>, key: egui::Key) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, key);
    // A save (or an open) runs off the UI thread: wait for it, however long it takes.
    h.step();
    wait_for_job(h);
}

/// Every text painted in the last frame, with where it was drawn and whether it is legible:
/// inside its clip rectangle and the screen, and not faded out.
pub fn painted_texts(h: &Harness<'_, MuscatApp>) -> Vec<(String, egui::Rect, bool)> {
    fn walk(shape: &egui::Shape, clip: egui::Rect, out: &mut Vec<(String, egui::Rect, bool)>) {
        match shape {
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, clip, out)),
            egui::Shape::Text(t) => {
                let rect = t.visual_bounding_rect();
                let faded = t.opacity_factor < 0.8
                    || t.override_text_color.is_some_and(|c| c.a() < 200)
                    || t.fallback_color.a() < 200;
                let inside = clip.expand(1.0).contains_rect(rect);
                out.push((t.galley.text().to_owned(), rect, inside && !faded));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, clipped.clip_rect, &mut out);
    }
    out
}

/// Whether `text` was painted, whole and legible, inside a screen of `size`.
pub fn painted_in_full(h: &Harness<'_, MuscatApp>, text: &str, size: egui::Vec2) -> bool {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size).expand(1.0);
    painted_texts(h)
        .iter()
        .any(|(t, r, ok)| t == text && *ok && screen.contains_rect(*r))
}

/// In Muscat's own file browser, go to `dir` and type `name`, as a person would before pressing
/// its button.
pub fn browse_to(h: &mut Harness<'_, MuscatApp>, dir: &std::path::Path, name: &str) {
    let browser = h
        .state_mut()
        .files
        .browser
        .as_mut()
        .expect("the file browser is open");
    browser.go(dir.to_owned());
    browser.name = name.into();
    h.run();
}

/// Draw frames until the background job (an export or an Open) has ended: while it runs, its
/// box (with Cancel) is on screen. Waits on the work, never on the clock: the cap only stops a hung export.
pub fn wait_for_job(h: &mut Harness<'_, MuscatApp>) {
    let started = std::time::Instant::now();
    while h.state().job.is_some() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(600),
            "the job has not ended in 10 minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
        // The frame just drawn showed the box (from its second frame: the first only sizes it).
        if h.state().job.is_some() {
            h.get_by_label("Cancel");
        }
    }
    h.run();
}

/// Frames until the simulation has settled; fails once several frames in a row find it
/// neither settled nor running, that is, nothing works on it any more.
pub fn until_simulation_settles(h: &mut Harness<'_, MuscatApp>) {
    let mut idle = 0;
    while !h.state().simulation_settled() {
        h.run();
        if h.state().simulation_progress().is_some() {
            idle = 0;
        } else {
            idle += 1;
            assert!(idle < 10, "the simulation is neither settled nor running");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
