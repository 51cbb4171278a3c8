//! Opening and saving a 10 MB generated scenario.
//!
//! `cargo bench --bench files`

use criterion::{Criterion, criterion_group, criterion_main};
use muscat::model::generate::{GenerateSpec, generate};
use std::hint::black_box;
use std::time::Duration;

fn files(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("muscat-bench-files-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("ten-megabytes.ron");
    let scenario = generate(GenerateSpec {
        leaves: 15_200,
        regions: 12,
        indicators: 8,
        months: 36,
        seed: 1,
    });
    muscat::io::save_file(&path, &scenario).expect("write");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    assert!(size >= 10_000_000, "the file is {size} bytes");
    eprintln!(
        "file size: {size} bytes, {} branches",
        scenario.branches.len()
    );

    let mut g = c.benchmark_group("files");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    g.bench_function("open a 10 MB scenario (read, parse, validate)", |b| {
        b.iter(|| muscat::io::load_file(black_box(&path)).expect("loads"))
    });
    // Up to the first frame's numbers: read and parse, validate, compile, evaluate, and build
    // the chart on screen.
    g.bench_function(
        "open a 10 MB scenario up to its first chart (load, validate, compile, evaluate, chart)",
        |b| {
            b.iter(|| {
                let loaded = muscat::io::load_file(black_box(&path)).expect("loads");
                let results = muscat::view::Results::compute(&loaded.scenario, 1, None);
                let spec = muscat::charts::ChartSpec {
                    kind: muscat::model::ChartKind::ExpectedByRegion,
                    region: 0,
                    indicator: None,
                    ..Default::default()
                };
                muscat::charts::build(
                    &loaded.scenario,
                    &results.expected,
                    muscat::charts::Sims::default(),
                    &spec,
                )
            })
        },
    );
    g.bench_function(
        "save a 10 MB scenario (serialise, backup, write, fsync, rename)",
        |b| {
            b.iter(|| muscat::io::save_file(black_box(&path), black_box(&scenario)).expect("saves"))
        },
    );
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, files);
criterion_main!(benches);
