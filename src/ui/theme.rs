//! Every colour and font Muscat uses, for the light and the dark theme.
//!
//! Outcome classes use the Okabe–Ito palette, which stays distinct under the common forms of
//! colour blindness, and always come with an icon or a label as well.

use crate::model::Outcome;
use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId, TextStyle};
use std::sync::Arc;

/// The bundled text font (Inter, SIL Open Font License).
pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/Inter-Regular.otf");
/// The bundled heading font.
pub const FONT_SEMIBOLD: &[u8] = include_bytes!("../../assets/fonts/Inter-SemiBold.otf");
/// The monospace font, also the fallback for symbols Inter lacks (Hack, MIT licence).
pub const FONT_MONO: &[u8] = include_bytes!("../../assets/fonts/Hack-Regular.ttf");

/// The family name of the heading font.
pub const HEADING_FAMILY: &str = "Inter SemiBold";

/// Colours of one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Whether this is the dark theme.
    pub dark: bool,
    /// Main text.
    pub text: Color32,
    /// Secondary text.
    pub muted: Color32,
    /// Panel background.
    pub panel: Color32,
    /// Background of charts and slides.
    pub canvas: Color32,
    /// Grid lines and thin rules.
    pub grid: Color32,
    /// Selection and focus.
    pub accent: Color32,
    /// A problem that stops the numbers being trusted.
    pub error: Color32,
    /// A problem worth a look.
    pub warning: Color32,
    /// More stability.
    pub better: Color32,
    /// Less stability.
    pub worse: Color32,
    /// Baseline markers.
    pub baseline: Color32,
    /// Alert thresholds.
    pub threshold: Color32,
    /// Bars and lines with no outcome colour.
    pub series: Color32,
}

/// The light theme.
pub const LIGHT: Palette = Palette {
    dark: false,
    text: Color32::from_rgb(0x1d, 0x22, 0x2b),
    muted: Color32::from_rgb(0x5b, 0x63, 0x70),
    panel: Color32::from_rgb(0xf6, 0xf7, 0xf9),
    canvas: Color32::WHITE,
    grid: Color32::from_rgb(0xd8, 0xdc, 0xe2),
    accent: Color32::from_rgb(0x1f, 0x5f, 0xbf),
    error: Color32::from_rgb(0xb4, 0x23, 0x18),
    warning: Color32::from_rgb(0x9a, 0x5b, 0x00),
    better: Color32::from_rgb(0x21, 0x66, 0xac),
    worse: Color32::from_rgb(0xc4, 0x4e, 0x00),
    baseline: Color32::from_rgb(0x22, 0x22, 0x22),
    threshold: Color32::from_rgb(0xb4, 0x23, 0x18),
    series: Color32::from_rgb(0x44, 0x6e, 0x9b),
};

/// The dark theme.
pub const DARK: Palette = Palette {
    dark: true,
    text: Color32::from_rgb(0xe8, 0xea, 0xee),
    muted: Color32::from_rgb(0xa4, 0xab, 0xb6),
    panel: Color32::from_rgb(0x1e, 0x21, 0x27),
    canvas: Color32::from_rgb(0x17, 0x19, 0x1e),
    grid: Color32::from_rgb(0x3a, 0x3f, 0x48),
    accent: Color32::from_rgb(0x6a, 0xa6, 0xff),
    error: Color32::from_rgb(0xff, 0x7b, 0x6e),
    warning: Color32::from_rgb(0xf2, 0xb1, 0x4c),
    better: Color32::from_rgb(0x67, 0xa9, 0xe8),
    worse: Color32::from_rgb(0xf0, 0x8a, 0x4b),
    baseline: Color32::from_rgb(0xf0, 0xf0, 0xf0),
    threshold: Color32::from_rgb(0xff, 0x7b, 0x6e),
    series: Color32::from_rgb(0x8a, 0xb4, 0xe0),
};

/// High-contrast colours for projectors: black on white, strong lines.
pub const PRESENT: Palette = Palette {
    text: egui::Color32::BLACK,
    muted: egui::Color32::from_rgb(0x30, 0x33, 0x38),
    grid: egui::Color32::from_rgb(0xb8, 0xbd, 0xc5),
    ..LIGHT
};

impl Palette {
    /// The palette for a theme.
    pub fn of(dark: bool) -> Self {
        if dark { DARK } else { LIGHT }
    }

    /// The palette matching the context's current theme.
    pub fn current(ctx: &egui::Context) -> Self {
        Self::of(ctx.global_style().visuals.dark_mode)
    }

    /// The colour of an outcome class (Okabe–Ito bluish green, orange and vermillion).
    pub fn outcome(&self, o: Option<Outcome>) -> Color32 {
        match (o, self.dark) {
            (Some(Outcome::Success), false) => Color32::from_rgb(0x00, 0x8a, 0x66),
            (Some(Outcome::Success), true) => Color32::from_rgb(0x2e, 0xc4, 0x9a),
            (Some(Outcome::Partial), false) => Color32::from_rgb(0xc7, 0x86, 0x00),
            (Some(Outcome::Partial), true) => Color32::from_rgb(0xe6, 0x9f, 0x00),
            (Some(Outcome::Failure), false) => Color32::from_rgb(0xc2, 0x4f, 0x00),
            (Some(Outcome::Failure), true) => Color32::from_rgb(0xff, 0x7f, 0x3f),
            (None, _) => self.muted,
        }
    }

    /// The colour of a chart ink.
    pub fn ink(&self, ink: crate::charts::Ink) -> Color32 {
        use crate::charts::Ink;
        match ink {
            Ink::Series => self.series,
            Ink::Worse => self.worse,
            Ink::Better => self.better,
            Ink::Baseline => self.baseline,
            Ink::Muted => self.muted,
            Ink::Threshold => self.threshold,
            Ink::Text => self.text,
            Ink::Accent => self.accent,
            Ink::Light => lerp(self.canvas, self.series, 0.55),
            Ink::Band50 => lerp(self.canvas, self.series, 0.55),
            Ink::Band90 => lerp(self.canvas, self.series, 0.22),
            Ink::Outcome(o) => self.outcome(o),
        }
    }

    /// A colour on the diverging scale: `t` from −1 (less stable) to +1 (more stable).
    pub fn diverging(&self, t: f64) -> Color32 {
        let t = t.clamp(-1.0, 1.0) as f32;
        let end = if t >= 0.0 { self.better } else { self.worse };
        lerp(self.canvas, end, t.abs().powf(0.8))
    }

    /// Text that reads on a background of colour `bg`.
    pub fn text_on(&self, bg: Color32) -> Color32 {
        let l = 0.299 * f32::from(bg.r()) + 0.587 * f32::from(bg.g()) + 0.114 * f32::from(bg.b());
        if l > 140.0 {
            Color32::from_rgb(0x11, 0x11, 0x11)
        } else {
            Color32::WHITE
        }
    }
}

/// Mix two colours.
pub fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let m = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(m(a.r(), b.r()), m(a.g(), b.g()), m(a.b(), b.b()))
}

/// A colour as `#rrggbb`, for SVG.
pub fn hex(c: Color32) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b())
}

/// Install the bundled fonts, keeping egui's own as fallbacks for symbols.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "Inter".to_owned(),
        Arc::new(FontData::from_static(FONT_REGULAR)),
    );
    fonts.font_data.insert(
        HEADING_FAMILY.to_owned(),
        Arc::new(FontData::from_static(FONT_SEMIBOLD)),
    );
    fonts.font_data.insert(
        "Hack".to_owned(),
        Arc::new(FontData::from_static(FONT_MONO)),
    );
    // Inter first; egui's own fonts, then Hack, for the symbols Inter lacks (◐ ▸ ▾ ↶ ↷).
    let mut proportional = vec!["Inter".to_owned()];
    proportional.extend(
        fonts
            .families
            .get(&FontFamily::Proportional)
            .cloned()
            .unwrap_or_default(),
    );
    proportional.push("Hack".to_owned());
    let fallbacks: Vec<String> = proportional[1..].to_vec();
    fonts
        .families
        .insert(FontFamily::Proportional, proportional);
    let mut heading = vec![HEADING_FAMILY.to_owned()];
    heading.extend(fallbacks);
    fonts
        .families
        .insert(FontFamily::Name(HEADING_FAMILY.into()), heading);
    ctx.set_fonts(fonts);
}

/// The heading font at a size.
pub fn heading_font(size: f32) -> FontId {
    FontId::new(size, FontFamily::Name(HEADING_FAMILY.into()))
}

/// Set up both themes' visuals, text sizes and spacing; `dark` chooses the active one.
pub fn apply(ctx: &egui::Context, dark: bool) {
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        let is_dark = theme == egui::Theme::Dark;
        let p = Palette::of(is_dark);
        ctx.style_mut_of(theme, |style| {
            let mut v = if is_dark {
                egui::Visuals::dark()
            } else {
                egui::Visuals::light()
            };
            v.panel_fill = p.panel;
            v.window_fill = p.canvas;
            v.extreme_bg_color = p.canvas;
            v.selection.bg_fill = p.accent.gamma_multiply(0.35);
            v.selection.stroke.color = p.accent;
            v.hyperlink_color = p.accent;
            v.override_text_color = Some(p.text);
            v.error_fg_color = p.error;
            v.warn_fg_color = p.warning;
            style.visuals = v;
            style.text_styles = [
                (TextStyle::Heading, heading_font(19.0)),
                (TextStyle::Body, FontId::proportional(14.0)),
                (TextStyle::Button, FontId::proportional(14.0)),
                (TextStyle::Small, FontId::proportional(11.5)),
                (TextStyle::Monospace, FontId::monospace(13.0)),
            ]
            .into();
            style.spacing.item_spacing = egui::vec2(8.0, 5.0);
            style.spacing.button_padding = egui::vec2(7.0, 3.0);
            style.spacing.interact_size.y = 22.0;
        });
    }
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
}
