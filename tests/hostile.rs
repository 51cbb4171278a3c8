//! Hostile files and folders, tried as an attacker would: scenarios at and past every limit,
//! links planted where Muscat writes, pipes and devices given as scenarios, odd encodings and
//! values that used to be fixed silently. For each: the exit code, the message (with file, line
//! and column where there is a place), no panic or abort, bounded memory, and nothing outside
//! the scratch folder changed.

mod common;

use common::TempDir;
use muscat::io;
use muscat::model::generate::stress::{Edge, at};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Peak memory any command may take (resident set), in kibibytes: about 1 GB.
const MEMORY_KIB: u64 = 1024 * 1024;
/// Address space a command may reserve, in kibibytes: past it an allocation fails, and a
/// process that aborted on a failed allocation shows up as killed by a signal.
const ADDRESS_KIB: u64 = 3 * 1024 * 1024;

fn muscat(args: &[&str]) -> Output {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!("ulimit -v {ADDRESS_KIB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_muscat"))
        .args(args);
    run(&mut c)
}

/// Run a command to the end (no time limit: tests never depend on the machine's speed),
/// following its peak memory, and check that it neither crashed nor took more than allowed.
fn run(c: &mut Command) -> Output {
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run muscat");
    // Read the pipes on their own threads, so a large output cannot stall the child.
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out_pipe, &mut v);
        v
    });
    let err_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err_pipe, &mut v);
        v
    });
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak = 0u64;
    let status = loop {
        // The high-water mark only rises, so the last reading before exit is the peak.
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(kib) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let out = Output {
        status,
        stdout: out_thread.join().expect("stdout"),
        stderr: err_thread.join().expect("stderr"),
    };
    let signal = std::os::unix::process::ExitStatusExt::signal(&out.status);
    assert!(
        signal.is_none(),
        "killed by signal {signal:?}: {}",
        text(&out.stderr)
    );
    assert!(peak <= MEMORY_KIB, "a command took {peak} KiB");
    out
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A folder beside the scratch folder with files in it, to check that nothing reaches it.
struct Outside {
    dir: TempDir,
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl Outside {
    fn new(tag: &str) -> Self {
        let dir = TempDir::new(&format!("{tag}-outside"));
        let files = ["victim.txt", "brief.html", "notes.ron"]
            .iter()
            .map(|n| {
                let p = dir.file(n, format!("do not touch {n}"));
                let content = std::fs::read(&p).expect("read");
                (p, content)
            })
            .collect();
        Self { dir, files }
    }

    fn victim(&self) -> &Path {
        &self.files[0].0
    }

    /// Every file is as it was, and nothing was added.
    fn untouched(&self) {
        for (p, content) in &self.files {
            let meta = std::fs::symlink_metadata(p).expect("still there");
            assert!(meta.is_file(), "{} is no longer a plain file", p.display());
            assert_eq!(
                &std::fs::read(p).expect("read"),
                content,
                "{} changed",
                p.display()
            );
        }
        let count = std::fs::read_dir(&self.dir.0).expect("list").count();
        assert_eq!(count, self.files.len(), "files appeared outside");
    }
}

#[test]
fn every_limit_is_checked_at_load_with_the_count_and_the_limit() {
    let dir = TempDir::new("over");
    for edge in Edge::ALL {
        let path = dir.0.join(format!("{edge:?}.ron"));
        // Past the limit: Muscat's own save refuses it, so the test writes the text itself.
        std::fs::write(&path, io::to_ron_string(&at(edge, true))).expect("write");
        let o = muscat(&["check", s(&path)]);
        assert_eq!(o.status.code(), Some(1), "{edge:?}: {}", text(&o.stdout));
        let err = text(&o.stderr);
        let line = err
            .lines()
            .find(|l| l.contains("more than Muscat can") || l.contains("the limit is"))
            .unwrap_or_else(|| panic!("{edge:?}: no limit named in {err}"));
        // FILE:LINE:COL: error: …, naming a count and the limit.
        assert!(line.starts_with(&format!("{}:", s(&path))), "{line}");
        assert!(line.contains(": error: "), "{line}");
        assert!(line.chars().any(|c| c.is_ascii_digit()), "{line}");
        assert!(line.contains("limit"), "{line}");
        // The report refuses it too, without running out of memory.
        let o = muscat(&["report", s(&path)]);
        assert_eq!(o.status.code(), Some(1), "{edge:?}");
    }
}

#[test]
fn the_largest_accepted_files_go_through_every_command_in_bounded_memory() {
    let dir = TempDir::new("largest");
    for edge in Edge::ALL {
        let path = dir.0.join(format!("{edge:?}.ron"));
        io::save_file(&path, &at(edge, false)).expect("write");
        let check = muscat(&["check", s(&path)]);
        assert_eq!(
            check.status.code(),
            Some(0),
            "{edge:?}: {}",
            text(&check.stderr)
        );
        let report = muscat(&["report", s(&path), "--format", "csv"]);
        assert_eq!(report.status.code(), Some(0), "{edge:?}");
        assert!(text(&report.stdout).starts_with("region_id,"));
        let sampled = muscat(&["report", s(&path), "--samples", "5000", "--format", "json"]);
        assert_eq!(
            sampled.status.code(),
            Some(0),
            "{edge:?}: {}",
            text(&sampled.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&sampled.stdout).expect("JSON");
        assert_eq!(v["monte_carlo"]["samples"], 5000);
        let out = dir.0.join(format!("{edge:?}-export"));
        let export = muscat(&[
            "export",
            s(&path),
            "--out",
            s(&out),
            "--format",
            "svg,html,pdf",
        ]);
        assert_eq!(
            export.status.code(),
            Some(0),
            "{edge:?}: {}",
            text(&export.stderr)
        );
        assert!(out.join("brief.html").is_file());
        assert!(out.join("brief.pdf").is_file() && out.join("deck.pdf").is_file());
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_file(&path);
    }
}

/// Files whose shape multiplies the work (100,000 ranged siblings; 50 views overriding 10,000
/// of them each; a slide naming a view 20,000 times; 20,000 top-level branches × 100 cells over
/// 600 months) go through every command within the memory bound, and their charts fold what a
/// reader cannot see.
#[test]
fn files_of_every_wide_shape_go_through_every_command_in_bounded_memory() {
    use muscat::model::generate::stress::{Wide, wide};
    let dir = TempDir::new("wide");
    for shape in Wide::ALL {
        let path = dir.0.join(format!("{shape:?}.ron"));
        io::save_file(&path, &wide(shape)).expect("write");
        let check = muscat(&["check", s(&path)]);
        assert_eq!(
            check.status.code(),
            Some(0),
            "{shape:?}: {}",
            text(&check.stderr)
        );
        let report = muscat(&["report", s(&path), "--samples", "5000", "--format", "json"]);
        assert_eq!(
            report.status.code(),
            Some(0),
            "{shape:?}: {}",
            text(&report.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&report.stdout).expect("JSON");
        assert_eq!(v["monte_carlo"]["samples"], 5000, "{shape:?}");
        if matches!(shape, Wide::Siblings | Wide::Overrides) {
            // Every set is ranged: the analysis ran, inside its budget.
            let worlds = v["probability_ranges"]["worlds"].as_u64().expect("worlds");
            assert!(worlds >= 50, "{shape:?}: {worlds} worlds");
        }
        let out = dir.0.join(format!("{shape:?}-export"));
        let export = muscat(&["export", s(&path), "--out", s(&out), "--format", "svg"]);
        assert_eq!(
            export.status.code(),
            Some(0),
            "{shape:?}: {}",
            text(&export.stderr)
        );
        // No chart draws thousands of series: each SVG stays the size of a chart.
        for entry in std::fs::read_dir(&out).expect("list").flatten() {
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "svg") {
                let len = std::fs::metadata(&p).expect("svg").len();
                assert!(len < 2_000_000, "{}: {len} bytes", p.display());
            }
        }
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_file(&path);
    }
}

/// The bundled scenario with 50,000 more indicators, each with a baseline in every region.
fn far_past_indicators() -> muscat::model::Scenario {
    let mut s = io::default_scenario();
    let first = s.indicators[0].clone();
    for k in 0..50_000 {
        let mut i = first.clone();
        i.id = format!("x{k}");
        for r in &mut s.regions {
            let mut b = r.baselines[0].clone();
            b.indicator = i.id.clone();
            r.baselines.push(b);
        }
        s.indicators.push(i);
    }
    s
}

#[test]
fn a_file_far_past_a_limit_is_refused_on_the_limit_alone() {
    // Refused on the limit, without the checks by id that would take minutes (a region's
    // baselines against every indicator).
    let s0 = far_past_indicators();
    let diagnostics = muscat::model::validate(&s0);
    assert_eq!(
        diagnostics.len(),
        1,
        "{:?}",
        &diagnostics[..diagnostics.len().min(3)]
    );
    assert!(
        diagnostics[0]
            .message
            .contains("50,005 indicators is more than Muscat can chart (limit 250)"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn long_names_are_kept_in_the_file_and_shortened_in_charts() {
    let dir = TempDir::new("names");
    let path = dir.0.join("texts.ron");
    let scenario = at(Edge::Texts, false);
    io::save_file(&path, &scenario).expect("write");
    let out = dir.0.join("export");
    let o = muscat(&["export", s(&path), "--out", s(&out), "--format", "svg"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for entry in std::fs::read_dir(&out).expect("list").flatten() {
        let svg = std::fs::read_to_string(entry.path()).expect("svg");
        // No line of text in a chart carries a whole 1,000-character name.
        assert!(
            !svg.contains(&"S".repeat(300)),
            "{}",
            entry.path().display()
        );
        assert!(svg.contains("SSSS") || svg.contains("TTTT"));
    }
    assert_eq!(io::load_file(&path).expect("loads").scenario, scenario);
}

#[test]
fn pipes_devices_and_folders_are_refused_at_once() {
    let dir = TempDir::new("pipes");
    let pipe = dir.0.join("pipe.ron");
    let made = Command::new("mkfifo").arg(&pipe).status().expect("mkfifo");
    assert!(made.success());
    for (path, what) in [
        (pipe.as_path(), "a named pipe"),
        (Path::new("/dev/null"), "a device"),
        (dir.0.as_path(), "a folder"),
    ] {
        // Run in the background and wait: a check that blocked would never finish.
        let mut child = Command::new(env!("CARGO_BIN_EXE_muscat"))
            .args(["check", s(path)])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let start = Instant::now();
        while child.try_wait().ok().flatten().is_none() {
            if start.elapsed() > Duration::from_secs(120) {
                let _ = child.kill();
                panic!("`check {}` is still waiting", path.display());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let o = child.wait_with_output().expect("output");
        assert_eq!(o.status.code(), Some(1));
        let err = text(&o.stderr);
        assert!(
            err.contains(&format!("this is {what}, not a scenario file")),
            "{err}"
        );
    }
}

#[test]
fn a_link_planted_at_the_backup_is_replaced_not_followed() {
    let outside = Outside::new("bak");
    let dir = TempDir::new("bak");
    let file = dir.file("s.ron", io::DEFAULT_SCENARIO);
    symlink(outside.victim(), io::backup_path(&file)).expect("plant");
    let o = muscat(&["upgrade", s(&file)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let bak = std::fs::symlink_metadata(io::backup_path(&file)).expect("bak");
    assert!(bak.is_file(), "the backup is a plain file now");
    assert_eq!(
        std::fs::read_to_string(io::backup_path(&file)).expect("read"),
        io::DEFAULT_SCENARIO
    );
    outside.untouched();
}

#[test]
fn links_planted_at_export_names_are_replaced_not_followed() {
    let outside = Outside::new("export");
    let dir = TempDir::new("export-links");
    let out = dir.0.join("deck");
    std::fs::create_dir_all(&out).expect("mkdir");
    // Plant a link at every name the export will write, and at a name like the old probe.
    let scenario = io::default_scenario();
    let mut sims = muscat::export::Simulations::new(&scenario);
    let items = muscat::export::items(&scenario, &mut sims);
    let formats = [
        muscat::export::ExportFormat::Svg,
        muscat::export::ExportFormat::Html,
        muscat::export::ExportFormat::Pdf,
    ];
    for planned in muscat::export::planned_files(&items, &out, &formats) {
        symlink(outside.victim(), &planned).expect("plant");
    }
    symlink(outside.victim(), out.join(".muscat-write-test-1")).expect("plant");
    let file = dir.file("s.ron", io::DEFAULT_SCENARIO);
    // Without --force the links count as files that exist.
    let o = muscat(&[
        "export",
        s(&file),
        "--out",
        s(&out),
        "--format",
        "svg,html,pdf",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--force"), "{}", text(&o.stderr));
    let o = muscat(&[
        "export",
        s(&file),
        "--out",
        s(&out),
        "--format",
        "svg,html,pdf",
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for planned in muscat::export::planned_files(&items, &out, &formats) {
        let meta = std::fs::symlink_metadata(&planned).expect("written");
        assert!(meta.is_file(), "{} is still a link", planned.display());
    }
    outside.untouched();
    // Nothing of the export's own is left in the folder.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".muscat-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn saving_through_a_link_updates_its_target_and_keeps_the_link() {
    let dir = TempDir::new("through");
    let real_dir = dir.0.join("real");
    std::fs::create_dir_all(&real_dir).expect("mkdir");
    let real = real_dir.join("scenario.ron");
    std::fs::write(&real, io::DEFAULT_SCENARIO).expect("write");
    let link = dir.0.join("link.ron");
    symlink(&real, &link).expect("link");
    let mut scenario = io::load_file(&link).expect("loads").scenario;
    scenario.header.title = "Saved through a link".into();
    io::save_file(&link, &scenario).expect("save");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        io::load_file(&real).expect("target").scenario.header.title,
        "Saved through a link"
    );
    // The backup sits beside the file the link points to.
    assert!(io::backup_path(&real).is_file());
}

#[test]
fn an_export_that_fails_part_way_leaves_the_folder_as_it_was() {
    let dir = TempDir::new("full");
    let out = dir.0.join("deck");
    std::fs::create_dir_all(&out).expect("mkdir");
    let keep = out.join("keep.txt");
    std::fs::write(&keep, "mine").expect("write");
    let file = dir.file("s.ron", io::DEFAULT_SCENARIO);
    // A file-size limit plays a full disk: the first large chart cannot be written.
    let o = run(Command::new("sh").arg("-c").arg(format!(
        "trap '' XFSZ; ulimit -f 64; exec '{}' export '{}' --out '{}' --format svg,png,html",
        env!("CARGO_BIN_EXE_muscat"),
        s(&file),
        s(&out)
    )));
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(err.contains("nothing was written"), "{err}");
    let left: Vec<String> = std::fs::read_dir(&out)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["keep.txt".to_owned()]);
}

#[test]
fn duplicate_ids_spelled_as_raw_strings_or_escapes_are_located() {
    let dir = TempDir::new("dups");
    let text_ = io::DEFAULT_SCENARIO
        .replacen("id: \"interim\",", "id: r\"deal\",", 1)
        .replacen("id: \"failure\",", "id: \"d\\u{65}al\",", 1);
    let file = dir.file("dups.ron", text_);
    let o = muscat(&["check", s(&file)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    let dups: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("duplicate branch id \"deal\""))
        .collect();
    assert_eq!(dups.len(), 2, "{err}");
    for l in dups {
        // FILE:LINE:COL: — both located.
        let rest = l.strip_prefix(&format!("{}:", s(&file))).expect("file");
        let mut parts = rest.splitn(3, ':');
        let line: usize = parts.next().and_then(|x| x.parse().ok()).expect("line");
        let col: usize = parts.next().and_then(|x| x.parse().ok()).expect("column");
        assert!(line > 1 && col > 1, "{l}");
    }
}

#[test]
fn thirty_thousand_problems_are_each_located() {
    let dir = TempDir::new("many");
    let mut body = String::from(
        "(format: \"muscat-scenario\", version: 2, title: \"x\",\n indicators: [], regions: [],\n branches: [\n",
    );
    for i in 0..30_000 {
        body.push_str(&format!(
            "  (id: \"b\", name: \"n{i}\", outcome: Success, probability: 0.5),\n"
        ));
    }
    body.push_str(" ],\n)\n");
    let file = dir.file("many.ron", body);
    let o = muscat(&["check", s(&file)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    // Branch i (from 0) is on line 4 + i, its id at column 4; every branch after the first
    // repeats the id, so the errors are at exactly lines 5 to 30,003, each once.
    let prefix = format!("{}:", s(&file));
    let mut located: Vec<(usize, usize)> = err
        .lines()
        .filter(|l| l.ends_with("error: duplicate branch id \"b\""))
        .filter_map(|l| {
            let mut parts = l.strip_prefix(&prefix)?.splitn(3, ':');
            Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
        })
        .collect();
    located.sort_unstable();
    let expected: Vec<(usize, usize)> = (1..30_000).map(|i| (4 + i, 4)).collect();
    assert_eq!(located.len(), expected.len());
    assert!(
        located == expected,
        "the duplicates are not each at their own line"
    );
}

#[test]
fn huge_weights_do_not_zero_the_composite() {
    let dir = TempDir::new("weights");
    let file = dir.file(
        "w.ron",
        io::DEFAULT_SCENARIO
            .replace("weight: 1.0,", "weight: 1e308,")
            .replace("weight: 1.5,", "weight: 1e308,")
            .replace("weight: 0.8,", "weight: 1e308,"),
    );
    let o = muscat(&["report", s(&file), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    // Equal weights: the composite is the mean of the five scores. Iran's baselines are
    // unrest 72 (lower is better: 28), conflict 38 (62), economy 24, governance 40 and proxy
    // activity 20 (lower is better: 80): (28 + 62 + 24 + 40 + 80) / 5 = 46.8.
    let iran = &v["regions"][0];
    let base = iran["composite_baseline"].as_f64().expect("number");
    assert!((base - 46.8).abs() < 1e-9, "{base}");
}

#[test]
fn a_region_without_indicators_has_no_composite_and_says_so() {
    let dir = TempDir::new("noind");
    let file = dir.file(
        "r.ron",
        "(format: \"muscat-scenario\", version: 2, title: \"x\", indicators: [],\n regions: [(id: \"a\", name: \"A\")],\n branches: [(id: \"b\", name: \"B\", outcome: Success, probability: 1.0)],\n)\n",
    );
    let o = muscat(&["report", s(&file)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(!out.contains("NaN"), "{out}");
    assert!(out.contains("A: composite"), "{out}");
    assert!(out.contains('—'), "{out}");
    assert!(
        text(&o.stderr).contains("no region has a composite stability index"),
        "{}",
        text(&o.stderr)
    );
    let csv = text(&muscat(&["report", s(&file), "--format", "csv"]).stdout);
    assert!(!csv.contains("NaN"), "{csv}");
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_escaped() {
    let dir = TempDir::new("csv");
    let file = dir.file(
        "c.ron",
        io::DEFAULT_SCENARIO
            .replace("name: \"Iran\"", "name: \"=HYPERLINK(\\\"http://x\\\")\"")
            .replace("name: \"Israel\"", "name: \"+1\"")
            .replace("name: \"Iraq\"", "name: \"@SUM(A1)\""),
    );
    let o = muscat(&["report", s(&file), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    assert!(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), "{csv}");
    assert!(csv.contains(",'+1,"), "{csv}");
    assert!(csv.contains(",'@SUM(A1),"), "{csv}");
    for line in csv.lines() {
        for cell in line.split(',') {
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "a cell starts a formula: {line}"
            );
        }
    }
}

#[test]
fn a_byte_order_mark_and_old_mac_line_endings_are_read() {
    let dir = TempDir::new("bom");
    let bom = dir.file("bom.ron", format!("\u{feff}{}", io::DEFAULT_SCENARIO));
    let cr = dir.file("cr.ron", io::DEFAULT_SCENARIO.replace('\n', "\r"));
    let crlf = dir.file("crlf.ron", io::DEFAULT_SCENARIO.replace('\n', "\r\n"));
    let o = muscat(&["check", s(&bom), s(&cr), s(&crlf)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // Positions count CR-only lines as lines.
    let bad = dir.file(
        "badcr.ron",
        io::DEFAULT_SCENARIO
            .replace("probability: 0.15,", "probability: 1.5,")
            .replace('\n', "\r"),
    );
    let o = muscat(&["check", s(&bad)]);
    let err = text(&o.stderr);
    let line = io::DEFAULT_SCENARIO
        .lines()
        .position(|l| l.contains("probability: 0.15,"))
        .expect("line")
        + 1;
    assert!(err.contains(&format!("{}:{line}:", s(&bad))), "{err}");
}

#[test]
fn values_that_used_to_be_fixed_silently_are_errors_at_their_place() {
    let dir = TempDir::new("silent");
    let cases = [
        (
            "value: 72.0",
            "value: 110.0",
            "baseline 110 of \"unrest\" is outside its scale 0–100",
        ),
        (
            "alert_threshold: 65.0",
            "alert_threshold: 165.0",
            "alert threshold 165 is outside its scale 0–100",
        ),
        (
            "change: (low: -6.0, likely: -3.0, high: 0.0)",
            "change: (low: 5.0, likely: 1.0, high: 3.0)",
            "needs low ≤ likely ≤ high, has 5 / 1 / 3",
        ),
    ];
    for (from, to, message) in cases {
        assert!(io::DEFAULT_SCENARIO.contains(from), "{from}");
        let file = dir.file("v.ron", io::DEFAULT_SCENARIO.replacen(from, to, 1));
        let o = muscat(&["check", s(&file)]);
        assert_eq!(o.status.code(), Some(1), "{to}");
        let err = text(&o.stderr);
        let line = io::DEFAULT_SCENARIO
            .lines()
            .position(|l| l.contains(from))
            .expect("line")
            + 1;
        let hit = err
            .lines()
            .find(|l| l.contains(message))
            .unwrap_or_else(|| panic!("{message} not in {err}"));
        assert!(
            hit.starts_with(&format!("{}:{line}:", s(&file))),
            "{hit} (line {line})"
        );
        assert!(hit.contains(": error: "), "{hit}");
    }
    // A sibling set that sums to zero.
    let zero = io::BLANK_TEMPLATE
        .replace("probability: 0.3,", "probability: 0.0,")
        .replace("probability: \"remainder\",", "probability: 0.0,");
    let file = dir.file("zero.ron", zero);
    let o = muscat(&["check", s(&file)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("sum to 0;"), "{}", text(&o.stderr));
}

#[test]
fn generate_refuses_sizes_past_the_limits() {
    let dir = TempDir::new("gen-limits");
    let out = dir.0.join("big.ron");
    let o = muscat(&[
        "generate",
        "--leaves",
        "10",
        "--regions",
        "200",
        "--indicators",
        "200",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("40,000 cells, more than Muscat can chart (limit 4,096)"),
        "{}",
        text(&o.stderr)
    );
    assert!(!out.exists());
}

/// Write the stress files into `$MUSCAT_STRESS_DIR`, to time and measure the release build by
/// hand (`cargo test --test hostile write_stress_files -- --ignored`; see the README).
#[test]
#[ignore]
fn write_stress_files() {
    let Some(dir) = std::env::var_os("MUSCAT_STRESS_DIR").map(PathBuf::from) else {
        return;
    };
    std::fs::create_dir_all(&dir).expect("mkdir");
    for edge in Edge::ALL {
        io::save_file(&dir.join(format!("{edge:?}.ron")), &at(edge, false)).expect("write");
        std::fs::write(
            dir.join(format!("{edge:?}-over.ron")),
            io::to_ron_string(&at(edge, true)),
        )
        .expect("write");
    }
    for shape in muscat::model::generate::stress::Wide::ALL {
        let shaped = muscat::model::generate::stress::wide(shape);
        io::save_file(&dir.join(format!("wide-{shape:?}.ron")), &shaped).expect("write");
    }
    std::fs::write(
        dir.join("indicators-far-over.ron"),
        io::to_ron_string(&far_past_indicators()),
    )
    .expect("write");
}

#[test]
fn muscat_never_saves_a_file_past_a_limit() {
    let dir = TempDir::new("save-over");
    for edge in Edge::ALL {
        let path = dir.0.join(format!("{edge:?}.ron"));
        let e = io::save_file(&path, &at(edge, true)).expect_err("refused");
        assert!(e.to_string().contains("limit"), "{edge:?}: {e}");
        assert!(!path.exists(), "{edge:?}: a file was written");
    }
}

/// A scenario of 20 top-level outcomes, outcome i with probability (i + 1) / 210 and a step of
/// i − 10 points on the first region's first indicator from month 0.
fn twenty_outcomes() -> muscat::model::Scenario {
    use muscat::model::{Branch, Change, Effect, Outcome, Prob, Profile};
    let mut s = io::default_scenario();
    s.views.clear();
    s.signposts.clear();
    s.revisions.clear();
    s.slides.clear();
    s.resolution = None;
    let (region, indicator) = (s.regions[0].id.clone(), s.indicators[0].id.clone());
    s.branches = (0..20)
        .map(|i| {
            let mut b = Branch::new(
                format!("o{i}"),
                format!("Outcome {i}"),
                Prob::Value(f64::from(i + 1) / 210.0),
            );
            b.outcome = Some(Outcome::ALL[i as usize % 3]);
            let d = f64::from(i) - 10.0;
            b.effects.push(Effect {
                region: region.clone(),
                indicator: indicator.clone(),
                change: Change {
                    low: d - 1.0,
                    likely: d,
                    high: d + 1.0,
                },
                onset_months: 0,
                profile: Profile::Step,
            });
            b
        })
        .collect();
    s
}

#[test]
fn charts_of_many_outcomes_draw_the_most_telling_and_fold_the_rest_into_one() {
    use muscat::charts::{ChartData, ChartSpec, Sims, build};
    use muscat::engine::Expected;
    use muscat::model::ChartKind;
    let s = twenty_outcomes();
    let e = Expected::compute(&s);
    let sims = Sims {
        mc: None,
        second: None,
    };
    let base = s.regions[0].baselines[0].value;
    let spec = ChartSpec {
        kind: ChartKind::Trajectory,
        region: 0,
        indicator: Some(0),
        ..Default::default()
    };
    let chart = build(&s, &e, sims, &spec);
    let ChartData::Trajectory { outcomes, .. } = &chart.data else {
        panic!("not a trajectory");
    };
    // The 8 most likely (outcomes 12 to 19) one by one, in their order, then one line for the
    // 12 least likely: probability (1 + … + 12) / 210 = 78 / 210, and at every month the mean
    // of their paths weighted by probability, Σ (i + 1)(base + i − 10) / 78 over i = 0..11.
    assert_eq!(outcomes.len(), 9);
    for (j, line) in outcomes[..8].iter().enumerate() {
        assert_eq!(line.name, format!("Outcome {}", j + 12));
    }
    let others = &outcomes[8];
    assert_eq!(others.name, "12 other outcomes");
    assert!((others.probability - 78.0 / 210.0).abs() < 1e-12);
    let mean: f64 = (0..12)
        .map(|i| f64::from(i + 1) * (base + f64::from(i) - 10.0))
        .sum::<f64>()
        / 78.0;
    let last = *others.values.last().expect("months");
    assert!((last - mean).abs() < 1e-9, "{last} vs {mean}");
    assert!(chart.subtitle.contains("the 12 least likely as one line"));

    // Contributions: outcome i contributes p_i × (i − 10) to the first region; the 8 of
    // largest size each a part, the other 12 summed.
    let spec = ChartSpec {
        kind: ChartKind::Contributions,
        indicator: Some(0),
        ..Default::default()
    };
    let chart = build(&s, &e, sims, &spec);
    let ChartData::Contributions { regions, .. } = &chart.data else {
        panic!("not contributions");
    };
    let (_, parts, net) = &regions[0];
    let value = |i: i32| f64::from(i + 1) / 210.0 * (f64::from(i) - 10.0);
    let mut by_size: Vec<i32> = (0..20).collect();
    by_size.sort_by(|&a, &b| value(b).abs().total_cmp(&value(a).abs()).then(a.cmp(&b)));
    let mut shown: Vec<i32> = by_size[..8].to_vec();
    shown.sort_unstable();
    assert_eq!(parts.len(), 9);
    for (part, &i) in parts.iter().zip(&shown) {
        assert_eq!(part.name, format!("Outcome {i}"));
        assert!((part.value - value(i)).abs() < 1e-9);
    }
    let rest: f64 = by_size[8..].iter().map(|&i| value(i)).sum();
    assert_eq!(parts[8].name, "12 other outcomes");
    assert!((parts[8].value - rest).abs() < 1e-9);
    let total: f64 = (0..20).map(value).sum();
    assert!((net - total).abs() < 1e-9);
}

#[test]
fn the_tree_of_many_outcomes_names_a_real_outcome_as_the_most_likely() {
    use muscat::charts::{ChartSpec, Sims, build};
    use muscat::model::ChartKind;
    // Outcome 19 is the most likely, at 20 / 210 = 9.5%; the 9 least likely drawn as one
    // ("9 more branches") hold (1 + … + 9) / 210 = 21.4% together, and are not an outcome.
    let s = twenty_outcomes();
    let e = muscat::engine::Expected::compute(&s);
    let spec = ChartSpec {
        kind: ChartKind::ProbabilityTree,
        ..Default::default()
    };
    let chart = build(
        &s,
        &e,
        Sims {
            mc: None,
            second: None,
        },
        &spec,
    );
    assert_eq!(chart.summary(), "Most likely outcome: Outcome 19 (9.5%)");
}
