//! Scenario files: the round trip, migration, and every malformed input the loader must reject
//! with the file, line, column and offending id.

mod common;

use common::*;
use muscat::io::{self, LoadErrorKind, load_bytes, load_file, load_str, to_ron_string};
use muscat::model::{
    Branch, Change, ChartKind, Effect, EffectOverride, Evidence, Header, Likelihood, Outcome, Pool,
    Prob, ProbOverride, ProbRange, Profile, Resolution, Revision, Scenario, Severity, Signpost,
    Slide, Source, View, ViewKind,
};
use proptest::prelude::*;

fn err(text: &str) -> io::LoadError {
    match load_str(text, "bad.ron") {
        Ok(_) => panic!("expected a load failure for:\n{text}"),
        Err(e) => e,
    }
}

/// The blank template with `from` replaced by `to`, once.
fn template_with(from: &str, to: &str) -> String {
    let t = io::BLANK_TEMPLATE;
    assert!(t.contains(from), "template lacks {from}");
    t.replacen(from, to, 1)
}

#[test]
fn bundled_scenarios_load_cleanly_and_round_trip() {
    for (name, file, text) in io::BUNDLED {
        let loaded = load_str(text, file).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
        let again = to_ron_string(&loaded.scenario);
        assert_eq!(
            load_str(&again, file).expect("re-read").scenario,
            loaded.scenario
        );
        // The bundled files are kept in the format Muscat writes, so they diff cleanly.
        assert_eq!(
            &again, text,
            "{file} is not in canonical form; run `muscat upgrade`"
        );
    }
}

#[test]
fn the_default_scenario_covers_the_talks() {
    let s = bundled();
    for id in [
        "iran", "israel", "gulf", "iraq", "lebanon", "syria", "yemen",
    ] {
        assert!(s.region(id).is_some(), "missing region {id}");
    }
    let classes: Vec<Outcome> = s.branches.iter().filter_map(|b| b.outcome).collect();
    for c in Outcome::ALL {
        assert!(classes.contains(&c), "no {c:?} branch");
    }
    assert!(s.branches.iter().all(|b| !b.rationale.is_empty()));
    assert!(s.header.summary.contains("illustrative"));
    let tree = muscat::model::TreeIndex::new(&s);
    assert!(tree.depth.iter().any(|&d| d >= 2), "needs sub-branches");
}

#[test]
fn malformed_text_names_line_and_column() {
    let e = err(&template_with(
        "title: \"Untitled scenario\",",
        "title: \"Untitled\" oops,",
    ));
    assert_eq!(e.kind, LoadErrorKind::Syntax);
    let p = &e.problems[0];
    assert_eq!((p.line, p.col), (Some(5), Some(23)));
    assert!(e.to_string().starts_with("bad.ron:5:23: error:"), "{e}");
}

#[test]
fn wrong_types_name_the_field() {
    let e = err(&template_with(
        "horizon_months: 24",
        "horizon_months: \"two years\"",
    ));
    assert_eq!(e.kind, LoadErrorKind::Syntax);
    assert!(e.to_string().contains("horizon_months"), "{e}");
    assert_eq!(e.problems[0].line, Some(10));
    let e = err(&template_with("probability: 0.3,", "probability: [0.3],"));
    assert!(
        e.to_string().contains("`probability` of \"success\""),
        "{e}"
    );
}

#[test]
fn unknown_fields_are_rejected() {
    let e = err(&template_with("seed: 1,", "seed: 1,\n    colour: \"red\","));
    assert!(e.to_string().contains("colour"), "{e}");
    assert_eq!(e.problems[0].line, Some(12));
}

#[test]
fn unknown_region_and_indicator_ids_are_located() {
    let text = template_with(
        "probability: \"remainder\",",
        "probability: \"remainder\",\n            effects: [(region: \"atlantis\", indicator: \"stability\", change: (low: 1.0, likely: 2.0, high: 3.0)), (region: \"region-a\", indicator: \"morale\", change: (low: 1.0, likely: 2.0, high: 3.0))],",
    );
    let e = err(&text);
    assert_eq!(e.kind, LoadErrorKind::Invalid);
    let s = e.to_string();
    assert!(
        s.contains(
            "bad.ron:54:24: error: branch \"failure\": effect 1 names unknown region \"atlantis\""
        ),
        "{s}"
    );
    assert!(s.contains("unknown indicator \"morale\""), "{s}");
}

#[test]
fn duplicate_ids_point_at_the_second_one() {
    let e = err(&template_with("id: \"partial\"", "id: \"success\""));
    let s = e.to_string();
    assert!(
        s.contains("bad.ron:44:13: error: duplicate branch id \"success\""),
        "{s}"
    );
    let e = err(&template_with(
        "regions: [",
        "regions: [\n        (id: \"region-a\", name: \"Again\", baselines: [(indicator: \"stability\", value: 1.0)]),",
    ));
    assert!(
        e.to_string().contains("duplicate region id \"region-a\""),
        "{e}"
    );
}

#[test]
fn bad_probabilities_are_rejected() {
    for (value, shown) in [
        ("NaN", "NaN"),
        ("inf", "inf"),
        ("-0.2", "-0.2"),
        ("1.5", "1.5"),
    ] {
        let e = err(&template_with(
            "probability: 0.3,",
            &format!("probability: {value},"),
        ));
        let s = e.to_string();
        assert!(
            s.contains(&format!(
                "bad.ron:41:13: error: branch \"success\" has probability {shown}"
            )),
            "{value}: {s}"
        );
    }
}

#[test]
fn two_remainders_are_rejected_naming_the_parent() {
    let e = err(&template_with(
        "probability: 0.3,",
        "probability: \"remainder\",",
    ));
    let s = e.to_string();
    assert!(
        s.contains("children of the root have 2 \"remainder\" probabilities"),
        "{s}"
    );
}

#[test]
fn sums_other_than_one_are_warnings_and_the_numbers_say_so() {
    let text = template_with("probability: \"remainder\"", "probability: 0.1");
    let loaded = load_str(&text, "sum.ron").expect("loads with a warning");
    assert_eq!(loaded.warnings.len(), 1);
    let w = &loaded.warnings[0];
    assert_eq!(w.severity, Severity::Warning);
    assert!(
        w.display_with("sum.ron")
            .contains("warning: children of the root sum to 0.7, not 1"),
        "{w:?}"
    );
    let e = muscat::engine::Expected::compute(&loaded.scenario);
    assert_eq!(e.normalised.len(), 1);
    let report = muscat::cli::render_report(
        &loaded.scenario,
        "sum.ron",
        &muscat::cli::ReportOptions::new(muscat::cli::ReportFormat::Table),
    );
    assert!(
        report.contains("Note: children of the root sum to 0.7"),
        "{report}"
    );
}

#[test]
fn empty_truncated_and_binary_files() {
    assert_eq!(err("").kind, LoadErrorKind::Empty);
    assert_eq!(err("  \n\t ").kind, LoadErrorKind::Empty);
    for cut in [1, 40, 200, 900, io::DEFAULT_SCENARIO.len() - 3] {
        let mut end = cut;
        while !io::DEFAULT_SCENARIO.is_char_boundary(end) {
            end -= 1;
        }
        let e = err(&io::DEFAULT_SCENARIO[..end]);
        assert_eq!(e.kind, LoadErrorKind::Syntax, "cut at {cut}: {e}");
        assert!(e.problems[0].line.is_some());
    }
    let e = load_bytes(b"(format: \"muscat\0\")", "bin.ron").expect_err("binary");
    assert_eq!(e.kind, LoadErrorKind::Binary);
    let e = load_bytes(&[0xff, 0xfe, 0x28, 0x29], "bin.ron").expect_err("not utf-8");
    assert_eq!(e.kind, LoadErrorKind::Binary);
}

#[test]
fn enormous_input_is_capped() {
    let dir = std::env::temp_dir().join(format!("muscat-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("big.ron");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(io::MAX_FILE_BYTES + 1).expect("sparse file");
    let e = load_file(&path).expect_err("too large");
    assert_eq!(e.kind, LoadErrorKind::TooLarge);
    assert!(e.to_string().contains("64 MiB"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn deeply_nested_input_fails_fast_without_overflowing() {
    let depth = 200_000;
    let text = format!(
        "(format: \"muscat-scenario\", version: 2, title: \"x\", extra: {}{})",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let e = err(&text);
    assert!(matches!(
        e.kind,
        LoadErrorKind::Syntax | LoadErrorKind::NotScenario
    ));
    assert!(e.to_string().contains("nested more than 128 levels"), "{e}");
    let text = format!("{}{}", "(".repeat(depth), ")".repeat(depth));
    assert_eq!(err(&text).kind, LoadErrorKind::Syntax);
}

#[test]
fn files_from_a_newer_muscat_say_so() {
    let e = err(&template_with("version: 5", "version: 9"));
    assert_eq!(e.kind, LoadErrorKind::Newer);
    assert!(e.to_string().contains("made by a newer Muscat"), "{e}");
    assert_eq!(e.problems[0].line, Some(4));
}

#[test]
fn non_scenarios_are_named_as_such() {
    assert_eq!(err("(a: 1, b: [2, 3])").kind, LoadErrorKind::NotScenario);
    assert_eq!(
        err(&template_with("muscat-scenario\"", "something-else\"")).kind,
        LoadErrorKind::NotScenario
    );
    assert_eq!(err("42").kind, LoadErrorKind::Syntax);
}

#[test]
fn version_one_files_migrate() {
    let text = std::fs::read_to_string("tests/data/v1-example.ron").expect("fixture");
    let loaded = load_str(&text, "v1.ron").expect("migrates");
    assert_eq!(loaded.migrated_from, Some(1));
    let s = &loaded.scenario;
    let ids: Vec<&str> = s.branches.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["deal", "deal-a", "deal-b", "deal-b-1", "no-deal"]);
    assert_eq!(s.branch("deal-b").expect("b").probability, Prob::Remainder);
    assert_eq!(
        s.branch("deal-b-1").expect("b1").parent.as_deref(),
        Some("deal-b")
    );
    assert_eq!(
        s.branch("deal").expect("deal").range,
        Some(ProbRange {
            low: 0.3,
            high: 0.5
        })
    );
    assert_eq!(s.branches[0].effects[0].change.likely, 10.0);
    // Saving writes the current format, which reads back as the same scenario.
    let again = load_str(&to_ron_string(s), "v3.ron").expect("current");
    assert_eq!(again.migrated_from, None);
    assert_eq!(&again.scenario, s);
}

#[test]
fn a_tree_64_levels_deep_saves_and_reopens() {
    let mut s = one_cell(50.0);
    let mut parent: Option<String> = None;
    for depth in 0..64 {
        let id = format!("level-{depth}");
        let mut b = branch(&id, parent.as_deref(), Some(1.0));
        b.effects.push(step("r", "x", 0.5, 0));
        s.branches.push(b);
        parent = Some(id);
    }
    let text = to_ron_string(&s);
    let back = load_str(&text, "deep.ron").expect("reads back").scenario;
    assert_eq!(back, s);
    let tree = muscat::model::TreeIndex::new(&back);
    assert_eq!(tree.depth.iter().max(), Some(&63));
    close(
        muscat::engine::Expected::compute(&back).value(0, 0, 12),
        82.0,
        1e-9,
    );
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        any::<String>(),
        Just("quote \" backslash \\ newline \n tab \t".to_owned()),
        Just("US–Iran — «Muscat» 🇴🇲".to_owned()),
    ]
}

fn float_strategy() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1000.0..1000.0f64,
        Just(0.0),
        Just(-0.0),
        Just(1e-300),
        Just(123_456_789.123_456_78),
        Just(0.1 + 0.2),
    ]
}

prop_compose! {
    fn effect_strategy(regions: usize, indicators: usize)(
        r in 0..regions,
        k in 0..indicators,
        low in float_strategy(),
        likely in float_strategy(),
        high in float_strategy(),
        onset in 0u32..40,
        profile in prop_oneof![
            Just(Profile::Step),
            (0u32..24).prop_map(|months| Profile::Ramp { months }),
            (0.1f64..30.0).prop_map(|half_life_months| Profile::Spike { half_life_months }),
        ],
    ) -> Effect {
        // Files must give the three in order (low ≤ likely ≤ high).
        let mut three = [low, likely, high];
        three.sort_by(f64::total_cmp);
        let [low, likely, high] = three;
        Effect {
            region: format!("r{r}"),
            indicator: format!("k{k}"),
            change: Change { low, likely, high },
            onset_months: onset,
            profile,
        }
    }
}

prop_compose! {
    fn scenario_strategy()(
        n_regions in 1usize..4,
        n_indicators in 1usize..4,
        parents in prop::collection::vec(any::<prop::sample::Index>(), 1..30),
    )(
        title in text_strategy(),
        summary in text_strategy(),
        seed in any::<u64>(),
        horizon in 1u32..120,
        illustrative in any::<bool>(),
        baselines in prop::collection::vec(0.0..100.0f64, n_regions * n_indicators),
        // Above zero, so that no sibling set sums to zero (an error).
        probs in prop::collection::vec(prop_oneof![(0.001..=1.0f64).prop_map(Some), Just(None)], parents.len()),
        names in prop::collection::vec(text_strategy(), parents.len()),
        effects in prop::collection::vec(prop::collection::vec(effect_strategy(n_regions, n_indicators), 0..3), parents.len()),
        ranges in prop::collection::vec(prop::option::of((0.0..0.5f64, 0.5..1.0f64)), parents.len()),
        locked in prop::collection::vec(any::<bool>(), parents.len()),
        slide_titles in prop::collection::vec(text_strategy(), 0..3),
        parents in Just(parents),
        n_regions in Just(n_regions),
        n_indicators in Just(n_indicators),
    ) -> Scenario {
        let indicators = (0..n_indicators).map(|k| indicator(&format!("k{k}"), k % 2 == 0, 1.0 + k as f64)).collect();
        let regions = (0..n_regions).map(|r| {
            let pairs: Vec<(String, f64)> = (0..n_indicators).map(|k| (format!("k{k}"), baselines[r * n_indicators + k])).collect();
            let refs: Vec<(&str, f64)> = pairs.iter().map(|(a, b)| (a.as_str(), *b)).collect();
            region(&format!("r{r}"), &refs)
        }).collect();
        let mut branches: Vec<Branch> = Vec::new();
        let mut remainder_taken: std::collections::HashSet<Option<String>> = Default::default();
        for (i, idx) in parents.iter().enumerate() {
            // Each branch hangs under an earlier one or the root, so the list stays in pre-order-free shape.
            let parent = if i == 0 { None } else {
                let j = idx.index(i + 1);
                (j < i).then(|| format!("b{j}"))
            };
            let probability = match probs[i] {
                None if remainder_taken.insert(parent.clone()) => Prob::Remainder,
                None => Prob::Value(0.5),
                Some(p) => Prob::Value(p),
            };
            let mut b = Branch::new(format!("b{i}"), names[i].clone(), probability);
            b.outcome = if parent.is_none() { Some(Outcome::ALL[i % 3]) } else if i % 4 == 0 { Some(Outcome::Failure) } else { None };
            b.parent = parent;
            b.range = ranges[i].map(|(low, high)| ProbRange { low, high });
            b.locked = locked[i];
            b.rationale = names[(i + 1) % names.len()].clone();
            b.sources = if i % 3 == 0 { vec![Source { title: names[i].clone(), link: "https://example.org/a?b=c&d".into(), note: String::new() }] } else { Vec::new() };
            b.effects = effects[i].clone();
            branches.push(b);
        }
        let slides = slide_titles.into_iter().enumerate().map(|(i, title)| Slide {
            title,
            chart: ChartKind::ALL[i % ChartKind::ALL.len()],
            region: (i % 2 == 0).then(|| "r0".to_owned()),
            indicator: (i % 3 == 0).then(|| "k0".to_owned()),
            branch: None,
            note: "note".into(),
            ..Default::default()
        }).collect();
        Scenario {
            header: Header {
                title, summary, as_of: "2026-11-27".into(), authors: vec!["A. Analyst".into()],
                sources: Vec::new(), horizon_months: horizon, seed, illustrative,
            },
            views: views_for(&branches),
            signposts: signposts_for(&branches),
            revisions: revisions_for(&branches),
            resolution: branches.last().map(|b| Resolution {
                branch: b.id.clone(),
                date: "2027-06-30".into(),
                note: "What happened".into(),
            }),
            indicators, regions, branches, slides,
        }
    }
}

/// A signpost with a likelihood on every top-level branch (so every leaf has one), due on a date.
fn signposts_for(branches: &[Branch]) -> Vec<Signpost> {
    let likelihoods: Vec<Likelihood> = branches
        .iter()
        .filter(|b| b.parent.is_none())
        .enumerate()
        .map(|(i, b)| Likelihood {
            branch: b.id.clone(),
            seen: [0.9, 0.25, 0.5][i % 3],
        })
        .collect();
    if likelihoods.is_empty() {
        return Vec::new();
    }
    vec![Signpost {
        id: "talks-resume".into(),
        name: "Talks resume".into(),
        watch: "Omani statements".into(),
        expected_by: Some("2027-01-15".into()),
        likelihoods,
        ..Default::default()
    }]
}

/// A revision of the first branch, tied to the signpost.
fn revisions_for(branches: &[Branch]) -> Vec<Revision> {
    let Some(first) = branches.first() else {
        return Vec::new();
    };
    vec![Revision {
        date: "2026-12-01".into(),
        evidence: Some(Evidence {
            signpost: "talks-resume".into(),
            seen: true,
        }),
        note: "Seen".into(),
        before: [(first.id.clone(), 0.25)].into_iter().collect(),
        after: [(first.id.clone(), 0.5)].into_iter().collect(),
    }]
}

/// Views that override the first branch's probability and its first effect, and a pooled view.
fn views_for(branches: &[Branch]) -> Vec<View> {
    let Some(first) = branches.first() else {
        return Vec::new();
    };
    let mut analyst = View::new("analyst-a", "Analyst A", ViewKind::Analyst);
    analyst.note = "Sees the deal as more likely.".into();
    analyst.weight = 2.5;
    analyst.probabilities.push(ProbOverride {
        branch: first.id.clone(),
        probability: Prob::Value(0.125),
        range: Some(ProbRange {
            low: 0.0625,
            high: 0.25,
        }),
    });
    if let Some(e) = first.effects.first() {
        analyst.effects.push(EffectOverride {
            branch: first.id.clone(),
            region: e.region.clone(),
            indicator: e.indicator.clone(),
            change: Change {
                low: -1.5,
                likely: 0.5,
                high: 2.0,
            },
        });
    }
    let mut pooled = View::new("pool", "Pooled", ViewKind::Pooled);
    pooled.pool = Pool::Logarithmic;
    vec![analyst, pooled]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every file Muscat writes, Muscat reads back identical.
    #[test]
    fn generated_scenarios_round_trip(s in scenario_strategy()) {
        let text = to_ron_string(&s);
        let loaded = load_str(&text, "gen.ron");
        prop_assert!(loaded.is_ok(), "{}\n{}", loaded.err().map(|e| e.to_string()).unwrap_or_default(), text);
        let back = loaded.expect("checked").scenario;
        prop_assert_eq!(&back, &s);
        prop_assert_eq!(to_ron_string(&back), text);
    }

    /// Arbitrary bytes never panic the loader.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = load_bytes(&bytes, "fuzz.ron");
    }

    /// Mutated valid files never panic the loader, and failures always say where.
    #[test]
    fn mutated_files_fail_cleanly(cut in 0usize..3000, insert in "[\\[\\](){}\":,a-z0-9 ]{0,4}") {
        let base = io::BLANK_TEMPLATE;
        let mut at = cut.min(base.len());
        while !base.is_char_boundary(at) { at -= 1; }
        let text = format!("{}{}{}", &base[..at], insert, &base[at..]);
        if let Err(e) = load_str(&text, "m.ron") {
            prop_assert!(!e.problems.is_empty());
            prop_assert!(e.to_string().starts_with("m.ron"));
        }
    }
}

/// A generated scenario whose file is `target` bytes or a little more, written in `script`
/// (non-ASCII text): its summary spans the file's 4,096th byte, which falls inside a
/// character, and branch rationales fill it to size.
fn non_ascii_file(target: usize, script: &str) -> (Scenario, String) {
    let mut s = muscat::model::generate::generate(muscat::model::generate::GenerateSpec {
        leaves: 1000,
        regions: 4,
        indicators: 3,
        months: 12,
        seed: 9,
    });
    // Enough of the script to reach past byte 4,096 whatever its mix of widths (at least one
    // byte a character), starting near the top of the file.
    let repeat = |n: usize| -> String { script.chars().cycle().take(n).collect() };
    s.header.summary = repeat(5000);
    s.header.title = format!("{} – {}", repeat(12), repeat(5));
    s.regions[0].name = repeat(8);
    for b in s.branches.iter_mut().take(10) {
        b.name = repeat(10);
    }
    let mut text = to_ron_string(&s);
    // Each rationale takes what is still missing, counting every character as its smallest
    // possible size, so the file reaches the target in a few rounds.
    let smallest = script.chars().map(char::len_utf8).min().unwrap_or(1);
    let mut b = 0;
    while text.len() < target && b < s.branches.len() {
        let room = (target - text.len()) / smallest + 1;
        s.branches[b].rationale = repeat(room.min(20_000));
        text = to_ron_string(&s);
        b += 1;
    }
    // Shift the summary by ASCII letters until byte 4,096 is inside a character: the summary
    // repeats the script, so one period of shifts (its length in bytes) always finds one.
    for _ in 0..=script.len() {
        if !text.is_char_boundary(4096) {
            break;
        }
        s.header.summary.insert(0, 'x');
        text = to_ron_string(&s);
    }
    (s, text)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Text in any script round-trips through files on both sides of the size at which the
    /// branch list is parsed on several threads, and the parallel parser runs exactly above it.
    #[test]
    fn non_ascii_files_round_trip_on_both_sides_of_the_parallel_threshold(
        above in any::<bool>(),
        script in "[\u{0627}-\u{064A}\u{05D0}-\u{05EA}\u{2013}\u{00E9}\u{00DF}\u{6F22}\u{1F600}a ]{2,12}",
    ) {
        let threshold = io::PARALLEL_BYTES;
        // Below by more than one rationale can overshoot (20,000 characters of 4 bytes).
        let target = if above { threshold + 20_000 } else { threshold - 100_000 };
        prop_assume!(!script.is_ascii());
        let (s, text) = non_ascii_file(target, &script);
        prop_assert!(!text.is_char_boundary(4096), "byte 4,096 should fall inside a character");
        prop_assert_eq!(text.len() >= threshold, above, "{} bytes", text.len());
        let loaded = load_str(&text, "script.ron");
        prop_assert!(loaded.is_ok(), "{}", loaded.err().map(|e| e.to_string()).unwrap_or_default());
        let loaded = loaded.expect("checked");
        prop_assert_eq!(loaded.parsed_in_parallel, above);
        prop_assert_eq!(&loaded.scenario, &s);
    }
}

#[test]
fn scripts_that_are_mostly_spaces_still_put_a_character_across_byte_4096() {
    // A script of spaces and one two-byte letter once left the summary short of byte 4,096.
    for script in ["  \u{0627} ", "a a a a a \u{05D0}", "\u{1F600}aaaaaaaaaaa"] {
        let (s, text) = non_ascii_file(io::PARALLEL_BYTES - 100_000, script);
        assert!(!text.is_char_boundary(4096), "{script:?}");
        assert_eq!(load_str(&text, "s.ron").expect("loads").scenario, s);
    }
}

#[test]
fn a_persian_letter_at_byte_4096_of_a_large_file_loads_in_parallel() {
    let (s, text) = non_ascii_file(io::PARALLEL_BYTES + 1000, "تهران، اصفهان و شیراز ");
    assert!(!text.is_char_boundary(4096));
    let dir = TempDir::new("persian");
    let path = dir.file("fa.ron", &text);
    let loaded = load_file(&path).expect("loads");
    assert!(
        loaded.parsed_in_parallel,
        "the parallel parser should have run"
    );
    assert_eq!(loaded.scenario, s);
}

#[test]
fn large_files_parse_in_parallel_with_the_same_result_and_exact_errors() {
    let s = muscat::model::generate::generate(muscat::model::generate::GenerateSpec {
        leaves: 2500,
        regions: 4,
        indicators: 3,
        months: 12,
        seed: 9,
    });
    let text = to_ron_string(&s);
    assert!(text.len() > 1 << 20, "large enough for the parallel path");
    let loaded = load_str(&text, "big.ron").expect("loads");
    assert!(loaded.parsed_in_parallel);
    assert_eq!(loaded.scenario, s);
    // A bad value deep inside the branch list is still reported at its exact line.
    let marker = "id: \"b1700\",";
    let at = text.find(marker).expect("branch b1700");
    let line = text[..at].matches('\n').count() + 1;
    let bad = text.replacen(marker, "id: \"b1700\", oops: 1,", 1);
    let e = err(&bad);
    assert_eq!(e.problems[0].line, Some(line), "{e}");
    assert!(e.to_string().contains("oops"), "{e}");
}
