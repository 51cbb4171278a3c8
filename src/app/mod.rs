//! The eframe app: owns the document, the view state, the engine's results and the background
//! simulation. `logic` applies queued actions, recomputes and autosaves; `ui` only draws and
//! queues actions.

pub mod compare;
mod dialogs;
mod document;
pub mod files;
mod focus;
pub mod jobs;
mod layout;
mod prefs;
mod refresh;
mod run;
mod simulation;

pub use crate::view::{Action, Command, Notice, Results, Tab, ViewState};
pub use dialogs::Dialog;
pub use document::Document;
pub use prefs::{FileDialogMode, Prefs};
pub use simulation::{McRequest, McResult, QUICK_SAMPLES};

use std::path::PathBuf;

/// Samples of a full Monte Carlo run in the app.
pub const APP_SAMPLES: u64 = 100_000;

/// How the app was started.
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    /// A file to open instead of the bundled scenario.
    pub file: Option<PathBuf>,
    /// Start presenting.
    pub present: bool,
}

/// The Muscat app.
pub struct MuscatApp {
    /// The open document.
    pub doc: Document,
    /// View state.
    pub view: ViewState,
    /// Results for the current state.
    pub results: Results,
    /// Actions queued by the panels.
    pub actions: Vec<Action>,
    /// Messages in the corner.
    pub notices: Vec<Notice>,
    /// The open modal dialog.
    pub dialog: Option<Dialog>,
    /// Preferences kept between runs.
    pub prefs: Prefs,
    /// File dialogs and the recovery copy.
    pub files: files::Files,
    /// Set when the window may close without asking again.
    allow_close: bool,
    /// The title last sent to the window.
    title_sent: String,
    /// The theme last applied.
    dark_applied: Option<bool>,
    /// The context, for work that starts outside a frame (dialog answers).
    egui_ctx: egui::Context,
    /// Frames left to try taking the keyboard focus where no window manager gives it.
    focus_tries: u32,
    /// Whether the window is on an X server with no window manager (learnt on the first frame).
    bare_x: Option<bool>,
    /// Where the window was before presentation mode sized it to the screen by hand (on a bare
    /// X server), to put it back.
    window_before_present: Option<egui::Rect>,
    /// Another scenario opened beside this one, read-only (File → Compare with File…).
    pub compare: Option<compare::FileComparison>,
    /// The open file as it is on disk, when someone else has changed it since it was opened or
    /// saved (shown as a bar under the toolbar).
    pub disk_changed: Option<crate::io::DiskStamp>,
    /// The version on disk the planner chose to keep theirs over ("Keep Mine").
    disk_kept: Option<crate::io::DiskStamp>,
    /// When the file on disk was last looked at (the context's clock).
    disk_checked_at: f64,
    /// The export running in the background, if any.
    pub job: Option<jobs::Job>,
    /// Close the window once the job has stopped (a quit during an export).
    close_after_job: bool,
    /// The engine work panels ask for, done at once or off the UI thread.
    pub analyses: crate::view::analysis::Analyses,
}

impl MuscatApp {
    /// Create the app for eframe.
    pub fn new(cc: &eframe::CreationContext<'_>, start: StartOptions) -> Self {
        let prefs = cc
            .storage
            .and_then(|s| eframe::get_value::<Prefs>(s, prefs::PREFS_KEY))
            .unwrap_or_default();
        Self::with_prefs(
            &cc.egui_ctx,
            start,
            prefs,
            files::Files::new(files::recovery_dir()),
        )
    }

    /// Create the app with given preferences and file settings (tests use this).
    pub fn with_prefs(
        ctx: &egui::Context,
        start: StartOptions,
        prefs: Prefs,
        files: files::Files,
    ) -> Self {
        crate::ui::theme::install_fonts(ctx);
        crate::ui::theme::apply(ctx, prefs.dark);
        let dark = prefs.dark;
        let doc = Document::new(crate::io::default_scenario(), None);
        let results = Results::compute(doc.scenario(), doc.state(), None);
        let mut app = Self {
            doc,
            view: ViewState::default(),
            results,
            actions: Vec::new(),
            notices: Vec::new(),
            dialog: None,
            prefs,
            files,
            allow_close: false,
            title_sent: String::new(),
            dark_applied: Some(dark),
            egui_ctx: ctx.clone(),
            focus_tries: 30,
            bare_x: None,
            window_before_present: None,
            compare: None,
            disk_changed: None,
            disk_kept: None,
            disk_checked_at: 0.0,
            job: None,
            close_after_job: false,
            analyses: crate::view::analysis::Analyses::new({
                let ctx = ctx.clone();
                std::sync::Arc::new(move || ctx.request_repaint())
            }),
        };
        app.select_first();
        if let Some(path) = start.file {
            app.open_now(ctx, &path);
        }
        app.offer_recovery();
        if start.present {
            app.start_presentation(ctx);
        }
        app
    }

    /// Select the first branch, if nothing is selected.
    fn select_first(&mut self) {
        if self.view.selected.is_none() {
            self.view.selected = self.doc.scenario().branches.first().map(|b| b.id.clone());
        }
    }

    /// The scenario as shown: the selected view's, or the document's for Base. Operations are
    /// built on it, so that an edit while a view is selected changes what the planner sees.
    pub fn shown(&self) -> &crate::model::Scenario {
        self.results
            .scenario
            .as_deref()
            .unwrap_or(self.doc.scenario())
    }

    /// Show a short message.
    pub fn notify(&mut self, ctx: &egui::Context, text: impl Into<String>, error: bool) {
        let text = text.into();
        if error {
            log_error(&text);
        }
        self.notices.push(Notice {
            text,
            error,
            since: ctx.input(|i| i.time),
        });
    }

    /// Replace the document (after New, Open or recovery).
    pub fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.disk_changed = None;
        self.disk_kept = None;
        self.view.selected = None;
        self.view.collapsed.clear();
        self.view.effect_cell = None;
        self.view.present = None;
        self.analyses.clear();
        self.select_first();
        self.refresh();
    }

    /// Apply queued actions.
    pub fn process_actions(&mut self, ctx: &egui::Context) {
        let actions = std::mem::take(&mut self.actions);
        for action in actions {
            self.process(ctx, action);
        }
        self.refresh();
    }

    fn process(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Op(mut op) => {
                let select = op.select.clone();
                if let Some(view) = &self.view.view {
                    match crate::edit::views::retarget(self.doc.scenario(), view, op.edit) {
                        Ok(edit) => op.edit = edit,
                        Err(e) => {
                            self.notify(ctx, e.0, true);
                            return;
                        }
                    }
                }
                if let Err(e) = self.doc.apply(op) {
                    self.notify(ctx, e.to_string(), true);
                } else if let Some(id) = select {
                    self.reveal(&id);
                    self.view.selected = Some(id);
                    self.view.tab = Tab::Branch;
                }
            }
            Action::Command(c) => self.run_command(ctx, c),
            Action::Notify(text) => self.notify(ctx, text, false),
            Action::ConfirmDeleteRegion(id) => {
                let s = self.doc.scenario();
                if let Some(r) = s.region(&id) {
                    let effects = crate::edit::ops::effects_using(s, |e| e.region == id);
                    self.dialog = Some(Dialog::DeleteRegion {
                        id: id.clone(),
                        name: r.name.clone(),
                        effects,
                    });
                }
            }
            Action::ConfirmDeleteIndicator(id) => {
                let s = self.doc.scenario();
                if let Some(i) = s.indicator(&id) {
                    let effects = crate::edit::ops::effects_using(s, |e| e.indicator == id);
                    self.dialog = Some(Dialog::DeleteIndicator {
                        id: id.clone(),
                        name: i.name.clone(),
                        effects,
                    });
                }
            }
            Action::BaseOp(op) => {
                if let Err(e) = self.doc.apply(op) {
                    self.notify(ctx, e.to_string(), true);
                }
            }
            Action::Revise(what) => {
                self.dialog = Some(Dialog::Revise(Box::new(crate::ui::revise::Draft::new(
                    what,
                ))));
            }
            Action::OpenPath(path) => self.guard_unsaved(files::Pending::OpenPath(path)),
            Action::NewFrom(file) => self.guard_unsaved(files::Pending::NewFrom(file)),
            Action::AskEndPresentation => self.dialog = Some(Dialog::KeepPresentationChanges),
            Action::EndPresentation { keep } => self.end_presentation(ctx, keep),
        }
    }

    /// Expand every ancestor of a branch so it shows in the tree.
    pub fn reveal(&mut self, id: &str) {
        let s = self.doc.scenario();
        let mut cur = s.branch(id).and_then(|b| b.parent.clone());
        let mut guard = 0;
        while let Some(p) = cur {
            guard += 1;
            if guard > s.branches.len() {
                break;
            }
            self.view.collapsed.remove(&p);
            cur = s.branch(&p).and_then(|b| b.parent.clone());
        }
        self.view.scroll_to_selected = true;
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        // A modal (a dialog, or Muscat's own file browser) takes the keys until it closes.
        if self.dialog.is_some() || self.files.browser.is_some() {
            return;
        }
        let typing = ctx.memory(|m| m.focused().is_some()) && ctx.egui_wants_keyboard_input();
        for c in Command::ALL {
            if typing && !c.works_while_typing() {
                continue;
            }
            for sc in [c.shortcut(), c.alt_shortcut()].into_iter().flatten() {
                if ctx.input_mut(|i| i.consume_shortcut(&sc)) {
                    self.actions.push(Action::Command(c));
                }
            }
        }
    }

    fn update_window(&mut self, ctx: &egui::Context) {
        let title = self.doc.window_title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
        if self.dark_applied != Some(self.prefs.dark) {
            crate::ui::theme::apply(ctx, self.prefs.dark);
            self.dark_applied = Some(self.prefs.dark);
        }
    }
}

/// Errors are logged as well as shown. A closed standard error is no reason to stop.
pub fn log_error(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "muscat: {text}");
}

impl eframe::App for MuscatApp {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        if self.bare_x.is_none() {
            self.bare_x = Some(focus::bare_x_server(frame));
        }
        if self.focus_tries > 0 {
            self.focus_tries -= 1;
            if focus::focus_without_window_manager(frame) {
                self.focus_tries = 0;
            } else {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
        }
        self.process_actions(ctx);
        let dir = self.doc.path.as_deref().and_then(std::path::Path::parent);
        if self.files.document_dir.as_deref() != dir {
            self.files.document_dir = dir.map(std::path::Path::to_owned);
        }
        self.files.poll(ctx);
        self.poll_job(ctx);
        let done: Vec<files::Outcome> = self.files.take_outcomes();
        for outcome in done {
            self.handle_file_outcome(ctx, outcome);
        }
        // A drag or a burst of typing is one undo step: close it once the pointer is up and no
        // field has focus.
        let busy = ctx.input(|i| i.pointer.any_down()) || ctx.memory(|m| m.focused().is_some());
        if !busy {
            self.doc.seal();
        }
        self.refresh();
        self.refresh_comparison();
        self.request_simulation();
        self.autosave(ctx);
        self.watch_disk(ctx);
        self.handle_close_request(ctx);
        self.handle_dropped_files(ctx);
        self.update_window(ctx);
        let now = ctx.input(|i| i.time);
        self.notices.retain(|n| now - n.since < 6.0);
        if !self.notices.is_empty() || self.simulation_progress().is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.handle_shortcuts(&ctx);
        layout::layout_ui(self, ui);
        if self.view.present.is_none() {
            self.comparison_ui(&ctx);
        }
        self.dialogs_ui(&ctx);
        layout::job_ui(self, &ctx);
        layout::notices_ui(self, &ctx);
        if !self.actions.is_empty() {
            ctx.request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, prefs::PREFS_KEY, &self.prefs);
    }
}
