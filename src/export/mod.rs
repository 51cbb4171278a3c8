//! Exports for slide decks: charts as SVG and PNG, and a self-contained HTML brief.

pub mod content;
mod html;
pub mod pdf;
pub mod png;
mod progress;
pub mod svg;

pub use html::brief;
pub use png::{PNG_SCALE, svg_to_png};
pub use progress::Progress;
pub use svg::{chart_svg, chart_svg_with};

use crate::charts::{Chart, ChartSpec, Sims, build, standard_specs};
use crate::engine::{Expected, McSettings, McSummary, SecondOrder, run_monte_carlo};
use crate::model::Scenario;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// The deck (`deck.pdf`, one 16:9 page per slide, notes after) and the brief
    /// (`brief.pdf`, in print layout).
    Pdf,
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
    /// The export was cancelled before it put anything in place.
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
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

/// Simulations for a set of charts: one outcome run per distinct trajectory focus, and one
/// analysis of the probability ranges, each run when first needed.
pub struct Simulations {
    expected: Arc<Expected>,
    seed: u64,
    runs: HashMap<Option<(usize, Option<usize>)>, McSummary>,
    second: Option<SecondOrder>,
}

impl Simulations {
    /// Simulations of a scenario, run on demand.
    pub fn new(s: &Scenario) -> Self {
        Self::of(Arc::new(Expected::compute(s)), s.header.seed)
    }

    /// Simulations on expected values already worked out.
    pub fn of(expected: Arc<Expected>, seed: u64) -> Self {
        Self {
            expected,
            seed,
            runs: HashMap::new(),
            second: None,
        }
    }

    /// The expected values.
    pub fn expected(&self) -> &Expected {
        &self.expected
    }

    /// The expected values, shared.
    pub fn expected_arc(&self) -> Arc<Expected> {
        Arc::clone(&self.expected)
    }

    /// Keep a simulation that has already run (the one on screen), so it is not run again.
    pub fn keep(&mut self, summary: McSummary) {
        let focus = summary.fan.as_ref().map(|f| (f.region, f.indicator));
        self.runs.entry(None).or_insert_with(|| summary.clone());
        if focus.is_some() {
            self.runs.insert(focus, summary);
        }
    }

    /// Keep an analysis of the probability ranges that has already run.
    pub fn keep_second(&mut self, second: SecondOrder) {
        self.second = Some(second);
    }

    /// Run what a chart needs, if it has not run yet.
    fn prepare(&mut self, spec: &ChartSpec) -> Option<(usize, Option<usize>)> {
        let e = &self.expected;
        if e.n_regions == 0 || e.n_indicators == 0 {
            return None;
        }
        let focus = (spec.kind == crate::model::ChartKind::Trajectory)
            .then_some((spec.region, spec.indicator));
        if !self.runs.contains_key(&focus) {
            let settings = McSettings {
                samples: EXPORT_SAMPLES,
                seed: self.seed,
                threads: 0,
                focus,
            };
            if let Ok(run) = run_monte_carlo(e, &settings, None) {
                self.runs.insert(focus, run);
            }
        }
        if self.second.is_none() {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            self.second = crate::engine::second_order(e, self.seed, threads, None).ok();
        }
        focus
    }

    /// The simulations a chart needs, run if they have not yet.
    pub fn for_spec(&mut self, spec: &ChartSpec) -> Sims<'_> {
        let focus = self.prepare(spec);
        Sims {
            mc: self.runs.get(&focus),
            second: self.second.as_ref(),
        }
    }
}

/// The charts to export: every slide, or the standard charts when there are none. A slide of a
/// view is built from that view's numbers (each view simulated once), and says so in its source
/// line.
pub fn items(s: &Scenario, sims: &mut Simulations) -> Vec<Item> {
    type Spec = (String, ChartSpec, String, Option<String>);
    let specs: Vec<Spec> = if s.slides.is_empty() {
        standard_specs(s)
            .into_iter()
            .map(|(name, spec)| (name, spec, String::new(), None))
            .collect()
    } else {
        s.slides
            .iter()
            .map(|sl| {
                (
                    sl.title.clone(),
                    ChartSpec::of_slide(s, sl),
                    sl.note.clone(),
                    sl.view.clone().filter(|v| s.view(v).is_some()),
                )
            })
            .collect()
    };
    let expected = Arc::clone(&sims.expected);
    let mut by_view: HashMap<String, (Scenario, Simulations)> = HashMap::new();
    specs
        .into_iter()
        .enumerate()
        .map(|(i, (title, spec, note, view))| {
            let mut chart = match view.filter(|_| spec.kind != crate::model::ChartKind::Compare) {
                Some(id) => {
                    let (resolved, view_sims) = by_view.entry(id.clone()).or_insert_with(|| {
                        let r = s.resolved(Some(&id));
                        let sims = Simulations::new(&r);
                        (r, sims)
                    });
                    let e = Arc::clone(&view_sims.expected);
                    let mut chart = build(resolved, &e, view_sims.for_spec(&spec), &spec);
                    crate::charts::tag_view(&mut chart, &s.view_name(Some(&id)));
                    chart
                }
                None => build(s, &expected, sims.for_spec(&spec), &spec),
            };
            if !s.slides.is_empty() && !title.trim().is_empty() {
                chart.title = crate::model::limits::shorten(&title, 120).into_owned();
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

/// One chart's bytes in a format.
pub fn chart_bytes(chart: &Chart, format: ExportFormat) -> Result<Vec<u8>, ExportError> {
    let svg = chart_svg(chart);
    match format {
        ExportFormat::Svg => Ok(svg.into_bytes()),
        ExportFormat::Png => svg_to_png(&svg, PNG_SCALE).map_err(ExportError::Write),
        ExportFormat::Html | ExportFormat::Pdf => Err(ExportError::Write(
            "this format is for the whole export".into(),
        )),
    }
}

/// Write one chart in a format, atomically (a link at `path` is replaced, never followed).
pub fn write_chart(chart: &Chart, format: ExportFormat, path: &Path) -> Result<(), ExportError> {
    let bytes = chart_bytes(chart, format)?;
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
                ExportFormat::Html | ExportFormat::Pdf => {}
            }
        }
    }
    if formats.contains(&ExportFormat::Html) {
        out.push(dir.join("brief.html"));
    }
    if formats.contains(&ExportFormat::Pdf) {
        out.push(dir.join("deck.pdf"));
        out.push(dir.join("brief.pdf"));
    }
    out
}

/// Export every slide (or the standard charts) and the brief into `dir`. Refuses to overwrite
/// unless `force`. Returns the files written.
///
/// Everything is written first into a new private folder inside `dir`, and moved into place
/// only when all of it is ready: an export that fails part-way (a full disk) leaves `dir` as it
/// was. Moving replaces a file, or a link planted under a file's name, without following it.
pub fn export_dir(
    s: &Scenario,
    dir: &Path,
    formats: &[ExportFormat],
    force: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    let options = Options {
        formats: formats.to_vec(),
        force,
        paper: pdf::Paper::A4,
        progress: Progress::new(),
    };
    export_with(s, &mut Simulations::new(s), dir, &options)
}

/// What an export writes.
#[derive(Clone, Debug)]
pub struct Options {
    /// The formats.
    pub formats: Vec<ExportFormat>,
    /// Replace files that exist.
    pub force: bool,
    /// Paper of the PDF brief.
    pub paper: pdf::Paper,
    /// How far it has got, and a way to cancel it (from another thread).
    pub progress: Progress,
}

/// `export_dir` with simulations that may already have run.
pub fn export_with(
    s: &Scenario,
    sims: &mut Simulations,
    dir: &Path,
    options: &Options,
) -> Result<Vec<PathBuf>, ExportError> {
    let (formats, force) = (options.formats.as_slice(), options.force);
    let folder_err = |reason: String| ExportError::Folder {
        dir: dir.to_owned(),
        reason,
    };
    if let Ok(m) = std::fs::symlink_metadata(dir)
        && !m.is_dir()
        && !(m.file_type().is_symlink() && dir.is_dir())
    {
        return Err(folder_err("it is a file, not a folder".into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| folder_err(crate::io::describe(&e)))?;
    options.progress.check()?;
    let items = items(s, sims);
    options.progress.check()?;
    let planned = planned_files(&items, dir, formats);
    let existing: Vec<PathBuf> = planned
        .iter()
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .cloned()
        .collect();
    if !existing.is_empty() && !force {
        return Err(ExportError::Exists(existing));
    }
    // A folder we cannot write to fails here, before any chart is drawn.
    let private = crate::io::make_private_dir(dir, "export")
        .map_err(|e| folder_err(crate::io::describe(&e)))?;
    let staging = private.path.clone();
    let staged = stage(s, sims, &items, options, &staging)
        .and_then(|files| options.progress.check().map(|()| files));
    let staged = match staged {
        Ok(files) => files,
        Err(ExportError::Cancelled) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(ExportError::Cancelled);
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(ExportError::Write(format!(
                "{e}; nothing was written to {}",
                dir.display()
            )));
        }
    };
    let mut written = Vec::new();
    for name in staged {
        let to = dir.join(&name);
        if let Err(e) = std::fs::rename(staging.join(&name), &to) {
            let _ = std::fs::remove_dir_all(&staging);
            let done: Vec<String> = written
                .iter()
                .map(|p: &PathBuf| p.display().to_string())
                .collect();
            return Err(ExportError::Write(format!(
                "cannot move {} into place: {}; {}",
                to.display(),
                crate::io::describe(&e),
                if done.is_empty() {
                    "no file was changed".to_owned()
                } else {
                    format!("already in place: {}", done.join(", "))
                }
            )));
        }
        written.push(to);
    }
    let _ = std::fs::remove_dir(&staging);
    Ok(written)
}

/// Write every file into `staging`; returns their names.
fn stage(
    s: &Scenario,
    sims: &mut Simulations,
    items: &[Item],
    options: &Options,
    staging: &Path,
) -> Result<Vec<String>, ExportError> {
    let formats = options.formats.as_slice();
    let progress = &options.progress;
    let per_item = formats
        .iter()
        .filter(|f| matches!(f, ExportFormat::Svg | ExportFormat::Png))
        .count();
    let html = usize::from(formats.contains(&ExportFormat::Html));
    let pdfs = 2 * usize::from(formats.contains(&ExportFormat::Pdf));
    progress.set_total(items.len() * per_item + html + pdfs);
    let mut names = Vec::new();
    let put = |name: String, bytes: &[u8], names: &mut Vec<String>| {
        crate::io::write_new(&staging.join(&name), bytes).map_err(|e| {
            ExportError::Write(format!("cannot write {name}: {}", crate::io::describe(&e)))
        })?;
        names.push(name);
        progress.step();
        progress.check()
    };
    for item in items {
        for &f in formats {
            let ext = match f {
                ExportFormat::Svg => "svg",
                ExportFormat::Png => "png",
                ExportFormat::Html | ExportFormat::Pdf => continue,
            };
            put(
                format!("{}.{ext}", item.stem),
                &chart_bytes(&item.chart, f)?,
                &mut names,
            )?;
        }
    }
    // Both briefs open with the expected values by region, on the composite.
    let brief_spec = ChartSpec::default();
    if formats.contains(&ExportFormat::Html) {
        let spec = &brief_spec;
        let expected = Arc::clone(&sims.expected);
        let page = brief(s, &expected, sims.for_spec(spec), items);
        put("brief.html".to_owned(), page.as_bytes(), &mut names)?;
    }
    if formats.contains(&ExportFormat::Pdf) {
        let deck = pdf::deck(s, items).map_err(|e| ExportError::Write(format!("deck.pdf: {e}")))?;
        put("deck.pdf".to_owned(), &deck, &mut names)?;
        let expected = Arc::clone(&sims.expected);
        let brief = pdf::brief(
            s,
            &expected,
            sims.for_spec(&brief_spec),
            items,
            options.paper,
        )
        .map_err(|e| ExportError::Write(format!("brief.pdf: {e}")))?;
        put("brief.pdf".to_owned(), &brief, &mut names)?;
    }
    Ok(names)
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

    #[test]
    fn a_cancelled_export_writes_nothing_and_says_so() {
        let dir = std::env::temp_dir().join(format!("muscat-cancel-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let s = crate::io::default_scenario();
        let options = Options {
            formats: vec![ExportFormat::Svg],
            force: false,
            paper: pdf::Paper::A4,
            progress: Progress::new(),
        };
        options.progress.cancel();
        let out = export_with(&s, &mut Simulations::new(&s), &dir, &options);
        assert!(matches!(out, Err(ExportError::Cancelled)), "{out:?}");
        let left: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "left behind: {left:?}");
        // Not cancelled, the same export writes its files and counts every one.
        let options = Options {
            progress: Progress::new(),
            ..options
        };
        let written = export_with(&s, &mut Simulations::new(&s), &dir, &options).expect("export");
        assert_eq!(options.progress.counts(), (written.len(), written.len()));
        assert!(!written.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
