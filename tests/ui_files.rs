//! Opening, saving and recovering through the real app.

mod common;

use common::TempDir;
use common::gui::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use muscat::app::files::{Files, find_recoveries};
use muscat::app::{Action, Dialog, MuscatApp, StartOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn open(h: &mut Harness<'_, MuscatApp>, path: &Path) {
    h.state_mut()
        .actions
        .push(Action::OpenPath(path.to_owned()));
    h.step();
    wait_for_job(h);
}

fn template_with(from: &str, to: &str) -> Vec<u8> {
    muscat::io::BLANK_TEMPLATE
        .replacen(from, to, 1)
        .into_bytes()
}

/// Every malformed case of the core loader, as files.
fn malformed(dir: &TempDir) -> Vec<(PathBuf, &'static str)> {
    let deep = format!(
        "(format: \"muscat-scenario\", version: 2, title: \"x\", extra: {}{})",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    vec![
        (
            dir.file(
                "syntax.ron",
                template_with("title: \"Untitled scenario\",", "title: \"x\" oops,"),
            ),
            "syntax.ron:5:16",
        ),
        (
            dir.file(
                "type.ron",
                template_with("horizon_months: 24", "horizon_months: \"two years\""),
            ),
            "horizon_months",
        ),
        (
            dir.file(
                "unknown-region.ron",
                template_with(
                    "(indicator: \"stability\", value: 50.0)",
                    "(indicator: \"nope\", value: 50.0)",
                ),
            ),
            "unknown indicator \"nope\"",
        ),
        (
            dir.file(
                "duplicate.ron",
                template_with("id: \"partial\"", "id: \"success\""),
            ),
            "duplicate branch id",
        ),
        (
            dir.file(
                "nan.ron",
                template_with("probability: 0.3,", "probability: NaN,"),
            ),
            "probability NaN",
        ),
        (
            dir.file(
                "inf.ron",
                template_with("probability: 0.3,", "probability: inf,"),
            ),
            "probability inf",
        ),
        (
            dir.file(
                "negative.ron",
                template_with("probability: 0.3,", "probability: -0.1,"),
            ),
            "probability -0.1",
        ),
        (
            dir.file(
                "over-one.ron",
                template_with("probability: 0.3,", "probability: 1.5,"),
            ),
            "probability 1.5",
        ),
        (
            dir.file(
                "two-remainders.ron",
                template_with("probability: 0.3,", "probability: \"remainder\","),
            ),
            "at most one is allowed",
        ),
        (dir.file("empty.ron", b""), "empty"),
        (
            dir.file(
                "truncated.ron",
                &muscat::io::DEFAULT_SCENARIO.as_bytes()[..700],
            ),
            "truncated",
        ),
        (
            dir.file("binary.ron", [0u8, 159, 146, 150, 0, 1, 2]),
            "binary",
        ),
        (
            dir.file("newer.ron", template_with("version: 5", "version: 99")),
            "newer Muscat",
        ),
        (dir.file("deep.ron", deep.as_bytes()), "nested"),
    ]
}

#[test]
fn bad_files_are_reported_and_the_open_document_stays() {
    let dir = TempDir::new("bad");
    let mut h = harness();
    // An unsaved change that must survive every failed open.
    select(&mut h, "Comprehensive deal");
    h.get_by_label("Lock").click();
    h.run();
    let before = doc(&h).clone();
    for (path, expect) in malformed(&dir) {
        open(&mut h, &path);
        // There are unsaved changes: Muscat asks first. Even "Don't Save" keeps them when the
        // file cannot be opened.
        h.get_by_label("Don't Save").click();
        h.run();
        let Some(Dialog::LoadFailed(e)) = h.state().dialog.clone() else {
            panic!("{}: no error dialog", path.display());
        };
        assert!(e.to_string().contains(expect), "{}: {e}", path.display());
        // The dialog names the file and, where there is one, the line.
        h.get_by_label_contains(&path.display().to_string());
        if let (Some(l), Some(c)) = (e.problems[0].line, e.problems[0].col) {
            h.get_by_label(&format!("line {l}, column {c}: {}", e.problems[0].message));
        }
        h.get_by_label("OK").click();
        h.run();
        assert!(h.state().dialog.is_none());
        assert_eq!(doc(&h), &before, "{}", path.display());
        assert!(h.state().doc.dirty());
    }
    // A file that is too large is refused before it is read.
    let big = dir.0.join("huge.ron");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(muscat::io::MAX_FILE_BYTES + 10))
        .expect("sparse file");
    open(&mut h, &big);
    h.get_by_label("Don't Save").click();
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::LoadFailed(_))));
    assert_eq!(doc(&h), &before);
}

#[test]
fn opening_an_old_format_migrates_and_says_so() {
    let mut h = harness();
    open(&mut h, Path::new("tests/data/v1-example.ron"));
    assert_eq!(doc(&h).header.title, "Version 1 example");
    assert!(
        h.state()
            .notices
            .iter()
            .any(|n| n.text.contains("format version 1"))
    );
}

#[test]
fn save_as_writes_the_current_format_and_clears_the_marker() {
    let dir = TempDir::new("saveas");
    let mut h = harness();
    select(&mut h, "Interim freeze");
    h.get_by_label("Lock").click();
    h.run();
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    h.run();
    // Muscat's own browser: type the folder and a name.
    browse_to(&mut h, &dir.0, "plan");
    // The browser's button, not the toolbar's.
    h.get_all_by_label("Save")
        .last()
        .expect("a Save button")
        .click();
    h.run();
    let path = dir.0.join("plan.ron");
    assert!(path.exists());
    assert!(!h.state().doc.dirty());
    assert_eq!(h.state().doc.path.as_deref(), Some(path.as_path()));
    let back = muscat::io::load_file(&path).expect("reads back");
    assert_eq!(&back.scenario, doc(&h));
    assert_eq!(
        h.state().prefs.recent.first().and_then(|p| p.file_name()),
        path.file_name()
    );
}

#[test]
fn a_failed_save_says_so_and_keeps_the_work() {
    let dir = TempDir::new("rosave");
    let path = dir.file("locked.ron", muscat::io::DEFAULT_SCENARIO.as_bytes());
    let mut perms = std::fs::metadata(&path).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).expect("chmod");
    let mut h = harness();
    open(&mut h, &path);
    select(&mut h, "Interim freeze");
    h.get_by_label("Lock").click();
    h.run();
    command_key(&mut h, egui::Key::S);
    assert!(matches!(h.state().dialog, Some(Dialog::SaveFailed(_))));
    h.get_by_label_contains("read-only");
    assert!(h.state().doc.dirty());
    assert!(doc(&h).branch("interim").expect("interim").locked);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        muscat::io::DEFAULT_SCENARIO
    );
}

#[test]
fn unsaved_changes_are_guarded() {
    let mut h = harness();
    select(&mut h, "Interim freeze");
    h.get_by_label("Lock").click();
    h.run();
    // New → a template → "Save changes?" → Cancel keeps everything.
    command_key(&mut h, egui::Key::N);
    h.get_by_label("Blank template").click();
    h.run();
    h.get_by_label("Save changes?");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(doc(&h).branch("interim").is_some());
    assert!(h.state().doc.dirty());
    // Closing the window asks too.
    request_close(&mut h);
    h.run();
    assert!(matches!(
        h.state().dialog,
        Some(Dialog::UnsavedChanges { .. })
    ));
    h.get_by_label("Cancel").click();
    h.run();
    // Don't Save goes ahead.
    command_key(&mut h, egui::Key::N);
    h.get_by_label("Blank template").click();
    h.run();
    h.get_by_label("Don't Save").click();
    h.run();
    assert_eq!(doc(&h).header.title, "Untitled scenario");
    assert!(!h.state().doc.dirty());
}

/// A process id that is certainly not running.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("spawn true");
    let pid = child.id();
    let _ = child.wait();
    pid
}

#[test]
fn work_is_recovered_after_a_kill() {
    let dir = TempDir::new("recover");
    let mut h = harness_with(StartOptions::default(), Files::new(Some(dir.0.clone())));
    select(&mut h, "Interim freeze");
    h.get_by_label("Lock").click();
    h.run();
    let edited = doc(&h).clone();
    // The recovery copy is written within seconds, off the UI thread.
    let mine = dir.0.join(format!("recovery-{}.ron", std::process::id()));
    // The copy and its note are written one after the other: wait for both, however long a
    // slow machine takes (the limit only stops a broken build from hanging).
    let written = || mine.exists() && mine.with_extension("meta").exists();
    let start = Instant::now();
    while !written() && start.elapsed() < Duration::from_secs(120) {
        h.run();
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(written(), "no recovery copy after 120 s");
    // Play a kill: the copy now belongs to a process that is gone.
    let pid = dead_pid();
    let theirs = dir.0.join(format!("recovery-{pid}.ron"));
    std::fs::rename(&mine, &theirs).expect("rename");
    std::fs::rename(mine.with_extension("meta"), theirs.with_extension("meta"))
        .expect("rename meta");
    drop(h);
    assert_eq!(find_recoveries(&dir.0).len(), 1);

    let mut h = harness_with(StartOptions::default(), Files::new(Some(dir.0.clone())));
    h.get_by_label("Restore unsaved work?");
    h.get_by_label_contains("A recovery copy was written");
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(doc(&h), &edited);
    assert!(h.state().doc.dirty());
    assert!(find_recoveries(&dir.0).is_empty());
}

#[test]
fn declining_recovery_discards_it() {
    let dir = TempDir::new("decline");
    let pid = dead_pid();
    let file = dir.0.join(format!("recovery-{pid}.ron"));
    muscat::app::files::write_recovery(&file, &muscat::io::default_scenario(), "").expect("write");
    let mut h = harness_with(StartOptions::default(), Files::new(Some(dir.0.clone())));
    h.get_by_label("Discard").click();
    h.run();
    assert!(!file.exists());
    assert!(find_recoveries(&dir.0).is_empty());
    assert!(!h.state().doc.dirty());
}

#[test]
fn a_file_given_on_the_command_line_opens() {
    let h = harness_with(
        StartOptions {
            file: Some(PathBuf::from("scenarios/hormuz-shipping-incident.ron")),
            present: false,
        },
        Files::new(None),
    );
    assert_eq!(doc(&h).header.title, "Strait of Hormuz shipping incident");
    assert!(h.state().doc.window_title().starts_with("Strait of Hormuz"));
}

#[test]
fn the_deck_and_the_brief_export_as_pdf_from_the_file_menu() {
    let dir = TempDir::new("pdfmenu");
    let mut h = harness();
    for (item, name, media_box) in [
        ("Export Deck as PDF…", "talks", "/MediaBox [0 0 960 540]"),
        (
            "Export Brief as PDF (US Letter)…",
            "brief",
            "/MediaBox [0 0 612 792]",
        ),
    ] {
        h.get_by_label("File").click();
        h.run();
        h.get_by_label(item).click();
        h.run();
        browse_to(&mut h, &dir.0, name);
        h.get_by_label("Export").click();
        h.step();
        wait_for_job(&mut h);
        let path = dir.0.join(format!("{name}.pdf"));
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{item}: {e}; dialog {:?}", h.state().dialog));
        assert!(bytes.starts_with(b"%PDF-"), "{item}");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains(media_box), "{item}: wrong page size");
        assert!(
            h.state()
                .notices
                .iter()
                .any(|n| n.text.contains(&format!("{name}.pdf"))),
            "{item}: no notice"
        );
    }
}

#[test]
fn the_window_keeps_drawing_while_an_export_runs_and_cancel_stops_it() {
    use muscat::app::jobs::{Finished, Job, Kind};
    let mut h = harness();
    // Work that runs until it is cancelled, so the test waits on Cancel, not on the clock.
    let job = Job::spawn(
        &h.ctx,
        Kind::Export,
        "Exporting test.pdf".into(),
        |progress| {
            while !progress.is_cancelled() {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            Finished::Cancelled
        },
    )
    .expect("a thread");
    h.state_mut().job = Some(job);
    let before = h.ctx.cumulative_pass_nr();
    for _ in 0..20 {
        h.step();
    }
    assert!(
        h.ctx.cumulative_pass_nr() >= before + 20,
        "frames kept coming"
    );
    h.get_by_label_contains("Exporting test.pdf");
    // The editor still works while the export runs (frame by frame: the box keeps the window
    // repainting, so it never settles).
    h.get_by_role_and_label(egui::accesskit::Role::TreeItem, "Interim freeze")
        .click();
    h.run_steps(4);
    assert_eq!(h.state().view.selected.as_deref(), Some("interim"));
    h.get_by_label("Cancel").click();
    h.step();
    wait_for_job(&mut h);
    assert!(h.state().job.is_none());
    assert!(
        h.state()
            .notices
            .iter()
            .any(|n| n.text == "Export cancelled; nothing was written"),
        "{:?}",
        h.state()
            .notices
            .iter()
            .map(|n| &n.text)
            .collect::<Vec<_>>()
    );
}

#[test]
fn opening_is_modal_and_cancel_keeps_the_open_document() {
    use muscat::app::jobs::{Finished, Job, Kind};
    let mut h = harness();
    let title = doc(&h).header.title.clone();
    let job = Job::spawn(&h.ctx, Kind::Open, "Opening big.ron".into(), |progress| {
        while !progress.is_cancelled() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        Finished::Cancelled
    })
    .expect("a thread");
    h.state_mut().job = Some(job);
    h.run_steps(3);
    h.get_by_label_contains("Opening big.ron");
    // The box is modal: a click on the tree does not reach it.
    let before = h.state().view.selected.clone();
    h.get_by_role_and_label(egui::accesskit::Role::TreeItem, "Interim freeze")
        .click();
    h.run_steps(3);
    assert_eq!(h.state().view.selected, before);
    // Esc cancels, as in every dialog.
    h.key_press(egui::Key::Escape);
    h.step();
    wait_for_job(&mut h);
    assert_eq!(doc(&h).header.title, title);
    assert!(
        h.state()
            .notices
            .iter()
            .any(|n| n.text == "Open cancelled; the open document is as it was")
    );
}

#[test]
fn esc_cancels_every_dialog_and_the_save_prompt_keeps_the_work() {
    let mut h = harness();
    select(&mut h, "Interim freeze");
    h.get_by_label("Lock").click();
    h.run();
    command_key(&mut h, egui::Key::N);
    h.get_by_label("Blank template").click();
    h.run();
    h.get_by_label("Save changes?");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().dialog.is_none(), "Esc is Cancel");
    assert!(doc(&h).branch("interim").is_some());
    assert!(h.state().doc.dirty());
    // The other dialogs: new scenario, shortcuts, about, revert, the file browser.
    for open in [
        Dialog::NewScenario,
        Dialog::Shortcuts,
        Dialog::About,
        Dialog::ConfirmRevert,
    ] {
        h.state_mut().dialog = Some(open.clone());
        h.run();
        h.key_press(egui::Key::Escape);
        h.run();
        assert!(h.state().dialog.is_none(), "{open:?} stays open after Esc");
    }
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    h.run();
    assert!(h.state().files.browser.is_some());
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(
        h.state().files.browser.is_none(),
        "the browser stays after Esc"
    );
    assert!(h.state().doc.path.is_none(), "Esc saved nothing");
}

#[test]
fn the_browser_starts_beside_the_open_file_and_takes_a_typed_path() {
    let dir = TempDir::new("browse");
    let file = dir.file("talks.ron", muscat::io::DEFAULT_SCENARIO.as_bytes());
    let elsewhere = dir.0.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    let mut h = harness();
    open(&mut h, &file);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    h.run();
    let browser = h.state().files.browser.as_ref().expect("browser");
    assert_eq!(browser.dir, dir.0, "starts in the open file's folder");
    assert_eq!(browser.name, "talks.ron", "suggests the file's name");
    // The name box shows before it is clicked, and Save is on once it holds a name.
    let name_box = h.get_by_label("File name:");
    assert!(name_box.rect().width() > 200.0, "{:?}", name_box.rect());
    // A whole path typed into it.
    let target = elsewhere.join("copy.ron");
    name_box.click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("File name:")
        .type_text(&target.to_string_lossy());
    h.run();
    assert_eq!(
        h.state().files.browser.as_ref().expect("browser").name,
        target.to_string_lossy()
    );
    h.get_all_by_label("Save")
        .last()
        .expect("the browser's Save")
        .click();
    h.run();
    assert!(target.exists(), "saved where the typed path said");
    assert_eq!(h.state().doc.path.as_deref(), Some(target.as_path()));
}

/// The bundled scenario with another title, as another program would write it.
fn theirs(path: &Path) {
    let mut s = muscat::io::default_scenario();
    s.header.title = "Written by someone else".into();
    muscat::io::save_file(path, &s).expect("their save");
}

#[test]
fn a_file_changed_on_disk_is_not_replaced_without_asking() {
    let dir = TempDir::new("ondisk");
    let path = dir.file("talks.ron", muscat::io::DEFAULT_SCENARIO.as_bytes());
    let mut h = harness();
    open(&mut h, &path);
    select(&mut h, "Interim freeze");
    h.get_by_label("Lock").click();
    h.run();
    theirs(&path);
    // Within a few seconds the window says so, with what can be done.
    h.run_steps(12);
    assert!(h.state().disk_changed.is_some(), "no warning");
    h.get_by_label_contains("changed on disk since Muscat opened or saved it");
    h.get_by_label("Keep Mine");
    // Save asks before it replaces their version, and writes nothing until told.
    command_key(&mut h, egui::Key::S);
    assert!(matches!(
        h.state().dialog,
        Some(Dialog::ChangedOnDisk { .. })
    ));
    let on_disk = muscat::io::load_file(&path).expect("reads").scenario;
    assert_eq!(on_disk.header.title, "Written by someone else");
    // Replace It: ours is saved, theirs kept as the backup.
    h.get_by_label("Replace It").click();
    h.run();
    assert!(h.state().dialog.is_none());
    assert!(!h.state().doc.dirty());
    let saved = muscat::io::load_file(&path).expect("reads").scenario;
    assert!(saved.branch("interim").expect("interim").locked);
    let bak = muscat::io::load_file(&muscat::io::backup_path(&path))
        .expect("backup")
        .scenario;
    assert_eq!(bak.header.title, "Written by someone else");
    // Saved: no more warning.
    h.run_steps(12);
    assert!(h.state().disk_changed.is_none());
}

#[test]
fn keep_mine_stops_the_warning_and_save_replaces_without_asking() {
    let dir = TempDir::new("keepmine");
    let path = dir.file("talks.ron", muscat::io::DEFAULT_SCENARIO.as_bytes());
    let mut h = harness();
    open(&mut h, &path);
    theirs(&path);
    h.run_steps(12);
    h.get_by_label("Keep Mine").click();
    h.run();
    assert!(h.state().disk_changed.is_none());
    h.run_steps(12);
    assert!(
        h.state().disk_changed.is_none(),
        "warned again for the same change"
    );
    command_key(&mut h, egui::Key::S);
    assert!(h.state().dialog.is_none(), "{:?}", h.state().dialog);
    let saved = muscat::io::load_file(&path).expect("reads").scenario;
    assert_eq!(
        saved.header.title,
        muscat::io::default_scenario().header.title
    );
}

#[test]
fn reload_opens_the_version_on_disk() {
    let dir = TempDir::new("reload");
    let path = dir.file("talks.ron", muscat::io::DEFAULT_SCENARIO.as_bytes());
    let mut h = harness();
    open(&mut h, &path);
    theirs(&path);
    h.run_steps(12);
    // No unsaved changes: Reload opens it at once.
    h.get_by_label("Reload").click();
    h.run();
    assert_eq!(doc(&h).header.title, "Written by someone else");
    assert!(h.state().disk_changed.is_none());
}

/// The bundled scenario opened from a file, with an unsaved edit (a branch locked), and the file
/// held by another writer (as `muscat observe` holds it while it works): a save waits for it.
fn edited_with_the_file_held(
    tag: &str,
) -> (
    TempDir,
    PathBuf,
    Harness<'static, MuscatApp>,
    muscat::io::FileLock,
) {
    let dir = TempDir::new(tag);
    let path = dir.file("talks.ron", muscat::io::DEFAULT_SCENARIO.as_bytes());
    let mut h = harness();
    open(&mut h, &path);
    select(&mut h, "Interim freeze");
    h.get_by_label("Lock").click();
    h.run();
    let held = muscat::io::lock_for_update(&path, muscat::io::LOCK_WAIT)
        .expect("lock")
        .expect("a file to lock");
    (dir, path, h, held)
}

#[test]
fn a_save_waits_for_another_writer_and_then_says_so() {
    let (_dir, path, mut h, held) = edited_with_the_file_held("locked-save");
    command_key(&mut h, egui::Key::S);
    let Some(Dialog::SaveFailed(message)) = h.state().dialog.clone() else {
        panic!("expected a failed save, got {:?}", h.state().dialog);
    };
    assert!(message.contains("nothing was written"), "{message}");
    assert!(h.state().doc.dirty());
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        muscat::io::DEFAULT_SCENARIO
    );
    drop(held);
    h.get_by_label("OK").click();
    h.run();
    command_key(&mut h, egui::Key::S);
    assert!(h.state().dialog.is_none());
    assert!(!h.state().doc.dirty());
}

#[test]
fn a_scenario_muscat_would_refuse_is_not_saved() {
    let dir = TempDir::new("refuse");
    let path = dir.file("talks.ron", muscat::io::DEFAULT_SCENARIO.as_bytes());
    let mut h = harness();
    open(&mut h, &path);
    // An effect whose low is above its high: flagged in the editor, and an error in a file.
    let s = doc(&h).clone();
    let id = s
        .branches
        .iter()
        .find(|b| !b.effects.is_empty())
        .expect("effects")
        .id
        .clone();
    let op = muscat::edit::ops::update_branch(&s, &id, "effect", |b| {
        b.effects[0].change.low = b.effects[0].change.high + 5.0;
    })
    .expect("op");
    h.state_mut().actions.push(Action::BaseOp(op));
    h.run();
    let e = &doc(&h).branch(&id).expect("branch").effects[0];
    assert!(e.change.low > e.change.high, "the edit went in");
    command_key(&mut h, egui::Key::S);
    let Some(Dialog::SaveFailed(message)) = h.state().dialog.clone() else {
        panic!("expected a refused save, got {:?}", h.state().dialog);
    };
    assert!(message.contains("would refuse to open"), "{message}");
    assert!(h.state().doc.dirty(), "the work stays open");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        muscat::io::DEFAULT_SCENARIO
    );
}

#[test]
fn a_save_runs_off_the_ui_thread_edits_meanwhile_stay_unsaved_and_quitting_waits_for_it() {
    // Another writer holds the file, so the save waits on its thread while the window draws.
    let (_dir, path, mut h, held) = edited_with_the_file_held("background-save");
    let saved_state = h.state().doc.state();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.step();
    h.step();
    assert!(h.state().job.is_some(), "the save is running");
    // The box in the corner names it and has Cancel.
    h.get_by_label("Cancel");
    assert!(
        painted_texts(&h)
            .iter()
            .any(|(t, _, _)| t.starts_with("Saving talks.ron")),
        "{:?}",
        painted_texts(&h)
    );
    // Editing goes on meanwhile.
    h.get_by_label("Lock").click();
    h.step();
    h.step();
    assert_ne!(h.state().doc.state(), saved_state);
    // Closing the window waits for the save rather than cancelling it.
    request_close(&mut h);
    h.step();
    let job = h.state().job.as_ref().expect("still saving");
    assert!(
        !job.progress.is_cancelled(),
        "quitting does not cancel a save"
    );
    drop(held);
    wait_for_job(&mut h);
    // The file holds the document as it was when Save was pressed: the lock, not its undoing.
    let on_disk = muscat::io::load_file(&path).expect("reads").scenario;
    let interim = on_disk
        .branches
        .iter()
        .find(|b| b.name == "Interim freeze")
        .expect("interim");
    assert!(interim.locked, "the saved file has the lock");
    assert!(
        h.state().doc.dirty(),
        "the edit made during the save is unsaved"
    );
}

#[test]
fn a_cancelled_save_leaves_the_file_as_it_was() {
    let (_dir, path, mut h, held) = edited_with_the_file_held("cancel-save");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.step();
    h.step();
    h.get_by_label("Cancel").click();
    h.step();
    drop(held);
    wait_for_job(&mut h);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        muscat::io::DEFAULT_SCENARIO
    );
    assert!(h.state().doc.dirty());
    assert!(
        h.state()
            .notices
            .iter()
            .any(|n| n.text == "Save cancelled; the file on disk is as it was"),
        "{:?}",
        h.state().notices
    );
}
