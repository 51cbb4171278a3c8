//! One table of every user action: its label, tooltip and shortcut. Menus, keyboard handling and
//! tooltips all read it.

use egui::{Key, KeyboardShortcut, Modifiers};

/// A user action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// Start a new scenario.
    New,
    /// Open a scenario file.
    Open,
    /// Save to the current file.
    Save,
    /// Save to a new file.
    SaveAs,
    /// Reload the file from disk, dropping changes.
    Revert,
    /// Open another scenario beside this one, read-only, and list what changed.
    CompareWithFile,
    /// Quit Muscat.
    Quit,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Add a branch under the selected one.
    AddChild,
    /// Add a branch beside the selected one.
    AddSibling,
    /// Add a top-level branch.
    AddTopLevel,
    /// Duplicate the selected branch and its subtree.
    Duplicate,
    /// Delete the selected branch and its subtree.
    Delete,
    /// Rename the selected branch.
    Rename,
    /// Move the selected branch up among its siblings.
    MoveUp,
    /// Move the selected branch down among its siblings.
    MoveDown,
    /// Make the selected branch's siblings sum to one.
    Normalise,
    /// Collapse every branch.
    CollapseAll,
    /// Expand every branch.
    ExpandAll,
    /// Switch between the light and dark theme.
    ToggleTheme,
    /// Make everything larger.
    ZoomIn,
    /// Make everything smaller.
    ZoomOut,
    /// Reset the zoom.
    ZoomReset,
    /// Full screen on or off.
    FullScreen,
    /// Start presentation mode.
    Present,
    /// Save the current chart as a slide.
    AddSlide,
    /// Export the current chart as SVG.
    ExportSvg,
    /// Export the current chart as PNG.
    ExportPng,
    /// Export every slide and the HTML brief to a folder.
    ExportAll,
    /// Write the slides as a PDF deck.
    ExportDeck,
    /// Write the brief as a PDF on A4.
    ExportBrief,
    /// Write the brief as a PDF on US Letter.
    ExportBriefLetter,
    /// Re-run the Monte Carlo simulation.
    Rerun,
    /// List the keyboard shortcuts.
    Shortcuts,
    /// About Muscat.
    About,
}

const fn sc(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};

impl Command {
    /// Every command, in the order the keyboard handler tries them.
    pub const ALL: [Command; 36] = [
        Command::New,
        Command::Open,
        Command::SaveAs,
        Command::Save,
        Command::Revert,
        Command::CompareWithFile,
        Command::Quit,
        Command::Redo,
        Command::Undo,
        Command::AddChild,
        Command::AddSibling,
        Command::AddTopLevel,
        Command::Duplicate,
        Command::Delete,
        Command::Rename,
        Command::MoveUp,
        Command::MoveDown,
        Command::Normalise,
        Command::CollapseAll,
        Command::ExpandAll,
        Command::ToggleTheme,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomReset,
        Command::FullScreen,
        Command::Present,
        Command::AddSlide,
        Command::ExportSvg,
        Command::ExportPng,
        Command::ExportAll,
        Command::ExportDeck,
        Command::ExportBrief,
        Command::ExportBriefLetter,
        Command::Rerun,
        Command::Shortcuts,
        Command::About,
    ];

    /// Menu text.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New…",
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save As…",
            Self::Revert => "Revert to Saved",
            Self::CompareWithFile => "Compare with File…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::AddChild => "Add Sub-branch",
            Self::AddSibling => "Add Sibling",
            Self::AddTopLevel => "Add Top-level Branch",
            Self::Duplicate => "Duplicate",
            Self::Delete => "Delete",
            Self::Rename => "Rename",
            Self::MoveUp => "Move Up",
            Self::MoveDown => "Move Down",
            Self::Normalise => "Normalise Siblings",
            Self::CollapseAll => "Collapse All",
            Self::ExpandAll => "Expand All",
            Self::ToggleTheme => "Dark Theme",
            Self::ZoomIn => "Zoom In",
            Self::ZoomOut => "Zoom Out",
            Self::ZoomReset => "Actual Size",
            Self::FullScreen => "Full Screen",
            Self::Present => "Present",
            Self::AddSlide => "Add Current Chart as Slide",
            Self::ExportSvg => "Export Chart as SVG…",
            Self::ExportPng => "Export Chart as PNG…",
            Self::ExportAll => "Export Slides and Brief…",
            Self::ExportDeck => "Export Deck as PDF…",
            Self::ExportBrief => "Export Brief as PDF (A4)…",
            Self::ExportBriefLetter => "Export Brief as PDF (US Letter)…",
            Self::Rerun => "Re-run Simulation",
            Self::Shortcuts => "Keyboard Shortcuts",
            Self::About => "About Muscat",
        }
    }

    /// Tooltip text.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::New => "Start a new scenario from the blank template or a bundled example",
            Self::Open => "Open a scenario file (.ron)",
            Self::Save => "Save the scenario to its file",
            Self::SaveAs => "Save the scenario to a new file",
            Self::Revert => "Reload the file from disk, dropping unsaved changes",
            Self::CompareWithFile => {
                "Open another scenario file beside this one, read-only: what changed by id, and how the expected values moved"
            }
            Self::Quit => "Quit Muscat",
            Self::Undo => "Undo the last change",
            Self::Redo => "Redo the last undone change",
            Self::AddChild => "Add a branch under the selected one",
            Self::AddSibling => "Add a branch beside the selected one",
            Self::AddTopLevel => "Add a top-level outcome branch",
            Self::Duplicate => "Copy the selected branch and everything under it",
            Self::Delete => "Delete the selected branch and everything under it",
            Self::Rename => "Rename the selected branch",
            Self::MoveUp => "Move the selected branch above its previous sibling",
            Self::MoveDown => "Move the selected branch below its next sibling",
            Self::Normalise => "Scale the selected branch and its siblings so they sum to 100%",
            Self::CollapseAll => "Collapse every branch",
            Self::ExpandAll => "Expand every branch",
            Self::ToggleTheme => "Switch between the light and dark theme",
            Self::ZoomIn => "Make text and controls larger",
            Self::ZoomOut => "Make text and controls smaller",
            Self::ZoomReset => "Reset the zoom to 100%",
            Self::FullScreen => "Fill the screen with the window",
            Self::Present => "Show the slides full screen, in large type",
            Self::AddSlide => "Save the chart on screen, with its selection, as a slide",
            Self::ExportSvg => "Write the chart on screen as an SVG vector image",
            Self::ExportPng => "Write the chart on screen as a PNG image at 2× scale",
            Self::ExportAll => {
                "Write every slide as SVG and PNG, the brief as HTML, and the deck and brief as PDF"
            }
            Self::ExportDeck => {
                "Write the slides as a PDF: one 16:9 page each, vector, with the speaker notes after"
            }
            Self::ExportBrief | Self::ExportBriefLetter => {
                "Write the brief as a PDF to send after the meeting: summary, tree, charts, expected values, rationale and sources"
            }
            Self::Rerun => "Run the Monte Carlo simulation again",
            Self::Shortcuts => "List every keyboard shortcut",
            Self::About => "Version and licence",
        }
    }

    /// Keyboard shortcut.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        Some(match self {
            Self::New => sc(CMD, Key::N),
            Self::Open => sc(CMD, Key::O),
            Self::Save => sc(CMD, Key::S),
            Self::SaveAs => sc(CMD_SHIFT, Key::S),
            Self::Quit => sc(CMD, Key::Q),
            Self::Undo => sc(CMD, Key::Z),
            Self::Redo => sc(CMD_SHIFT, Key::Z),
            Self::AddChild => sc(CMD, Key::Enter),
            Self::AddSibling => sc(Modifiers::SHIFT, Key::Enter),
            Self::Duplicate => sc(CMD, Key::D),
            Self::Delete => sc(Modifiers::NONE, Key::Delete),
            Self::Rename => sc(Modifiers::NONE, Key::F2),
            Self::MoveUp => sc(Modifiers::ALT, Key::ArrowUp),
            Self::MoveDown => sc(Modifiers::ALT, Key::ArrowDown),
            Self::ZoomIn => sc(CMD, Key::Plus),
            Self::ZoomOut => sc(CMD, Key::Minus),
            Self::ZoomReset => sc(CMD, Key::Num0),
            Self::FullScreen => sc(Modifiers::NONE, Key::F11),
            Self::Present => sc(Modifiers::NONE, Key::F5),
            Self::Rerun => sc(CMD, Key::R),
            Self::Shortcuts => sc(Modifiers::NONE, Key::F1),
            _ => return None,
        })
    }

    /// A second shortcut, where platforms have two habits.
    pub fn alt_shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Self::Redo => Some(sc(CMD, Key::Y)),
            Self::ZoomIn => Some(sc(CMD, Key::Equals)),
            _ => None,
        }
    }

    /// Whether the shortcut works while a text field has focus. Editing keys (Delete, Ctrl+Z,
    /// arrows) belong to the field then.
    pub fn works_while_typing(self) -> bool {
        matches!(
            self,
            Self::New
                | Self::Open
                | Self::Save
                | Self::SaveAs
                | Self::Quit
                | Self::Present
                | Self::FullScreen
                | Self::Shortcuts
                | Self::ZoomIn
                | Self::ZoomOut
                | Self::ZoomReset
        )
    }

    /// The shortcut as text for menus and tooltips.
    pub fn shortcut_text(self, ctx: &egui::Context) -> Option<String> {
        self.shortcut().map(|s| ctx.format_shortcut(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_unique() {
        let mut seen = Vec::new();
        for c in Command::ALL {
            for s in [c.shortcut(), c.alt_shortcut()].into_iter().flatten() {
                assert!(!seen.contains(&s), "{c:?} reuses a shortcut");
                seen.push(s);
            }
        }
    }

    #[test]
    fn the_table_lists_every_command_once() {
        for (i, a) in Command::ALL.iter().enumerate() {
            assert!(!Command::ALL[i + 1..].contains(a), "{a:?} twice");
            assert!(!a.label().is_empty() && !a.tooltip().is_empty());
        }
    }
}
