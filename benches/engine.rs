//! Engine speed: the expected-value recompute that runs on every frame of a slider drag, and
//! Monte Carlo runs.
//!
//! `cargo bench --bench engine`

use criterion::{Criterion, criterion_group, criterion_main};
use muscat::engine::{Centre, Compiled, Expected, McSettings, run_monte_carlo, second_order};
use muscat::model::generate::{GenerateSpec, generate};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

fn recompute(c: &mut Criterion) {
    let big = generate(GenerateSpec {
        leaves: 1000,
        regions: 12,
        indicators: 8,
        months: 36,
        seed: 1,
    });
    let bundled = muscat::io::default_scenario();
    let mut g = c.benchmark_group("recompute");
    g.bench_function(
        "generated 1000 leaves x 12 regions x 8 indicators x 36 months",
        |b| b.iter(|| Expected::compute(black_box(&big))),
    );
    let compiled = Arc::new(Compiled::new(&big));
    g.bench_function("generated, evaluate only (already compiled)", |b| {
        b.iter(|| Expected::from_compiled(black_box(Arc::clone(&compiled)), Centre::Mean))
    });
    g.bench_function("bundled scenario", |b| {
        b.iter(|| Expected::compute(black_box(&bundled)))
    });
    g.finish();
}

fn monte_carlo(c: &mut Criterion) {
    let bundled = Expected::compute(&muscat::io::default_scenario());
    let run = |samples: u64| {
        run_monte_carlo(
            &bundled,
            &McSettings {
                samples,
                seed: 1,
                threads: 0,
                focus: Some((0, None)),
            },
            None,
        )
    };
    // Build the PERT table outside the timings: it is made once per process.
    let _ = run(1);
    let mut g = c.benchmark_group("monte_carlo");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("bundled, 100k samples, all cores", |b| {
        b.iter(|| run(black_box(100_000)))
    });
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("bundled, 1M samples, all cores", |b| {
        b.iter(|| run(black_box(1_000_000)))
    });
    g.bench_function(
        "bundled, second-order analysis of the ranges, all cores",
        |b| b.iter(|| second_order(black_box(&bundled), 1, 2, None)),
    );
    // Everything the app works out off the UI thread after an edit: the quick pass, the
    // analysis of the ranges, and the full pass with the month-by-month fan.
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("bundled, the app's whole simulation pass, all cores", |b| {
        b.iter(|| {
            let quick = run_monte_carlo(
                &bundled,
                &McSettings {
                    samples: 10_000,
                    seed: 1,
                    threads: 0,
                    focus: None,
                },
                None,
            );
            let second = second_order(&bundled, 1, 0, None);
            let full = run(black_box(100_000));
            (quick.is_ok(), second.is_ok(), full.is_ok())
        })
    });
    g.finish();
}

/// `muscat report --samples 1000000` as a whole process, start to exit.
fn report_process(c: &mut Criterion) {
    let exe = env!("CARGO_BIN_EXE_muscat");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/us-iran-muscat-2026.ron"
    );
    let mut g = c.benchmark_group("report");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function(
        "muscat report --samples 1000000, bundled, whole process",
        |b| {
            b.iter(|| {
                let out = std::process::Command::new(exe)
                    .args(["report", file, "--samples", "1000000"])
                    .output()
                    .expect("run muscat");
                assert!(out.status.success());
            })
        },
    );
    g.finish();
}

criterion_group!(benches, recompute, monte_carlo, report_process);
criterion_main!(benches);
