//! Exports for slide decks: charts as SVG and PNG, and a self-contained HTML brief.

mod html;
pub mod png;
pub mod svg;

pub use html::brief;
pub use png::{PNG_SCALE, svg_to_png};
pub use svg::{chart_svg, chart_svg_with};

use crate::charts::{Chart, ChartSpec, build, standard_specs};
use crate::engine::{Expected, McSettings, McSummary, run_monte_carlo};
use crate::model::Scenario;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Samples behind exported charts.
pub const EXPORT_SAMPLES: u64 = 100_000;

/// What `muscat export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum ExportFormat {
    /// Vector charts.
    Svg,
    /// Bitmap charts at 2×.
    Png,
    /// The HTML brief.
    Html,
}

/// One exported chart.
#[derive(Clone, Debug)]
pub struct Item {
    /// File stem: stable for a given scenario, e.g. `01-expected-stability-by-region`.
    pub stem: String,
    /// The chart.
    pub chart: Chart,
    /// The slide's speaker note.
    pub note: String,
}

/// An export that did not happen, or stopped part-way.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Files exist and overwriting was not asked for.
    #[error("{} already exists (and {} more); use --force to overwrite", .0.first().map(|p| p.display().to_string()).unwrap_or_default(), .0.len().saturating_sub(1))]
    Exists(Vec<PathBuf>),
    /// The folder cannot be made or written.
    #[error("cannot write to {}: {reason}", dir.display())]
    Folder {
        /// The folder.
        dir: PathBuf,
        /// Why.
        reason: String,
    },
    /// A file could not be written.
    #[error("{0}")]
    Write(String),
}

/// A file-name stem from a title: lower-case letters, digits and dashes only, so an export can
/// never name a path outside its folder.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    out.chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// Simulations for a set of charts: one per distinct trajectory focus, plus one plain run.
pub struct Simulations {
    scenario: Scenario,
    runs: HashMap<Option<(usize, Option<usize>)>, McSummary>,
}

impl Simulations {
    /// Simulations of a scenario, run on demand.
    pub fn new(s: &Scenario) -> Self {
        Self {
            scenario: s.clone(),
            runs: HashMap::new(),
        }
    }

    /// The simulation a chart needs.
    pub fn for_spec(&mut self, spec: &ChartSpec) -> Option<&McSummary> {
        if self.scenario.regions.is_empty() || self.scenario.indicators.is_empty() {
            return None;
        }
        let focus = (spec.kind == crate::model::ChartKind::Trajectory)
            .then_some((spec.region, spec.indicator));
        if !self.runs.contains_key(&focus) {
            let settings = McSettings {
                samples: EXPORT_SAMPLES,
                seed: self.scenario.seed,
                threads: 0,
                focus,
            };
            let run = run_monte_carlo(&self.scenario, &settings, None).ok()?;
            self.runs.insert(focus, run);
        }
        self.runs.get(&focus)
    }
}

/// The charts to export: every slide, or the standard charts when there are none.
pub fn items(s: &Scenario, sims: &mut Simulations) -> Vec<Item> {
    let e = Expected::compute(s);
    let specs: Vec<(String, ChartSpec, String)> = if s.slides.is_empty() {
        standard_specs(s)
            .into_iter()
            .map(|(name, spec)| (name, spec, String::new()))
            .collect()
    } else {
        s.slides
            .iter()
            .map(|sl| {
                (
                    sl.title.clone(),
                    ChartSpec::of_slide(s, sl),
                    sl.note.clone(),
                )
            })
            .collect()
    };
    specs
        .into_iter()
        .enumerate()
        .map(|(i, (title, spec, note))| {
            let mut chart = build(s, &e, sims.for_spec(&spec), &spec);
            if !s.slides.is_empty() && !title.trim().is_empty() {
                chart.title = title.clone();
            }
            let name = slug(&title);
            let name = if name.is_empty() {
                spec.kind.slug().to_owned()
            } else {
                name
            };
            Item {
                stem: format!("{:02}-{name}", i + 1),
                chart,
                note,
            }
        })
        .collect()
}

/// Write one chart in a format.
pub fn write_chart(chart: &Chart, format: ExportFormat, path: &Path) -> Result<(), ExportError> {
    let svg = chart_svg(chart);
    let bytes = match format {
        ExportFormat::Svg => svg.into_bytes(),
        ExportFormat::Png => svg_to_png(&svg, PNG_SCALE).map_err(ExportError::Write)?,
        ExportFormat::Html => return Err(ExportError::Write("a chart is not a brief".into())),
    };
    crate::io::write_atomic(path, &bytes, false).map_err(|e| ExportError::Write(e.to_string()))
}

/// The files an export into `dir` would write.
pub fn planned_files(items: &[Item], dir: &Path, formats: &[ExportFormat]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for item in items {
        for f in formats {
            match f {
                ExportFormat::Svg => out.push(dir.join(format!("{}.svg", item.stem))),
                ExportFormat::Png => out.push(dir.join(format!("{}.png", item.stem))),
                ExportFormat::Html => {}
            }
        }
    }
    if formats.contains(&ExportFormat::Html) {
        out.push(dir.join("brief.html"));
    }
    out
}

/// Export every slide (or the standard charts) and the brief into `dir`. Refuses to overwrite
/// unless `force`. Returns the files written.
pub fn export_dir(
    s: &Scenario,
    dir: &Path,
    formats: &[ExportFormat],
    force: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    let folder_err = |reason: String| ExportError::Folder {
        dir: dir.to_owned(),
        reason,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(folder_err("it is a file, not a folder".into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| folder_err(e.to_string()))?;
    let mut sims = Simulations::new(s);
    let items = items(s, &mut sims);
    let planned = planned_files(&items, dir, formats);
    let existing: Vec<PathBuf> = planned.iter().filter(|p| p.exists()).cloned().collect();
    if !existing.is_empty() && !force {
        return Err(ExportError::Exists(existing));
    }
    // A folder we cannot write to fails here, before any chart is drawn.
    let probe = dir.join(format!(".muscat-write-test-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| folder_err(e.to_string()))?;
    let _ = std::fs::remove_file(&probe);
    let mut written = Vec::new();
    for item in &items {
        for &f in formats {
            if f == ExportFormat::Html {
                continue;
            }
            let ext = if f == ExportFormat::Svg { "svg" } else { "png" };
            let path = dir.join(format!("{}.{ext}", item.stem));
            write_chart(&item.chart, f, &path)?;
            written.push(path);
        }
    }
    if formats.contains(&ExportFormat::Html) {
        let e = Expected::compute(s);
        let spec = ChartSpec {
            kind: crate::model::ChartKind::ExpectedByRegion,
            region: 0,
            indicator: None,
            branch: None,
        };
        let mc = sims.for_spec(&spec).cloned();
        let page = brief(s, &e, mc.as_ref(), &items);
        let path = dir.join("brief.html");
        crate::io::write_atomic(&path, page.as_bytes(), false)
            .map_err(|e| ExportError::Write(e.to_string()))?;
        written.push(path);
    }
    Ok(written)
}

/// `muscat export`: returns the exit code.
pub fn run_cli(file: &Path, out: &Path, formats: &[ExportFormat], force: bool) -> i32 {
    let loaded = match crate::io::load_file(file) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return crate::cli::EXIT_BAD_INPUT;
        }
    };
    let mut formats = formats.to_vec();
    formats.dedup();
    match export_dir(&loaded.scenario, out, &formats, force) {
        Ok(written) => {
            for p in &written {
                println!("wrote {}", p.display());
            }
            crate::cli::EXIT_OK
        }
        Err(e) => {
            eprintln!("muscat: {e}");
            crate::cli::EXIT_BAD_INPUT
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_stay_inside_the_folder() {
        assert_eq!(
            slug("Iran: civil unrest over two years"),
            "iran-civil-unrest-over-two-years"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("«»"), "");
    }
}
