//! Charts as SVG: vector, editable in slide tools, laid out like the in-app charts, with a
//! title, a legend and a source line. Hovering a bar in a browser shows its exact numbers.

mod bars;
mod compare;
mod draw;
mod grids;
mod lines;
mod map;
mod signposts;

pub use crate::charts::ticks;
pub use draw::{esc, fit, text_width};

use crate::charts::{Chart, ChartData};
use draw::{Svg, footer};

use crate::style::{LIGHT, Palette};

/// Width of an exported chart, in SVG units (pixels at 1×).
pub const WIDTH: f64 = 1600.0;
/// Height of an exported chart.
pub const HEIGHT: f64 = 900.0;

const MARGIN: f64 = 48.0;
const FONT: &str = "Inter, Hack, 'DejaVu Sans', Arial, sans-serif";

/// Render a chart to SVG with the light palette.
pub fn chart_svg(chart: &Chart) -> String {
    chart_svg_with(chart, LIGHT)
}

/// Render a chart to SVG with a palette.
pub fn chart_svg_with(chart: &Chart, p: Palette) -> String {
    let mut svg = Svg::new(p);
    match &chart.data {
        ChartData::ExpectedByRegion { .. } => bars::expected_by_region(&mut svg, chart),
        ChartData::Contributions { .. } => bars::contributions(&mut svg, chart),
        ChartData::Trajectory { .. } => lines::trajectory(&mut svg, chart),
        ChartData::Distribution { .. } => lines::distribution(&mut svg, chart),
        ChartData::Tornado { .. } => bars::tornado(&mut svg, chart),
        ChartData::Heatmap { .. } => grids::heatmap(&mut svg, chart),
        ChartData::ProbabilityTree { .. } => grids::probability_tree(&mut svg, chart),
        ChartData::Compare { .. } => compare::compare(&mut svg, chart),
        ChartData::Signposts { .. } => signposts::signposts(&mut svg, chart),
        ChartData::Timeline { .. } => signposts::timeline(&mut svg, chart),
        ChartData::Map { .. } => map::map(&mut svg, chart),
    }
    footer(&mut svg, chart);
    svg.finish()
}
