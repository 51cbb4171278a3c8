//! Charts as PNG: the SVG rendered at 2× with the bundled fonts, so the image looks the same on
//! every machine and needs no system fonts.

use std::sync::{Arc, OnceLock};

/// Scale of PNG exports: 1600 × 900 SVG units become 3200 × 1800 pixels.
pub const PNG_SCALE: f32 = 2.0;

/// The bundled fonts, loaded once: PNG and PDF exports look the same on every machine.
pub(super) fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    Arc::clone(DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        for font in [
            crate::style::FONT_REGULAR,
            crate::style::FONT_SEMIBOLD,
            crate::style::FONT_MONO,
        ] {
            db.load_font_data(font.to_vec());
        }
        db.set_sans_serif_family("Inter");
        Arc::new(db)
    }))
}

/// Render SVG text to PNG bytes at `scale`.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    let options = resvg::usvg::Options {
        fontdb: fonts(),
        font_family: "Inter".to_owned(),
        ..resvg::usvg::Options::default()
    };
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| format!("invalid SVG: {e}"))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or("the image is too large")?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or("cannot allocate the image")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode PNG: {e}"))
}
