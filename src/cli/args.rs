//! The command line's arguments: the subcommands and their options, as clap reads them.

use super::{DiffFormat, ReportFormat};
use crate::export::ExportFormat;
use crate::export::pdf::Paper;
use crate::model::generate::{MAX_GENERATED_AXIS, MAX_GENERATED_LEAVES};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Muscat: plan the outcomes of a negotiation.
#[derive(Debug, Parser)]
#[command(name = "muscat", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Scenario file to open in the GUI (default: the bundled US–Iran scenario).
    pub file: Option<PathBuf>,
    /// Start in presentation mode, full screen.
    #[arg(long)]
    pub present: bool,
    /// What to do instead of opening the GUI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate scenario files: exit 0 if all are valid, 1 if not, with FILE:LINE:COL: messages.
    Check {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print expected indicators per region and the leaves' probabilities.
    Report {
        /// Scenario file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Monte Carlo samples; adds mc_mean, p05, p50, p95 and prob_below.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        samples: Option<u64>,
        /// Monte Carlo seed (default: the scenario's).
        #[arg(long)]
        seed: Option<u64>,
        /// Report a view by its id (`base`, the default, is the scenario as saved), or `all`
        /// for the base and every view side by side.
        #[arg(long, default_value = "base")]
        view: String,
        /// The date signpost statuses are read on, YYYY-MM-DD (default: the scenario's own
        /// date or its newest revision, so a file gives the same report on any day).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// Compare two scenario files: what changed by id, and how the expected values moved. Exit
    /// 0 if they are the same scenario, 3 if they differ, 1 if either cannot be read.
    Diff {
        /// The earlier file.
        a: PathBuf,
        /// The later file.
        b: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
        format: DiffFormat,
    },
    /// Record an observation of a signpost: update the probabilities by Bayes' rule, print the
    /// before → after table, and save the file atomically (keeping FILE.bak) with a new revision.
    Observe {
        /// Scenario file.
        file: PathBuf,
        /// The signpost's id.
        #[arg(long)]
        signpost: String,
        /// Whether it was seen.
        #[arg(long, value_enum)]
        seen: YesNo,
        /// When, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// What was seen, with its source.
        #[arg(long, default_value = "")]
        note: String,
        /// Print the table and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a valid synthetic scenario of the given size.
    Generate {
        /// Number of leaves in the outcome tree.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=MAX_GENERATED_LEAVES as u64))]
        leaves: u64,
        /// Number of regions.
        #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=MAX_GENERATED_AXIS as u64))]
        regions: u64,
        /// Number of indicators.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=MAX_GENERATED_AXIS as u64))]
        indicators: u64,
        /// Horizon in months.
        #[arg(long, default_value_t = 36, value_parser = clap::value_parser!(u32).range(1..=crate::model::MAX_HORIZON_MONTHS as i64))]
        months: u32,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Which branches get a probability range: none, some (every other), or all (every
        /// branch with a value of its own, in every sibling set).
        #[arg(long, value_enum, default_value_t = Ranges::Some)]
        ranges: Ranges,
        /// Signposts, each with likelihoods on every top-level branch and a few deeper ones.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=crate::model::limits::MAX_SIGNPOSTS as u64))]
        signposts: u64,
        /// Revisions: observations of the first signposts, then manual revisions.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=crate::model::limits::MAX_REVISIONS as u64))]
        revisions: u64,
        /// Views: policy options and analysts (one in three), and a pooled view from three on.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=crate::model::limits::MAX_VIEWS as u64))]
        views: u64,
        /// Where to write the scenario.
        #[arg(long)]
        out: PathBuf,
    },
    /// Rewrite a scenario file in the current format, atomically (keeps FILE.bak).
    Upgrade {
        /// Scenario file.
        file: PathBuf,
    },
    /// Export every slide (or the standard charts) as SVG/PNG, plus brief.html; `pdf` adds
    /// deck.pdf (one 16:9 page per slide, then the speaker notes) and brief.pdf.
    Export {
        /// Scenario file.
        file: PathBuf,
        /// Folder to write into (made if missing).
        #[arg(long)]
        out: PathBuf,
        /// Formats, comma-separated: svg, png, html, pdf.
        #[arg(long, value_delimiter = ',', default_value = "svg,png,html")]
        format: Vec<ExportFormat>,
        /// Paper of brief.pdf.
        #[arg(long, value_enum, default_value_t = Paper::A4)]
        paper: Paper,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
}

/// Which branches of a generated scenario get a probability range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Ranges {
    /// None.
    None,
    /// Every other branch with a value of its own.
    Some,
    /// Every branch with a value of its own.
    All,
}

/// A yes-or-no answer on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum YesNo {
    /// Yes.
    Yes,
    /// No.
    No,
}
