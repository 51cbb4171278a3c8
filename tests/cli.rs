//! The command line: exit codes, messages and report formats.

mod common;

use common::TempDir;
use common::cli::{muscat, s, text};

use std::process::Output;

#[test]
fn check_exits_zero_for_valid_files() {
    let o = muscat(&[
        "check",
        "scenarios/us-iran-muscat-2026.ron",
        "scenarios/blank-template.ron",
        "scenarios/hormuz-shipping-incident.ron",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("us-iran-muscat-2026.ron: ok (0 warnings)"));
}

#[test]
fn check_exits_one_with_file_line_col_messages() {
    let dir = TempDir::new("check");
    let bad = dir.file(
        "bad.ron",
        muscat::io::BLANK_TEMPLATE.replace("probability: 0.3,", "probability: 1.7,"),
    );
    let good = dir.file("good.ron", muscat::io::BLANK_TEMPLATE);
    let o = muscat(&["check", s(&good), s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!(
            "{}:41:13: error: branch \"success\" has probability 1.7",
            s(&bad)
        )),
        "{err}"
    );
    assert!(text(&o.stdout).contains("good.ron: ok"));
}

#[test]
fn check_reports_missing_files_and_warnings() {
    let o = muscat(&["check", "/no/such/file.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("/no/such/file.ron: error: cannot read the file"));
    let dir = TempDir::new("warn");
    let warn = dir.file(
        "warn.ron",
        muscat::io::BLANK_TEMPLATE.replace("probability: \"remainder\"", "probability: 0.5"),
    );
    let o = muscat(&["check", s(&warn)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("warning: children of the root sum to 1.1"));
}

#[test]
fn bad_usage_exits_two() {
    assert_eq!(muscat(&["check"]).status.code(), Some(2));
    assert_eq!(muscat(&["report"]).status.code(), Some(2));
    assert_eq!(
        muscat(&["report", "x.ron", "--format", "xml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(muscat(&["frobnicate", "--now"]).status.code(), Some(2));
    assert_eq!(
        muscat(&["generate", "--leaves", "0", "--out", "/tmp/x.ron"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        muscat(&["report", "x.ron", "--samples", "-5"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(muscat(&["--help"]).status.code(), Some(0));
}

#[test]
fn report_json_has_regions_and_leaves() {
    let o = muscat(&[
        "report",
        "scenarios/us-iran-muscat-2026.ron",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let regions = v["regions"].as_array().expect("regions");
    assert_eq!(regions.len(), 7);
    let iran = &regions[0];
    assert_eq!(iran["id"], "iran");
    assert_eq!(iran["name"], "Iran");
    assert!(iran["composite"].as_f64().is_some());
    let ind = &iran["indicators"][0];
    assert_eq!(ind["id"], "unrest");
    assert_eq!(ind["baseline"], 72.0);
    assert!(ind["expected"].as_f64().is_some());
    let leaves = v["leaves"].as_array().expect("leaves");
    let total: f64 = leaves
        .iter()
        .map(|l| l["probability"].as_f64().expect("p"))
        .sum();
    assert!((total - 1.0).abs() < 1e-12);
    assert_eq!(leaves[0]["id"], "deal-enrichment-cap");
    assert_eq!(leaves[0]["outcome"], "success");
    assert!(ind.get("mc_mean").is_none());
}

#[test]
fn report_with_samples_adds_monte_carlo_statistics_in_every_format() {
    let file = "scenarios/us-iran-muscat-2026.ron";
    let o = muscat(&[
        "report",
        file,
        "--format",
        "json",
        "--samples",
        "200000",
        "--seed",
        "5",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["monte_carlo"]["samples"], 200000);
    // Cells where an outcome can reach the end of the scale: there the simulation clamps every
    // draw and the expected value each leaf's mean, so the two may differ (the note says so).
    let clamped: Vec<String> = v["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|n| n.as_str())
        .filter_map(|n| n.split("reach the end of the scale in ").nth(1))
        .flat_map(|cells| {
            cells
                .split(';')
                .next()
                .unwrap_or_default()
                .split(", ")
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        !clamped.is_empty(),
        "the bundled scenario has a clamped cell"
    );
    let bundled = common::bundled();
    let horizon = bundled.header.horizon_months;
    for region in v["regions"].as_array().expect("regions") {
        let rid = region["id"].as_str().expect("region id");
        for ind in region["indicators"].as_array().expect("indicators") {
            for key in [
                "expected_p05",
                "expected_p95",
                "most_likely",
                "mc_mean",
                "p05",
                "p50",
                "p95",
                "prob_below",
                "prob_alert",
            ] {
                assert!(ind[key].as_f64().is_some(), "{key} missing");
            }
            let (lo, hi) = (
                ind["expected_p05"].as_f64().expect("lo"),
                ind["expected_p95"].as_f64().expect("hi"),
            );
            let e = ind["expected"].as_f64().expect("e");
            assert!(lo <= e + 1e-9 && e <= hi + 1e-9, "{lo} {e} {hi}");
            let (e, m) = (
                ind["expected"].as_f64().expect("e"),
                ind["mc_mean"].as_f64().expect("m"),
            );
            // Elsewhere the simulation's mean is the expected value within sampling error: four
            // standard errors of the mean of 200,000 draws, the standard deviation worked out
            // exactly by the independent evaluator.
            let iid = ind["id"].as_str().expect("indicator id");
            let cell = format!("{rid}/{iid}");
            if !clamped.contains(&cell) {
                let sd = common::independent::indicator_sd(&bundled, rid, iid, horizon);
                let tol = 4.0 * sd / 200_000f64.sqrt() + 1e-9;
                assert!((e - m).abs() <= tol, "{cell}: {e} vs {m} (tolerance {tol})");
            }
            assert!(ind["p05"].as_f64() <= ind["p95"].as_f64());
        }
    }
    let csv = text(&muscat(&["report", file, "--format", "csv", "--samples", "5000"]).stdout);
    assert!(csv.starts_with(
        "region_id,region_name,indicator_id,indicator_name,unit,baseline,expected,change,expected_p05,expected_p95,most_likely,mc_mean,p05,p50,p95,prob_below,prob_alert\n"
    ));
    // The first table: a header and a row per region and series; the signposts and revisions
    // follow, each after a blank line.
    assert_eq!(csv.lines().take_while(|l| !l.is_empty()).count(), 1 + 7 * 6);
    let table = text(&muscat(&["report", file, "--samples", "5000"]).stdout);
    assert!(table.contains("prob_below") && table.contains("Iran: composite"));
    // The same seed gives the same numbers.
    let again = muscat(&[
        "report",
        file,
        "--format",
        "json",
        "--samples",
        "200000",
        "--seed",
        "5",
    ]);
    assert!(again.stdout == o.stdout, "the same seed gave other numbers");
}

#[test]
fn report_on_a_bad_file_exits_one() {
    let dir = TempDir::new("report");
    let bad = dir.file(
        "bad.ron",
        "(format: \"muscat-scenario\", version: 2, title: ",
    );
    let o = muscat(&["report", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("bad.ron:1:"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn generate_writes_a_valid_scenario_of_the_given_size() {
    let dir = TempDir::new("gen");
    let out = dir.0.join("gen.ron");
    let o = muscat(&[
        "generate",
        "--leaves",
        "250",
        "--regions",
        "5",
        "--indicators",
        "3",
        "--months",
        "18",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(muscat(&["check", s(&out)]).status.code(), Some(0));
    let v: serde_json::Value =
        serde_json::from_slice(&muscat(&["report", s(&out), "--format", "json"]).stdout)
            .expect("json");
    assert_eq!(v["leaves"].as_array().map(Vec::len), Some(250));
    assert_eq!(v["regions"].as_array().map(Vec::len), Some(5));
    assert_eq!(v["horizon_months"], 18);
    // Writing into a folder that does not exist is bad input, not a panic.
    let o = muscat(&["generate", "--leaves", "3", "--out", "/no/such/dir/x.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("does not exist"));
}

#[test]
fn upgrade_rewrites_old_files_and_leaves_bad_ones_alone() {
    let dir = TempDir::new("upgrade");
    let v1 = std::fs::read_to_string("tests/data/v1-example.ron").expect("fixture");
    let old = dir.file("old.ron", &v1);
    let o = muscat(&["upgrade", s(&old)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("upgraded from format version 1 to 5"));
    let now = std::fs::read_to_string(&old).expect("read");
    assert!(now.contains("version: 5"));
    assert_eq!(
        std::fs::read_to_string(muscat::io::backup_path(&old)).expect("bak"),
        v1
    );
    let broken = "(format: \"muscat-scenario\", version: 2, title: \"x\", oops";
    let bad = dir.file("bad.ron", broken);
    let o = muscat(&["upgrade", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&bad).expect("read"), broken);
    assert!(!muscat::io::backup_path(&bad).exists());
}

#[test]
fn diff_lists_exactly_the_known_changes_and_exits_by_them() {
    let dir = TempDir::new("diff");
    let original = muscat::io::DEFAULT_SCENARIO;
    let a = dir.file("a.ron", original);
    // Four known changes: the horizon, one probability, one effect's likely value, a branch
    // renamed by id (removed and added), and a region's baseline.
    let changed = original
        .replacen("horizon_months: 24", "horizon_months: 30", 1)
        .replacen(
            "probability: 0.35,\n            range: (0.25, 0.45),",
            "probability: 0.4,\n            range: (0.25, 0.45),",
            1,
        )
        .replacen(
            "(region: \"yemen\", indicator: \"conflict\", change: (low: -16.0, likely: -10.0, high: -4.0)",
            "(region: \"yemen\", indicator: \"conflict\", change: (low: -16.0, likely: -12.0, high: -4.0)",
            1,
        )
        .replacen("id: \"interim-erodes\"", "id: \"interim-breaks\"", 1)
        .replacen("(indicator: \"unrest\", value: 72.0)", "(indicator: \"unrest\", value: 75.0)", 1);
    let b = dir.file("b.ron", &changed);
    let o = muscat(&["diff", s(&a), s(&b), "--format", "json"]);
    assert_eq!(o.status.code(), Some(3), "{}", text_of(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["equal"], false);
    let mut got: Vec<String> = v["differences"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["kind"].as_str().unwrap_or(""),
                d["what"].as_str().unwrap_or(""),
                d["id"].as_str().unwrap_or("")
            )
        })
        .collect();
    got.sort();
    let mut want = vec![
        "changed header horizon_months",
        "changed probability interim",
        "changed effect deal/yemen/conflict",
        "removed branch interim-erodes",
        "added branch interim-breaks",
        "changed region iran",
    ];
    want.sort();
    assert_eq!(got, want);
    // Iran's unrest baseline rose by 3 and nothing else touches it at the horizon but the
    // probability of the interim freeze, so its expected unrest is higher after.
    let unrest = v["expected"]
        .as_array()
        .expect("list")
        .iter()
        .find(|m| m["region"] == "iran" && m["indicator"] == "unrest")
        .expect("iran unrest");
    assert!(
        unrest["difference"].as_f64().expect("number") > 2.0,
        "{unrest}"
    );
    // The same file twice: equal, exit 0; an unreadable file: exit 1.
    let o = muscat(&["diff", s(&a), s(&a)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("hold the same scenario"));
    let bad = dir.file("bad.ron", "(oops");
    assert_eq!(muscat(&["diff", s(&a), s(&bad)]).status.code(), Some(1));
}

#[test]
fn report_shows_one_view_or_all_side_by_side() {
    let dir = TempDir::new("report-views");
    let f = dir.file("s.ron", muscat::io::DEFAULT_SCENARIO);
    let o = muscat(&["report", s(&f), "--view", "pooled", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["view"]["id"], "pooled");
    let o = muscat(&["report", s(&f), "--view", "all"]);
    let out = text(&o.stdout);
    assert!(out.contains("view 7: Pooled analysts (pooled)"), "{out}");
    let o = muscat(&["report", s(&f), "--view", "all", "--format", "csv"]);
    let out = text(&o.stdout);
    assert!(out.starts_with("view,region_id"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("capped-enrichment,iran,"))
    );
    let o = muscat(&["report", s(&f), "--view", "nobody"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("there is no view \"nobody\""));
}

fn text_of(o: &Output) -> String {
    format!("{}{}", text(&o.stdout), text(&o.stderr))
}

#[test]
fn observe_updates_by_bayes_rule_writes_atomically_and_keeps_a_backup() {
    let dir = TempDir::new("observe");
    let original = muscat::io::DEFAULT_SCENARIO;
    let file = dir.file("talks.ron", original);
    // A dry run prints the table and writes nothing.
    let o = muscat(&[
        "observe",
        s(&file),
        "--signpost",
        "iaea-access",
        "--seen",
        "yes",
        "--date",
        "2026-12-01",
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    // P(seen) = 0.15·0.85 + 0.35·0.75 + 0.275·0.2 + 0.225·0.05 = 0.45625;
    // deal: 0.1275 / 0.45625 = 27.9%; interim: 0.2625 / 0.45625 = 57.5%.
    assert!(out.contains("45.6% chance"), "{out}");
    assert!(out.contains("Comprehensive deal"), "{out}");
    assert!(out.contains("15% →     27.9%"), "{out}");
    assert!(out.contains("35% →     57.5%"), "{out}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), original);
    assert!(!muscat::io::backup_path(&file).exists());
    // For real: the file gains a revision and keeps FILE.bak.
    let o = muscat(&[
        "observe",
        s(&file),
        "--signpost",
        "iaea-access",
        "--seen",
        "yes",
        "--date",
        "2026-12-01",
        "--note",
        "IAEA statement",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(muscat::io::backup_path(&file)).expect("bak"),
        original
    );
    let after = muscat::io::load_file(&file).expect("reads").scenario;
    let before = muscat::io::load_str(original, "x")
        .expect("bundled")
        .scenario;
    assert_eq!(after.revisions.len(), before.revisions.len() + 1);
    let rev = after.revisions.last().expect("new revision");
    assert_eq!(rev.date, "2026-12-01");
    assert_eq!(rev.note, "IAEA statement");
    assert_eq!(
        rev.evidence.as_ref().expect("evidence").signpost,
        "iaea-access"
    );
    let deal = after
        .branch("deal")
        .expect("deal")
        .probability
        .value()
        .expect("value");
    assert!((deal - 0.1275 / 0.45625).abs() < 1e-12, "{deal}");
    // The revision keeps what it changed; the record before it held deal at 15%.
    assert!((rev.after["deal"] - deal).abs() < 1e-12);
    let held = muscat::model::record_of(&after.revisions, &["deal"]);
    let (before_held, after_held) = held.last().expect("the new revision");
    assert!((before_held["deal"] - 0.15).abs() < 1e-12);
    assert!((after_held["deal"] - deal).abs() < 1e-12);
    // It holds only the branches whose probability moved.
    assert!(rev.before.is_empty(), "{:?}", rev.before);
    assert!(rev.after.len() < after.branches.len());
}

#[test]
fn observe_refuses_unknown_signposts_and_bad_dates_without_writing() {
    let dir = TempDir::new("observe-bad");
    let file = dir.file("talks.ron", muscat::io::DEFAULT_SCENARIO);
    for (args, needle) in [
        (
            ["--signpost", "nope", "--seen", "no", "--date", "2026-12-01"],
            "no signpost \"nope\"",
        ),
        (
            [
                "--signpost",
                "red-sea",
                "--seen",
                "no",
                "--date",
                "2026-02-30",
            ],
            "\"2026-02-30\" is not a date",
        ),
    ] {
        let mut all = vec!["observe", s(&file)];
        all.extend(args);
        let o = muscat(&all);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
        assert!(text(&o.stderr).contains(needle), "{}", text(&o.stderr));
        assert!(text(&o.stderr).contains("nothing was written"));
    }
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        muscat::io::DEFAULT_SCENARIO
    );
}

#[test]
fn report_lists_signposts_and_revisions_in_every_format() {
    let path = "scenarios/us-iran-muscat-2026.ron";
    let table = text(&muscat(&["report", path]).stdout);
    assert!(table.contains("Signposts (most telling first"), "{table}");
    assert!(table.contains("iaea-access"));
    assert!(table.contains("Revisions (oldest first)"));
    assert!(table.contains("2026-10-08  internet-shutdown seen"));
    let csv = text(&muscat(&["report", path, "--format", "csv"]).stdout);
    assert!(csv.contains("\nsignpost,name,status,expected_by,chance_seen"));
    assert!(csv.contains("\nrevision,date,signpost,seen,note,branch,before,after"));
    let json: serde_json::Value =
        serde_json::from_slice(&muscat(&["report", path, "--format", "json"]).stdout)
            .expect("json");
    let sps = json["signposts"].as_array().expect("signposts");
    assert_eq!(sps.len(), 11);
    // The most telling comes first, and each lists both sides.
    let moves: Vec<f64> = sps
        .iter()
        .map(|x| x["movement"].as_f64().expect("moves"))
        .collect();
    assert!(moves.windows(2).all(|w| w[0] >= w[1]), "{moves:?}");
    let iaea = sps.iter().find(|x| x["id"] == "iaea-access").expect("iaea");
    assert!((iaea["chance_seen"].as_f64().expect("p") - 0.45625).abs() < 1e-9);
    assert!((iaea["if_seen"]["deal"].as_f64().expect("p") - 0.1275 / 0.45625).abs() < 1e-9);
    assert_eq!(json["revisions"].as_array().expect("revisions").len(), 3);
}
