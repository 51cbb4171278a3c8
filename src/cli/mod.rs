//! The command line: the GUI by default, and subcommands over the library.
//!
//! Exit codes: 0 success, 1 bad input (a file that cannot be used), 2 bad usage; `diff` exits
//! 3 when the scenarios differ.

mod args;
mod diff;
pub(crate) mod output;
mod report;

use output::{errln, out, outln};

pub use args::{Cli, Command, Ranges, YesNo};
pub use diff::{DiffFormat, render_diff};
pub use report::{
    ReportFormat, ReportOptions, ViewChoice, all_views_report, all_views_report_to, render_report,
    view_report,
};

use crate::export::ExportFormat;
use crate::export::pdf::Paper;
use crate::io;
use crate::model::generate::{Extras, GenerateSpec, RangeCover, generate_with};
use std::path::PathBuf;

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code for input that cannot be used.
pub const EXIT_BAD_INPUT: i32 = 1;
/// Exit code for bad usage.
pub const EXIT_USAGE: i32 = 2;
/// Exit code of `diff` when the scenarios differ.
pub const EXIT_DIFFERENT: i32 = 3;

/// Run a subcommand; returns the exit code. Output to a reader that went away stops quietly.
pub fn run(command: Command) -> i32 {
    let code = dispatch(command);
    if output::failed() && code == EXIT_OK {
        EXIT_BAD_INPUT
    } else {
        code
    }
}

fn dispatch(command: Command) -> i32 {
    match command {
        Command::Check { files } => check(&files),
        Command::Report {
            file,
            format,
            samples,
            seed,
            view,
            as_of,
        } => report(
            &file,
            &ReportOptions {
                format,
                samples,
                seed,
                as_of,
                threads: 0,
            },
            &view,
        ),
        Command::Generate {
            leaves,
            regions,
            indicators,
            months,
            seed,
            ranges,
            signposts,
            revisions,
            views,
            out,
        } => {
            if let Some(cells) = regions.checked_mul(indicators)
                && cells > crate::model::limits::MAX_CELLS as u64
            {
                errln!(
                    "muscat: {regions} regions × {indicators} indicators is {} cells, more than Muscat can chart (limit {}); nothing was written",
                    crate::model::limits::count_text(cells),
                    crate::model::limits::count_text(crate::model::limits::MAX_CELLS as u64)
                );
                return EXIT_USAGE;
            }
            let extras = Extras {
                ranges: match ranges {
                    Ranges::None => RangeCover::None,
                    Ranges::Some => RangeCover::Some,
                    Ranges::All => RangeCover::All,
                },
                signposts: signposts as usize,
                revisions: revisions as usize,
                views: views as usize,
            };
            let s = generate_with(
                GenerateSpec {
                    leaves: leaves as usize,
                    regions: regions as usize,
                    indicators: indicators as usize,
                    months,
                    seed,
                },
                &extras,
            );
            let tree = crate::model::TreeIndex::new(&s);
            let problems = crate::model::limits::Size::of(&s, &tree).problems();
            if !problems.is_empty() {
                for p in &problems {
                    errln!("muscat: {p}");
                }
                errln!("muscat: choose a smaller size; nothing was written");
                return EXIT_USAGE;
            }
            match io::save_file(&out, &s) {
                Ok(()) => {
                    outln!(
                        "wrote {}: {} branches, {} regions, {} indicators, {} months, {} signposts, {} revisions, {} views",
                        out.display(),
                        s.branches.len(),
                        s.regions.len(),
                        s.indicators.len(),
                        s.header.horizon_months,
                        s.signposts.len(),
                        s.revisions.len(),
                        s.views.len()
                    );
                    EXIT_OK
                }
                Err(e) => {
                    errln!("muscat: {e}");
                    EXIT_BAD_INPUT
                }
            }
        }
        Command::Upgrade { file } => upgrade(&file),
        Command::Observe {
            file,
            signpost,
            seen,
            date,
            note,
            dry_run,
        } => observe(&file, &signpost, seen == YesNo::Yes, &date, &note, dry_run),
        Command::Diff { a, b, format } => diff_files(&a, &b, format),
        Command::Export {
            file,
            out,
            format,
            paper,
            force,
        } => export(&file, &out, &format, paper, force),
    }
}

/// Load a scenario file, or print why it cannot be used and give the exit code for that.
fn load(file: &std::path::Path) -> Result<io::Loaded, i32> {
    io::load_file(file).map_err(|e| {
        errln!("{e}");
        EXIT_BAD_INPUT
    })
}

/// `muscat export`: the export's errors become messages and exit codes here.
fn export(
    file: &std::path::Path,
    out: &std::path::Path,
    formats: &[ExportFormat],
    paper: Paper,
    force: bool,
) -> i32 {
    let loaded = match load(file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let mut formats = formats.to_vec();
    formats.sort_by_key(|f| *f as u8);
    formats.dedup();
    let options = crate::export::Options {
        formats,
        force,
        paper,
        progress: crate::export::Progress::new(),
    };
    let s = &loaded.scenario;
    let mut sims = crate::export::Simulations::new(s);
    match crate::export::export_with(s, &mut sims, out, &options) {
        Ok(written) => {
            for p in &written {
                outln!("wrote {}", p.display());
            }
            EXIT_OK
        }
        Err(e) => {
            errln!("muscat: {e}");
            EXIT_BAD_INPUT
        }
    }
}

fn check(files: &[PathBuf]) -> i32 {
    let mut code = EXIT_OK;
    for f in files {
        match io::load_file(f) {
            Ok(loaded) => {
                let name = f.display().to_string();
                for w in &loaded.warnings {
                    outln!("{}", w.display_with(&name));
                }
                let migrated = loaded
                    .migrated_from
                    .map(|v| format!(", format version {v}: `muscat upgrade` rewrites it"))
                    .unwrap_or_default();
                outln!(
                    "{name}: ok ({} warning{}{migrated})",
                    loaded.warnings.len(),
                    if loaded.warnings.len() == 1 { "" } else { "s" }
                );
            }
            Err(e) => {
                errln!("{e}");
                code = EXIT_BAD_INPUT;
            }
        }
    }
    code
}

fn report(file: &std::path::Path, options: &ReportOptions, view: &str) -> i32 {
    if let Some(date) = &options.as_of
        && !crate::model::is_iso_date(date)
    {
        errln!("muscat: --as-of \"{date}\" is not a date: write it as YYYY-MM-DD");
        return EXIT_USAGE;
    }
    let loaded = match load(file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let name = file.display().to_string();
    for w in &loaded.warnings {
        errln!("{}", w.display_with(&name));
    }
    let s = &loaded.scenario;
    let text = match ViewChoice::parse(s, view) {
        Ok(ViewChoice::Base) => render_report(s, &name, options),
        Ok(ViewChoice::One(id)) => view_report(s, &name, options, &id),
        Ok(ViewChoice::All) => {
            // Written as it is made: a team's every view is large.
            all_views_report_to(s, &name, options, &mut |piece| out!("{piece}"));
            return EXIT_OK;
        }
        Err(e) => {
            errln!("muscat: {name}: {e}");
            return EXIT_USAGE;
        }
    };
    out!("{text}");
    EXIT_OK
}

fn diff_files(a: &std::path::Path, b: &std::path::Path, format: DiffFormat) -> i32 {
    // Both files at once: on large files reading is most of the work.
    let (la, lb) = std::thread::scope(|scope| {
        let other = scope.spawn(|| io::load_file(b));
        let first = io::load_file(a);
        let second = other.join().unwrap_or_else(|_| io::load_file(b));
        (first, second)
    });
    let mut loaded = Vec::new();
    for l in [la, lb] {
        match l {
            Ok(l) => loaded.push(l.scenario),
            Err(e) => {
                errln!("{e}");
                return EXIT_BAD_INPUT;
            }
        }
    }
    let (an, bn) = (a.display().to_string(), b.display().to_string());
    let (text, equal) = render_diff(&loaded[0], &an, &loaded[1], &bn, format);
    out!("{text}");
    if equal { EXIT_OK } else { EXIT_DIFFERENT }
}

/// `muscat observe`.
fn observe(
    file: &std::path::Path,
    signpost: &str,
    seen: bool,
    date: &str,
    note: &str,
    dry_run: bool,
) -> i32 {
    // The lock is held from the read to the write, so a second `observe` on the same file waits
    // for this one and then reads what it wrote.
    let _lock = if dry_run {
        None
    } else {
        match io::lock_for_update(file, io::LOCK_WAIT) {
            Ok(lock) => lock,
            Err(e) => {
                errln!("muscat: {e}");
                return EXIT_BAD_INPUT;
            }
        }
    };
    let loaded = match load(file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let name = file.display().to_string();
    let mut s = loaded.scenario;
    let proposal = match crate::edit::ops::signposts::observe(&s, signpost, seen, date, note) {
        Ok(p) => p,
        Err(e) => {
            errln!("muscat: {name}: {e}; nothing was written");
            return EXIT_BAD_INPUT;
        }
    };
    out!(
        "{}",
        render_preview(&s, signpost, seen, &proposal.preview())
    );
    if let Err(e) = crate::edit::apply(&mut s, proposal.op.edit) {
        errln!("muscat: {name}: {e}; nothing was written");
        return EXIT_BAD_INPUT;
    }
    if dry_run {
        // Say now what the real run would refuse: the file it would write must load.
        if let Err(reason) = io::check_writable(&s, &io::to_ron_string(&s)) {
            errln!("muscat: {name}: the observation cannot be saved: {reason}");
            return EXIT_BAD_INPUT;
        }
        outln!("dry run: {name} was not changed");
        return EXIT_OK;
    }
    match io::save_file(file, &s) {
        Ok(()) => {
            outln!(
                "wrote {name} with revision {} (the old file is kept as {})",
                s.revisions.len(),
                io::backup_path(file).display()
            );
            EXIT_OK
        }
        Err(e) => {
            errln!("muscat: {e}");
            EXIT_BAD_INPUT
        }
    }
}

/// The before → after table of an observation.
pub fn render_preview(
    s: &crate::model::Scenario,
    signpost: &str,
    seen: bool,
    p: &crate::edit::ops::signposts::Preview,
) -> String {
    use crate::charts::pct;
    let name = s.signpost(signpost).map_or(signpost, |sp| sp.name.as_str());
    let mut out = format!(
        "{name}: {}{}\n\n",
        if seen { "seen" } else { "not seen" },
        p.chance.map_or_else(String::new, |c| format!(
            " (the probabilities before gave this a {} chance)",
            pct(c)
        ))
    );
    let width = p
        .branches
        .iter()
        .map(|b| b.name.chars().count() + 2 * b.depth)
        .chain(p.regions.iter().map(|r| r.name.chars().count()))
        .chain([6])
        .max()
        .unwrap_or(6);
    out.push_str(&format!(
        "{:<width$}  {:>20}  {:>20}\n",
        "Branch", "given parent", "overall"
    ));
    for b in &p.branches {
        let label = format!("{}{}", "  ".repeat(b.depth), b.name);
        out.push_str(&format!(
            "{label:<width$}  {:>8} →  {:>8}  {:>8} →  {:>8}\n",
            pct(b.conditional.0),
            pct(b.conditional.1),
            pct(b.absolute.0),
            pct(b.absolute.1)
        ));
    }
    if p.branches.is_empty() {
        out.push_str("(no probability changes)\n");
    }
    out.push_str(&format!(
        "\n{:<width$}  {:>20}  {:>8}\n",
        "Region", "composite", "change"
    ));
    for r in &p.regions {
        out.push_str(&format!(
            "{:<width$}  {:>8.2} →  {:>8.2}  {:>8}\n",
            r.name,
            r.before,
            r.after,
            crate::charts::signed(r.after - r.before)
        ));
    }
    out.push('\n');
    out
}

fn upgrade(file: &std::path::Path) -> i32 {
    let loaded = match io::load_file(file) {
        Ok(l) => l,
        Err(e) => {
            errln!("{e}");
            errln!("muscat: {} was not changed", file.display());
            return EXIT_BAD_INPUT;
        }
    };
    match io::save_file(file, &loaded.scenario) {
        Ok(()) => {
            match loaded.migrated_from {
                Some(v) => outln!(
                    "{}: upgraded from format version {v} to {} (the old file is kept as {})",
                    file.display(),
                    io::FORMAT_VERSION,
                    io::backup_path(file).display()
                ),
                None => outln!(
                    "{}: rewritten in format version {} (already current)",
                    file.display(),
                    io::FORMAT_VERSION
                ),
            }
            EXIT_OK
        }
        Err(e) => {
            errln!("muscat: {e}");
            EXIT_BAD_INPUT
        }
    }
}
