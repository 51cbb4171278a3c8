//! Presentation mode.

use crate::app::{MuscatApp, ViewState};
use crate::model::Scenario;

/// Presentation state.
#[derive(Clone, Debug)]
pub struct PresentState {
    /// The document state when presenting began.
    pub start_state: u64,
    /// The slide shown.
    pub index: usize,
}

impl PresentState {
    /// Start presenting.
    pub fn new(_s: &Scenario, _view: &ViewState, start_state: u64) -> Self {
        Self {
            start_state,
            index: 0,
        }
    }
}

/// Draw presentation mode.
pub fn present_ui(app: &mut MuscatApp, ui: &mut egui::Ui) {
    ui.label("presentation");
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        app.actions
            .push(crate::app::Action::EndPresentation { keep: false });
    }
}
