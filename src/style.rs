//! Colours and fonts as plain data: the one source for the app, which turns them into egui
//! types in `ui::theme`, and for the exports (SVG, PNG, HTML brief), which never link the GUI.
//!
//! Outcome classes use the Okabe–Ito palette, which stays distinct under the common forms of
//! colour blindness, and always come with an icon or a label as well.

use crate::charts::Ink;
use crate::model::Outcome;

/// A colour, 8 bits a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// White.
    pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
    /// Black.
    pub const BLACK: Rgb = Rgb(0, 0, 0);

    /// Relative brightness, 0–255 (ITU-R BT.601 weights).
    pub fn luma(self) -> f32 {
        0.299 * f32::from(self.0) + 0.587 * f32::from(self.1) + 0.114 * f32::from(self.2)
    }
}

/// The bundled text font (Inter, SIL Open Font License).
pub const FONT_REGULAR: &[u8] = include_bytes!("../assets/fonts/Inter-Regular.otf");
/// The bundled heading font.
pub const FONT_SEMIBOLD: &[u8] = include_bytes!("../assets/fonts/Inter-SemiBold.otf");
/// The monospace font, also the fallback for symbols Inter lacks (Hack, MIT licence).
pub const FONT_MONO: &[u8] = include_bytes!("../assets/fonts/Hack-Regular.ttf");
/// The family name of the heading font.
pub const HEADING_FAMILY: &str = "Inter SemiBold";

/// Colours of one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Whether this is the dark theme.
    pub dark: bool,
    /// Main text.
    pub text: Rgb,
    /// Secondary text.
    pub muted: Rgb,
    /// Panel background.
    pub panel: Rgb,
    /// Background of charts and slides.
    pub canvas: Rgb,
    /// Grid lines and thin rules.
    pub grid: Rgb,
    /// Selection and focus.
    pub accent: Rgb,
    /// A problem that stops the numbers being trusted.
    pub error: Rgb,
    /// A problem worth a look.
    pub warning: Rgb,
    /// More stability.
    pub better: Rgb,
    /// Less stability.
    pub worse: Rgb,
    /// Baseline markers.
    pub baseline: Rgb,
    /// Alert thresholds.
    pub threshold: Rgb,
    /// Bars and lines with no outcome colour.
    pub series: Rgb,
}

/// The light theme.
pub const LIGHT: Palette = Palette {
    dark: false,
    text: Rgb(0x1d, 0x22, 0x2b),
    muted: Rgb(0x5b, 0x63, 0x70),
    panel: Rgb(0xf6, 0xf7, 0xf9),
    canvas: Rgb::WHITE,
    grid: Rgb(0xd8, 0xdc, 0xe2),
    accent: Rgb(0x1f, 0x5f, 0xbf),
    error: Rgb(0xb4, 0x23, 0x18),
    warning: Rgb(0x9a, 0x5b, 0x00),
    better: Rgb(0x21, 0x66, 0xac),
    worse: Rgb(0xc4, 0x4e, 0x00),
    baseline: Rgb(0x22, 0x22, 0x22),
    threshold: Rgb(0xb4, 0x23, 0x18),
    series: Rgb(0x44, 0x6e, 0x9b),
};

/// The dark theme.
pub const DARK: Palette = Palette {
    dark: true,
    text: Rgb(0xe8, 0xea, 0xee),
    muted: Rgb(0xa4, 0xab, 0xb6),
    panel: Rgb(0x1e, 0x21, 0x27),
    canvas: Rgb(0x17, 0x19, 0x1e),
    grid: Rgb(0x3a, 0x3f, 0x48),
    accent: Rgb(0x6a, 0xa6, 0xff),
    error: Rgb(0xff, 0x7b, 0x6e),
    warning: Rgb(0xf2, 0xb1, 0x4c),
    better: Rgb(0x67, 0xa9, 0xe8),
    worse: Rgb(0xf0, 0x8a, 0x4b),
    baseline: Rgb(0xf0, 0xf0, 0xf0),
    threshold: Rgb(0xff, 0x7b, 0x6e),
    series: Rgb(0x8a, 0xb4, 0xe0),
};

/// High-contrast colours for projectors: black on white, strong lines.
pub const PRESENT: Palette = Palette {
    text: Rgb::BLACK,
    muted: Rgb(0x30, 0x33, 0x38),
    grid: Rgb(0xb8, 0xbd, 0xc5),
    ..LIGHT
};

impl Palette {
    /// The palette for a theme.
    pub fn of(dark: bool) -> Self {
        if dark { DARK } else { LIGHT }
    }

    /// The colour of an outcome class (Okabe–Ito bluish green, orange and vermillion).
    pub fn outcome(&self, o: Option<Outcome>) -> Rgb {
        match (o, self.dark) {
            (Some(Outcome::Success), false) => Rgb(0x00, 0x8a, 0x66),
            (Some(Outcome::Success), true) => Rgb(0x2e, 0xc4, 0x9a),
            (Some(Outcome::Partial), false) => Rgb(0xc7, 0x86, 0x00),
            (Some(Outcome::Partial), true) => Rgb(0xe6, 0x9f, 0x00),
            (Some(Outcome::Failure), false) => Rgb(0xc2, 0x4f, 0x00),
            (Some(Outcome::Failure), true) => Rgb(0xff, 0x7f, 0x3f),
            (None, _) => self.muted,
        }
    }

    /// The colour of a chart ink.
    pub fn ink(&self, ink: Ink) -> Rgb {
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
            Ink::View(j) => self.view(j),
            Ink::Land => lerp(self.canvas, self.muted, if self.dark { 0.35 } else { 0.2 }),
        }
    }

    /// The colour of the `j`-th view in a comparison (Okabe–Ito, for colour-blind readers;
    /// each view also has its own marker shape).
    pub fn view(&self, j: usize) -> Rgb {
        const LIGHT_VIEWS: [Rgb; 6] = [
            Rgb(0x33, 0x33, 0x33),
            Rgb(0x00, 0x72, 0xb2),
            Rgb(0xd5, 0x5e, 0x00),
            Rgb(0x00, 0x9e, 0x73),
            Rgb(0xcc, 0x79, 0xa7),
            Rgb(0xb8, 0x80, 0x00),
        ];
        const DARK_VIEWS: [Rgb; 6] = [
            Rgb(0xe8, 0xe8, 0xe8),
            Rgb(0x56, 0xb4, 0xe9),
            Rgb(0xff, 0x8c, 0x3a),
            Rgb(0x2e, 0xc4, 0x9a),
            Rgb(0xe0, 0x9a, 0xc4),
            Rgb(0xf0, 0xe4, 0x42),
        ];
        let list = if self.dark { &DARK_VIEWS } else { &LIGHT_VIEWS };
        list[j % list.len()]
    }

    /// A colour on the diverging scale: `t` from −1 (less stable) to +1 (more stable).
    pub fn diverging(&self, t: f64) -> Rgb {
        let t = t.clamp(-1.0, 1.0) as f32;
        let end = if t >= 0.0 { self.better } else { self.worse };
        lerp(self.canvas, end, t.abs().powf(0.8))
    }

    /// A map region's fill for value `v` on `scale`: viridis for levels, from dark (least
    /// stable) to light (most stable); the diverging blue–orange scale for changes.
    pub fn map_fill(&self, scale: &crate::charts::MapScale, v: f64) -> Rgb {
        let t = scale.position(v);
        match scale.kind {
            crate::charts::ScaleKind::Level => viridis(t),
            crate::charts::ScaleKind::Change => self.diverging(t * 2.0 - 1.0),
        }
    }

    /// The sea on the map: the canvas with a hint of the series colour.
    pub fn map_sea(&self) -> Rgb {
        lerp(
            self.canvas,
            self.series,
            if self.dark { 0.12 } else { 0.07 },
        )
    }

    /// Text that reads on a background of colour `bg`.
    pub fn text_on(&self, bg: Rgb) -> Rgb {
        if bg.luma() > 140.0 {
            Rgb(0x11, 0x11, 0x11)
        } else {
            Rgb::WHITE
        }
    }
}

/// Viridis, sampled at nine even steps: a sequential scale that stays ordered in grey and under
/// the common forms of colour blindness.
const VIRIDIS: [Rgb; 9] = [
    Rgb(0x44, 0x01, 0x54),
    Rgb(0x47, 0x2d, 0x7b),
    Rgb(0x3b, 0x52, 0x8b),
    Rgb(0x2c, 0x72, 0x8e),
    Rgb(0x21, 0x91, 0x8c),
    Rgb(0x28, 0xae, 0x80),
    Rgb(0x5e, 0xc9, 0x62),
    Rgb(0xad, 0xdc, 0x30),
    Rgb(0xfd, 0xe7, 0x25),
];

/// Viridis at `t` from 0 to 1.
pub fn viridis(t: f64) -> Rgb {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    lerp(VIRIDIS[i], VIRIDIS[i + 1], (x - i as f64) as f32)
}

/// Mix two colours: `t` = 0 gives `a`, 1 gives `b`.
pub fn lerp(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let m = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Rgb(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// A colour as `#rrggbb`, for SVG and HTML.
pub fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_mix_and_print() {
        assert_eq!(hex(lerp(Rgb::BLACK, Rgb::WHITE, 0.5)), "#808080");
        assert_eq!(LIGHT.text_on(Rgb::WHITE), Rgb(0x11, 0x11, 0x11));
        assert_eq!(LIGHT.text_on(Rgb::BLACK), Rgb::WHITE);
    }
}
