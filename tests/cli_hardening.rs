//! The command line on the inputs that broke it: a reader that goes away, CSV read back by a
//! real CSV reader, the report's date, evidence recorded twice, writes that would not load,
//! dates with signs, two writers at once and killed exports.

mod common;

use common::TempDir;
use common::cli::{muscat, s, text};

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BUNDLED: &str = "scenarios/us-iran-muscat-2026.ron";

/// Run with standard output closed before the command writes anything: its first write meets a
/// reader that has gone away, on any machine, however fast.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_muscat"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    (out.status.code(), text(&out.stderr))
}

#[test]
fn a_reader_that_goes_away_ends_every_command_quietly() {
    let dir = TempDir::new("pipe");
    let file = dir.file("s.ron", muscat::io::DEFAULT_SCENARIO);
    let copy = dir.file(
        "t.ron",
        muscat::io::DEFAULT_SCENARIO.replace("2026-11-20", "2026-11-21"),
    );
    let out_dir = dir.0.join("out");
    let generated = dir.0.join("gen.ron");
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["check", s(&file)], 0),
        (
            vec!["report", s(&file), "--view", "all", "--format", "csv"],
            0,
        ),
        (vec!["report", s(&file), "--view", "all"], 0),
        (
            vec!["report", s(&file), "--format", "json", "--samples", "2000"],
            0,
        ),
        (vec!["diff", s(&file), s(&copy)], 3),
        (
            vec![
                "observe",
                s(&file),
                "--signpost",
                "iaea-access",
                "--seen",
                "yes",
                "--date",
                "2026-12-01",
                "--dry-run",
            ],
            0,
        ),
        (
            vec!["generate", "--leaves", "20", "--out", s(&generated)],
            0,
        ),
        (vec!["upgrade", s(&copy)], 0),
        (
            vec!["export", s(&file), "--out", s(&out_dir), "--format", "svg"],
            0,
        ),
        (vec!["--help"], 0),
    ];
    for (args, code) in cases {
        let (got, err) = with_closed_stdout(&args);
        assert_eq!(got, Some(code), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // The work is still done: the export and the generated file are there.
    assert!(generated.exists());
    let svgs = std::fs::read_dir(&out_dir)
        .expect("the export folder")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".svg"))
        .count();
    assert!(svgs > 0);
}

/// Parse CSV text with a real CSV reader into tables: each table starts at a header row that
/// follows a blank line (the first at the top). Returns (header, rows) per table.
fn csv_tables(text: &str) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut tables: Vec<(Vec<String>, Vec<Vec<String>>)> = Vec::new();
    for record in reader.records() {
        let record = record.expect("valid CSV");
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        let at = record.position().expect("position").byte() as usize;
        // The reader skips blank lines, and a record that follows one starts at it.
        let after_blank = text.as_bytes().get(at) == Some(&b'\n');
        if tables.is_empty() || after_blank {
            tables.push((cells, Vec::new()));
        } else if let Some(t) = tables.last_mut() {
            t.1.push(cells);
        }
    }
    tables
}

#[test]
fn csv_reads_back_as_the_readme_describes() {
    // The base: the regions table, then the signposts and revisions, each with its header.
    let o = muscat(&["report", BUNDLED, "--format", "csv"]);
    let tables = csv_tables(&text(&o.stdout));
    let heads: Vec<&str> = tables.iter().map(|t| t.0[0].as_str()).collect();
    assert_eq!(heads, ["region_id", "signpost", "revision"]);
    let s = muscat::io::load_str(muscat::io::DEFAULT_SCENARIO, "b")
        .expect("bundled")
        .scenario;
    let tops = s.branches.iter().filter(|b| b.parent.is_none()).count();
    let series = s.regions.len() * (s.indicators.len() + 1);
    assert_eq!(tables[0].1.len(), series);
    assert_eq!(tables[1].1.len(), s.signposts.len() * tops);
    assert_eq!(tables[2].1.len(), s.revisions.len() * tops);
    for (head, rows) in &tables {
        assert!(rows.iter().all(|r| r.len() == head.len()), "{head:?}");
    }
    // One view: every table has a leading view column, with the view's id on every row.
    let o = muscat(&["report", BUNDLED, "--format", "csv", "--view", "pooled"]);
    let tables = csv_tables(&text(&o.stdout));
    assert_eq!(tables.len(), 3);
    for (head, rows) in &tables {
        assert_eq!(head[0], "view");
        assert!(
            rows.iter()
                .all(|r| r[0] == "pooled" && r.len() == head.len())
        );
    }
    // Every view: still three tables, each holding every view's rows, one header each.
    let o = muscat(&["report", BUNDLED, "--format", "csv", "--view", "all"]);
    let tables = csv_tables(&text(&o.stdout));
    let heads: Vec<&str> = tables.iter().map(|t| t.0[1].as_str()).collect();
    assert_eq!(heads, ["region_id", "signpost", "revision"]);
    let views = s.views.len() + 1;
    assert_eq!(tables[0].1.len(), series * views);
    assert_eq!(tables[1].1.len(), s.signposts.len() * tops * views);
    assert_eq!(tables[2].1.len(), s.revisions.len() * tops * views);
    for (head, rows) in &tables {
        assert!(rows.iter().all(|r| r.len() == head.len()), "{head:?}");
        // No header row repeated inside a table.
        assert!(rows.iter().all(|r| r[0] != "view"));
    }
}

#[test]
fn a_note_with_a_line_break_stays_one_csv_cell() {
    let dir = TempDir::new("csv-note");
    let file = dir.file(
        "s.ron",
        muscat::io::DEFAULT_SCENARIO.replacen(
            "note: \"NetBlocks",
            "note: \"First line,\\nsecond \\\"quoted\\\" line. NetBlocks",
            1,
        ),
    );
    let o = muscat(&[
        "report",
        s(&file),
        "--format",
        "csv",
        "--view",
        "zero-enrichment",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let tables = csv_tables(&text(&o.stdout));
    let revisions = tables
        .iter()
        .find(|t| t.0[1] == "revision")
        .expect("revisions");
    let note_at = revisions
        .0
        .iter()
        .position(|h| h == "note")
        .expect("note column");
    assert!(
        revisions.1[0][note_at].starts_with("First line,\nsecond \"quoted\" line."),
        "{:?}",
        revisions.1[0]
    );
}

#[test]
fn the_report_reads_statuses_on_the_scenarios_date_or_the_one_asked() {
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["report", BUNDLED, "--format", "json"];
        args.extend(extra);
        let o = muscat(&args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        serde_json::from_slice(&o.stdout).expect("json")
    };
    // The newest revision and the scenario's as_of are both 2026-11-20.
    let v = json(&[]);
    assert_eq!(v["status_date"], "2026-11-20");
    let status = |v: &serde_json::Value, id: &str| {
        v["signposts"]
            .as_array()
            .expect("signposts")
            .iter()
            .find(|x| x["id"] == id)
            .expect("signpost")["status"]
            .clone()
    };
    // Due 2026-12-15.
    assert_eq!(status(&v, "next-round"), "waiting");
    let later = json(&["--as-of", "2026-12-16"]);
    assert_eq!(later["status_date"], "2026-12-16");
    assert_eq!(status(&later, "next-round"), "overdue");
    let o = muscat(&["report", BUNDLED, "--as-of", "2026-+1-01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("is not a date"));
    // The base's JSON names its view, as every view's does.
    assert_eq!(v["view"]["id"], "base");
    assert_eq!(v["view"]["name"], "Base");
    // Without ranges no worlds are drawn; the README says so.
    let dir = TempDir::new("worlds");
    let f = dir.file("t.ron", muscat::io::BLANK_TEMPLATE);
    let o = muscat(&["report", s(&f), "--format", "json"]);
    let w: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(w["probability_ranges"]["worlds"], 0);
}

fn observe(file: &Path, signpost: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "observe",
        s(file),
        "--signpost",
        signpost,
        "--seen",
        "yes",
        "--date",
        "2026-12-01",
    ];
    args.extend(extra);
    muscat(&args)
}

#[test]
fn evidence_already_recorded_is_refused_naming_its_revision() {
    let dir = TempDir::new("twice");
    let file = dir.file("s.ron", muscat::io::DEFAULT_SCENARIO);
    // Revision 1 recorded the nationwide internet shutdown as seen on 2026-10-08.
    for extra in [&[][..], &["--dry-run"][..]] {
        let o = observe(&file, "internet-shutdown", extra);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
        let err = text(&o.stderr);
        assert!(
            err.contains("already recorded as seen in revision 1 (2026-10-08)"),
            "{err}"
        );
        assert!(err.contains("new signpost"), "{err}");
    }
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        muscat::io::DEFAULT_SCENARIO
    );
    // A first observation goes through; a second of the same signpost does not.
    assert_eq!(observe(&file, "iaea-access", &[]).status.code(), Some(0));
    let o = observe(&file, "iaea-access", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("revision 4 (2026-12-01)"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn an_observation_that_would_not_load_is_refused_and_nothing_is_written() {
    let dir = TempDir::new("limits");
    // A note past the 50,000-character limit.
    let file = dir.file("s.ron", muscat::io::DEFAULT_SCENARIO);
    let note = "n".repeat(60_000);
    let o = observe(&file, "iaea-access", &["--note", &note]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("50,000"), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        muscat::io::DEFAULT_SCENARIO
    );
    assert!(!muscat::io::backup_path(&file).exists());
    // A file at the 10,000-revision limit: one more is refused, naming the limit.
    let mut sc = muscat::io::default_scenario();
    let rev = sc.revisions[2].clone();
    while sc.revisions.len() < muscat::model::limits::MAX_REVISIONS {
        sc.revisions.push(rev.clone());
    }
    let full = dir.0.join("full.ron");
    muscat::io::save_file(&full, &sc).expect("a file at the limit saves");
    let before = std::fs::read(&full).expect("read");
    for extra in [&[][..], &["--dry-run"][..]] {
        let o = observe(&full, "iaea-access", extra);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
        let err = text(&o.stderr);
        assert!(err.contains("10,001") && err.contains("10,000"), "{err}");
    }
    assert_eq!(std::fs::read(&full).expect("read"), before);
    assert_eq!(muscat(&["check", s(&full)]).status.code(), Some(0));
}

#[test]
fn dates_are_digits_only() {
    let dir = TempDir::new("dates");
    let file = dir.file("s.ron", muscat::io::DEFAULT_SCENARIO);
    for bad in ["2026-+1-+1", "+999-01-01", "2026-1-01"] {
        let o = muscat(&[
            "observe",
            s(&file),
            "--signpost",
            "iaea-access",
            "--seen",
            "no",
            "--date",
            bad,
        ]);
        assert_eq!(o.status.code(), Some(1), "{bad}");
        assert!(text(&o.stderr).contains("is not a date"), "{bad}");
        let f = dir.file(
            "d.ron",
            muscat::io::DEFAULT_SCENARIO.replacen(
                "expected_by: \"2027-03-01\"",
                &format!("expected_by: \"{bad}\""),
                1,
            ),
        );
        let o = muscat(&["check", s(&f)]);
        assert_eq!(o.status.code(), Some(1), "{bad}: {}", text(&o.stdout));
    }
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        muscat::io::DEFAULT_SCENARIO
    );
}

#[test]
fn an_observation_on_a_set_that_does_not_sum_to_one_is_refused() {
    let dir = TempDir::new("sum");
    // The top level: deal 0.15, interim 0.35, failure the remainder. With interim at 0.95 the
    // explicit values sum to 1.1, past what a remainder can make up.
    let text_in =
        muscat::io::DEFAULT_SCENARIO.replacen("probability: 0.35", "probability: 0.95", 1);
    let scenario = muscat::io::load_str(&text_in, "x").expect("loads with a warning");
    let file = dir.file("s.ron", &text_in);
    let warning = scenario
        .warnings
        .iter()
        .find(|w| w.message.contains("not 1"));
    let o = observe(&file, "iaea-access", &[]);
    match warning {
        Some(w) => {
            assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
            assert!(text(&o.stderr).contains(&w.message), "{}", text(&o.stderr));
            assert_eq!(std::fs::read_to_string(&file).expect("read"), text_in);
        }
        None => panic!("the edited file should warn that a set does not sum to 1"),
    }
}

#[test]
fn two_observations_at_once_both_land() {
    let dir = TempDir::new("concurrent");
    for round in 0..5 {
        let file = dir.file(&format!("s{round}.ron"), muscat::io::DEFAULT_SCENARIO);
        let spawn = |signpost: &str| {
            Command::new(env!("CARGO_BIN_EXE_muscat"))
                .args([
                    "observe",
                    s(&file),
                    "--signpost",
                    signpost,
                    "--seen",
                    "yes",
                    "--date",
                    "2026-12-01",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let (a, b) = (spawn("iaea-access"), spawn("next-round"));
        for child in [a, b] {
            let out = child.wait_with_output().expect("wait");
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        }
        let after = muscat::io::load_file(&file).expect("loads").scenario;
        let recorded: Vec<&str> = after
            .revisions
            .iter()
            .filter_map(|r| r.evidence.as_ref().map(|e| e.signpost.as_str()))
            .collect();
        assert!(
            recorded.contains(&"iaea-access") && recorded.contains(&"next-round"),
            "round {round}: {recorded:?}"
        );
        assert_eq!(after.revisions.len(), 5, "round {round}");
    }
}

#[test]
fn diff_of_a_large_file_and_its_copy_finds_nothing_and_one_insertion_is_one_change() {
    let dir = TempDir::new("diff-large");
    let a = dir.0.join("a.ron");
    let o = muscat(&[
        "generate",
        "--leaves",
        "15200",
        "--seed",
        "3",
        "--out",
        s(&a),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        std::fs::metadata(&a).expect("a").len() > 9_000_000,
        "a 10 MB file"
    );
    let copy = dir.0.join("copy.ron");
    std::fs::copy(&a, &copy).expect("copy");
    let o = muscat(&["diff", s(&a), s(&copy), "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        text(&o.stdout).chars().take(2000).collect::<String>()
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["equal"], true);
    // A new first sibling under the first top-level branch: one added branch, nothing moved.
    let mut sc = muscat::io::load_file(&a).expect("loads").scenario;
    let first = sc.branches[0].id.clone();
    let at = sc
        .branches
        .iter()
        .position(|b| b.parent.as_deref() == Some(first.as_str()))
        .expect("a child");
    let mut new = sc.branches[at].clone();
    new.id = "inserted".into();
    new.probability = muscat::model::Prob::Value(0.0);
    new.effects.clear();
    // Its own children would need a new subtree; a leaf it is, if it has none.
    sc.branches.insert(at, new);
    let b = dir.0.join("b.ron");
    std::fs::write(&b, muscat::io::to_ron_string(&sc)).expect("write");
    let o = muscat(&["diff", s(&a), s(&b), "--format", "json"]);
    assert_eq!(o.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let d = v["differences"].as_array().expect("differences");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["kind"], "added");
    assert_eq!(d[0]["id"], "inserted");
    assert_eq!(d[0]["before"], serde_json::Value::Null);
}
