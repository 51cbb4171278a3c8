//! The UI's CPU time per frame with egui_kittest: the frame itself and its tessellation (the
//! work before the GPU). No GPU rendering.
//!
//! `cargo bench --bench ui_frame`

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use muscat::app::files::Files;
use muscat::app::{Action, MuscatApp, Prefs, StartOptions};
use muscat::edit::ops;
use muscat::model::ChartKind;
use muscat::model::generate::{GenerateSpec, generate};
use std::path::PathBuf;
use std::time::Duration;

fn harness(file: Option<PathBuf>) -> Harness<'static, MuscatApp> {
    let mut h = Harness::builder()
        .with_size([1600.0, 1000.0])
        .build_eframe(move |cc| {
            MuscatApp::with_prefs(
                &cc.egui_ctx,
                StartOptions {
                    file,
                    present: false,
                },
                Prefs::default(),
                Files::new(None),
            )
        });
    h.run();
    h
}

/// One frame and its tessellation into triangles.
fn frame(h: &mut Harness<'_, MuscatApp>) -> usize {
    h.step();
    let out = h.output();
    let primitives = h.ctx.tessellate(out.shapes.clone(), out.pixels_per_point);
    primitives.len()
}

/// A frame of a slider drag: one probability edit, the recompute, the redraw and tessellation.
fn drag_frame(h: &mut Harness<'_, MuscatApp>, p: &mut f64) -> usize {
    *p = if *p > 0.8 { 0.1 } else { *p + 0.01 };
    let app = h.state_mut();
    let id = app.view.selected.clone().unwrap_or_default();
    if let Ok(op) = ops::set_probability(app.doc.scenario(), &id, *p, true) {
        app.actions.push(Action::Op(op));
    }
    frame(h)
}

fn frames(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("muscat-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let big = dir.join("generated-1000.ron");
    let scenario = generate(GenerateSpec {
        leaves: 1000,
        regions: 12,
        indicators: 8,
        months: 36,
        seed: 1,
    });
    muscat::io::save_file(&big, &scenario).expect("write the generated scenario");

    let mut g = c.benchmark_group("ui_frame");
    g.measurement_time(Duration::from_secs(6));
    for (name, file, first) in [
        ("bundled", None, "Comprehensive deal"),
        ("generated 1000 leaves", Some(big.clone()), "Branch 1"),
    ] {
        let mut h = harness(file);
        h.get_by_role_and_label(egui::accesskit::Role::TreeItem, first)
            .click();
        h.run();
        g.bench_function(format!("{name}: idle frame"), |b| b.iter(|| frame(&mut h)));
        // A drag on every chart, the tornado included.
        for kind in ChartKind::ALL {
            h.state_mut().view.chart = kind;
            h.run();
            let mut p = 0.1;
            g.bench_function(
                format!("{name}: probability drag frame, {}", kind.label()),
                |b| b.iter(|| drag_frame(&mut h, &mut p)),
            );
        }
    }
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The map alone: the map chart of the bundled scenario drawn in a 1280×720 window and
/// tessellated, as the chart panel and presentation draw it each frame; and reading and
/// triangulating the map data, which happens once.
fn map(c: &mut Criterion) {
    use muscat::charts::{ChartSpec, Sims, build};
    use muscat::ui::charts::{ChartLook, draw_chart};
    use muscat::ui::theme::LIGHT;
    let s = muscat::io::default_scenario();
    let e = muscat::engine::Expected::compute(&s);
    let chart = build(
        &s,
        &e,
        Sims::default(),
        &ChartSpec {
            kind: ChartKind::Map,
            ..ChartSpec::default()
        },
    );
    let mut fonts = false;
    let mut h = Harness::builder()
        .with_size([1280.0, 720.0])
        .build_ui(move |ui| {
            // The app's fonts, as the app installs them before its first frame.
            if !fonts {
                muscat::ui::theme::install_fonts(ui.ctx());
                fonts = true;
                return;
            }
            let look = ChartLook {
                scale: 1.0,
                min_scale: 0.8,
                with_title: true,
                simulated: false,
            };
            draw_chart(ui, &chart, LIGHT, look);
        });
    h.run();
    h.run();
    let mut g = c.benchmark_group("map");
    g.measurement_time(Duration::from_secs(6));
    g.bench_function(
        "bundled: map chart frame with tessellation, 1280x720",
        |b| {
            b.iter(|| {
                h.step();
                let out = h.output();
                h.ctx
                    .tessellate(out.shapes.clone(), out.pixels_per_point)
                    .len()
            })
        },
    );
    g.bench_function("read and triangulate the map data", |b| {
        b.iter(|| muscat::map::load_bundled().map(|a| a.countries.len()))
    });
    g.finish();
}

/// The 95th percentile of `times`, in milliseconds.
fn p95(times: &mut [Duration]) -> f64 {
    times.sort_unstable();
    let at = ((times.len() as f64 * 0.95).ceil() as usize).clamp(1, times.len()) - 1;
    times[at].as_secs_f64() * 1e3
}

/// `frames` frames of a probability drag, each timed (frame and tessellation).
fn timed_drags(h: &mut Harness<'_, MuscatApp>, frames: usize) -> Vec<Duration> {
    let mut p = 0.1;
    (0..frames)
        .map(|_| {
            let t = std::time::Instant::now();
            drag_frame(h, &mut p);
            t.elapsed()
        })
        .collect()
}

/// The frame budget on the team file (`muscat generate --leaves 15200 --ranges all --signposts
/// 500 --revisions 20 --views 50`, 12 MB) at 1280 × 720: a probability drag with each tab and
/// each chart kind showing, and typing a branch's name. Prints each case's 95th-percentile
/// frame time and the overall one; criterion times the drag on the first tab and chart.
fn team_frames(c: &mut Criterion) {
    use muscat::model::generate::{Extras, RangeCover, generate_with};
    use muscat::view::Tab;
    let dir = std::env::temp_dir().join(format!("muscat-bench-team-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("team.ron");
    let team = generate_with(
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
    );
    muscat::io::save_file(&path, &team).expect("write the team file");
    let mut h = Harness::builder()
        .with_size([1280.0, 720.0])
        .build_eframe(move |cc| {
            MuscatApp::with_prefs(
                &cc.egui_ctx,
                StartOptions {
                    file: Some(path),
                    present: false,
                },
                Prefs::default(),
                Files::new(None),
            )
        });
    h.run_steps(4);
    h.get_by_role_and_label(egui::accesskit::Role::TreeItem, "Branch 1")
        .click();
    h.run_steps(4);
    const FRAMES: usize = 30;
    let mut all = Vec::new();
    let mut case = |name: String, times: Vec<Duration>| {
        let mut t = times.clone();
        println!("team file frame p95, {name}: {:.1} ms", p95(&mut t));
        all.extend(times);
    };
    let tabs = [
        (Tab::Branch, "Branch"),
        (Tab::Scenario, "Scenario"),
        (Tab::Regions, "Regions"),
        (Tab::Indicators, "Indicators"),
        (Tab::Slides, "Slides"),
        (Tab::Views, "Views"),
        (Tab::Signposts, "Signposts"),
    ];
    for (tab, name) in tabs {
        h.state_mut().view.tab = tab;
        h.run_steps(4);
        let times = timed_drags(&mut h, FRAMES);
        case(format!("drag, {name} tab"), times);
    }
    h.state_mut().view.tab = Tab::Branch;
    for kind in ChartKind::ALL {
        h.state_mut().view.chart = kind;
        h.run_steps(4);
        let times = timed_drags(&mut h, FRAMES);
        case(format!("drag, {} chart", kind.label()), times);
    }
    h.state_mut().view.chart = ChartKind::default();
    // Typing a name: one rename a frame, as each keystroke is.
    let mut name = String::from("Branch 1 ");
    let times = (0..FRAMES)
        .map(|i| {
            name.push(char::from(b'a' + (i % 26) as u8));
            let t = std::time::Instant::now();
            let app = h.state_mut();
            if let Ok(op) = ops::rename_branch(app.doc.scenario(), "b1", &name) {
                app.actions.push(Action::Op(op));
            }
            frame(&mut h);
            t.elapsed()
        })
        .collect();
    case("typing a branch's name".into(), times);
    println!(
        "team file frame p95, every case ({} frames): {:.1} ms",
        all.len(),
        p95(&mut all)
    );
    let mut g = c.benchmark_group("ui_frame team");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    let mut p = 0.1;
    g.bench_function(
        "team file: probability drag frame, Branch tab, expected by region",
        |b| b.iter(|| drag_frame(&mut h, &mut p)),
    );
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, frames, map, team_frames);
criterion_main!(benches);
