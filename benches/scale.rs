//! The engine at the sizes teams reach: a generated team file (15,200 leaves, 12 regions,
//! 8 indicators, 36 months, ranges on every sibling set, 500 signposts, 20 revisions, 50 views;
//! 12 MB), through every command and analysis that used to grow faster than the file, and the
//! Monte Carlo on one thread.
//!
//! `cargo bench --bench scale` (about five minutes). Whole-process rows run the release binary
//! with `MUSCAT_PEAK_MEMORY=1` and print its peak memory once.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use muscat::engine::second::ranged_sets;
use muscat::engine::{Compiled, Expected, McSettings, run_monte_carlo};
use muscat::model::generate::{Extras, GenerateSpec, RangeCover, generate_with};
use muscat::model::{ProbRange, Scenario};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The team file: what `muscat generate --leaves 15200 --ranges all --signposts 500
/// --revisions 20 --views 50` writes.
fn team() -> Scenario {
    generate_with(
        GenerateSpec {
            leaves: 15_200,
            regions: 12,
            indicators: 8,
            months: 36,
            seed: 1,
        },
        &Extras {
            ranges: RangeCover::All,
            signposts: 500,
            revisions: 20,
            views: 50,
        },
    )
}

/// The team file and a copy with one probability changed, on disk.
fn team_files() -> (PathBuf, PathBuf, Scenario) {
    let dir = std::env::temp_dir().join(format!("muscat-bench-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bench folder");
    let s = team();
    let a = dir.join("team.ron");
    muscat::io::save_file(&a, &s).expect("write the team file");
    let mut changed = s.clone();
    if let Some(b) = changed
        .branches
        .iter_mut()
        .find(|b| b.probability.value().is_some() && b.range.is_some())
    {
        b.range = b.range.map(|r| ProbRange {
            low: r.low * 0.9,
            high: r.high,
        });
    }
    let b = dir.join("team-changed.ron");
    muscat::io::save_file(&b, &changed).expect("write the changed copy");
    (a, b, s)
}

/// Run the release binary once, print its peak memory, then time it.
fn process(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    args: &[&str],
) {
    let exe = env!("CARGO_BIN_EXE_muscat");
    let run = |peak: bool| {
        let mut cmd = Command::new(exe);
        cmd.args(args);
        if peak {
            cmd.env("MUSCAT_PEAK_MEMORY", "1");
        }
        let out = cmd.output().expect("run muscat");
        assert!(
            out.status.success() || out.status.code() == Some(3),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let first = run(true);
    let err = String::from_utf8_lossy(&first.stderr);
    let peak = err
        .lines()
        .find(|l| l.contains("peak memory"))
        .unwrap_or("peak memory not reported");
    println!("{name}: {peak}");
    c.bench_function(name, |b| b.iter(|| run(false)));
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn commands(c: &mut Criterion) {
    let (a, b, _) = team_files();
    let mut g = c.benchmark_group("team file, whole process");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    process(&mut g, "report", &["report", s(&a)]);
    process(
        &mut g,
        "report --samples 100000",
        &["report", s(&a), "--samples", "100000"],
    );
    process(&mut g, "diff of two 10 MB files", &["diff", s(&a), s(&b)]);
    process(&mut g, "check", &["check", s(&a)]);
    // observe writes the file: each run on a fresh copy (the copy is a few ms of it).
    let copy = a.with_file_name("team-observed.ron");
    let id = {
        let loaded = muscat::io::load_file(&a).expect("load");
        loaded.scenario.signposts[loaded.scenario.signposts.len() - 1]
            .id
            .clone()
    };
    g.bench_function("observe (a fresh copy each run)", |bch| {
        bch.iter_batched(
            || std::fs::copy(&a, &copy).expect("copy"),
            |_| {
                let out = Command::new(env!("CARGO_BIN_EXE_muscat"))
                    .args([
                        "observe",
                        s(&copy),
                        "--signpost",
                        &id,
                        "--seen",
                        "yes",
                        "--date",
                        "2026-12-01",
                    ])
                    .output()
                    .expect("run muscat");
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            },
            BatchSize::PerIteration,
        )
    });
    let before = std::fs::metadata(&a).map(|m| m.len()).unwrap_or(0);
    let after = std::fs::metadata(&copy).map(|m| m.len()).unwrap_or(0);
    println!(
        "observe: the file grows by {} bytes",
        after.saturating_sub(before)
    );
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    process(
        &mut g,
        "report --view all --format json (50 views)",
        &["report", s(&a), "--view", "all", "--format", "json"],
    );
    g.finish();
}

fn analyses(c: &mut Criterion) {
    let s = team();
    let e = Expected::compute(&s);
    let tree = &e.compiled.tree;
    let mut g = c.benchmark_group("team file, analyses");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("signposts board, 500 signposts", |b| {
        b.iter(|| muscat::engine::signposts::board(black_box(&s), tree, &e))
    });
    let spec = muscat::charts::ChartSpec {
        kind: muscat::model::ChartKind::Signposts,
        ..Default::default()
    };
    g.bench_function("Signposts chart build", |b| {
        b.iter(|| {
            muscat::charts::build(
                black_box(&s),
                &e,
                muscat::charts::Sims {
                    mc: None,
                    second: None,
                },
                &spec,
            )
        })
    });
    // An edit's recalibration: one ranged set changed (a new range each run, so it is never in
    // the cache), every other set found calibrated.
    let seed = s.header.seed;
    let _ = ranged_sets(&e.compiled, seed, 0, None);
    let target = s
        .branches
        .iter()
        .position(|b| b.range.is_some() && b.probability.value().is_some())
        .expect("a ranged branch");
    let mut n = 0u32;
    g.bench_function("recalibration after one ranged set changed", |b| {
        b.iter_batched(
            || {
                n += 1;
                let mut edited = s.clone();
                let br = &mut edited.branches[target];
                if let (Some(r), Some(p)) = (br.range, br.probability.value()) {
                    let low = (p - (p - r.low) * (1.0 - f64::from(n % 1000) * 1e-4)).max(0.0);
                    br.range = Some(ProbRange { low, high: r.high });
                }
                Compiled::new(&edited)
            },
            |compiled| ranged_sets(&compiled, seed, 0, None),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn monte_carlo_one_thread(c: &mut Criterion) {
    let bundled = Expected::compute(&muscat::io::default_scenario());
    let run = |samples: u64| {
        run_monte_carlo(
            &bundled,
            &McSettings {
                samples,
                seed: 1,
                threads: 1,
                focus: None,
            },
            None,
        )
    };
    let _ = run(1);
    let mut g = c.benchmark_group("monte_carlo one thread");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    // Per sample: the time of 1,000,000 samples / 1,000,000.
    g.bench_function("bundled, 1M samples, 1 thread", |b| {
        b.iter(|| run(black_box(1_000_000)))
    });
    g.finish();
}

criterion_group!(benches, monte_carlo_one_thread, analyses, commands);
criterion_main!(benches);
