//! Signposts: Bayes' rule against values worked out by hand, scores, validation, the board's
//! shifts against an independent computation, the file format's step to version 4, and the
//! `observe` edit through the document's history.

mod common;

use common::*;
use muscat::engine::signposts::{
    BayesError, board, observed, posterior, score, track_record, updated_branches,
};
use muscat::io::{load_str, to_ron_string};
use muscat::model::{
    Evidence, Likelihood, Prob, ProbRange, Resolution, Revision, Scenario, Severity, Signpost,
    TreeIndex, validate,
};
use std::collections::BTreeMap;

/// "deal" (30%) splits into "full" and "interim" (50% each); "none" is the remainder (70%).
/// Absolute probabilities: full 0.15, interim 0.15, none 0.70.
fn talks() -> Scenario {
    let mut s = one_cell(50.0);
    let mut deal = branch("deal", None, Some(0.3));
    deal.range = Some(ProbRange {
        low: 0.2,
        high: 0.4,
    });
    deal.locked = true;
    let mut full = branch("full", Some("deal"), Some(0.5));
    full.effects.push(step("r", "x", 20.0, 0));
    let mut interim = branch("interim", Some("deal"), None);
    interim.effects.push(step("r", "x", 5.0, 0));
    let mut none = branch("none", None, None);
    none.effects.push(step("r", "x", -10.0, 0));
    s.branches = vec![deal, full, interim, none];
    s
}

fn signpost(id: &str, likelihoods: &[(&str, f64)]) -> Signpost {
    Signpost {
        id: id.into(),
        name: id.to_uppercase(),
        likelihoods: likelihoods
            .iter()
            .map(|&(b, p)| Likelihood {
                branch: b.into(),
                seen: p,
            })
            .collect(),
        ..Default::default()
    }
}

/// Evidence on the inner branch: P(seen | deal) = 0.8 for both its children, P(seen | none) = 0.2.
fn on_inner() -> Signpost {
    signpost("inspectors", &[("deal", 0.8), ("none", 0.2)])
}

/// Evidence on the leaves: full 0.9, interim 0.3, none 0.2.
fn on_leaves() -> Signpost {
    signpost("round", &[("full", 0.9), ("interim", 0.3), ("none", 0.2)])
}

fn abs_of(s: &Scenario, id: &str) -> f64 {
    let tree = TreeIndex::new(s);
    let cond = muscat::model::conditional(s, &tree);
    tree.path(s.branch_pos(id).expect("branch"))
        .iter()
        .map(|&i| cond[i].expect("defined"))
        .product()
}

fn cond_of(s: &Scenario, id: &str) -> f64 {
    let tree = TreeIndex::new(s);
    muscat::model::conditional(s, &tree)[s.branch_pos(id).expect("branch")].expect("defined")
}

#[test]
fn seen_on_an_inner_branch_follows_bayes_rule() {
    let s = talks();
    let tree = TreeIndex::new(&s);
    // P(seen) = 0.15·0.8 + 0.15·0.8 + 0.7·0.2 = 0.38.
    // deal: 0.24 / 0.38 = 12/19; none: 0.14 / 0.38 = 7/19; full | deal stays 1/2.
    let post = posterior(&s, &tree, &on_inner(), true).expect("applies");
    close(post.p_evidence, 0.38, 1e-12);
    let after = observed(&s, &tree, &on_inner(), true).expect("applies");
    close(cond_of(&after, "deal"), 12.0 / 19.0, 1e-12);
    close(cond_of(&after, "none"), 7.0 / 19.0, 1e-12);
    close(cond_of(&after, "full"), 0.5, 1e-12);
    close(abs_of(&after, "full"), 6.0 / 19.0, 1e-12);
    // The remainders stay remainders, the lock stays, and the range moves on the odds scale:
    // deal's odds go from 3/7 to 12/7, four times as much; the ends' odds 1/4 and 2/3 become
    // 1 and 8/3, so 0.2–0.4 becomes 1/2 – 8/11.
    let deal = after.branch("deal").expect("deal");
    assert!(deal.locked);
    assert_eq!(
        after.branch("none").expect("none").probability,
        Prob::Remainder
    );
    assert_eq!(
        after.branch("interim").expect("interim").probability,
        Prob::Remainder
    );
    let r = deal.range.expect("range");
    close(r.low, 0.5, 1e-12);
    close(r.high, 8.0 / 11.0, 1e-12);
    // Only "deal" holds an explicit number that moved; "full" keeps its 0.5.
    let changed = updated_branches(&s, &post);
    assert_eq!(
        changed.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(),
        ["deal"]
    );
}

#[test]
fn not_seen_uses_one_minus_the_likelihood() {
    let s = talks();
    let tree = TreeIndex::new(&s);
    // P(not seen) = 0.15·0.2 · 2 + 0.7·0.8 = 0.62; deal = 0.06 / 0.62 = 3/31.
    let after = observed(&s, &tree, &on_inner(), false).expect("applies");
    close(cond_of(&after, "deal"), 3.0 / 31.0, 1e-12);
    close(cond_of(&after, "none"), 28.0 / 31.0, 1e-12);
}

#[test]
fn leaf_likelihoods_rebuild_each_conditional() {
    let s = talks();
    let tree = TreeIndex::new(&s);
    // full 0.135, interim 0.045, none 0.14; total 0.32.
    // deal = 0.18 / 0.32 = 9/16; full | deal = 0.135 / 0.18 = 3/4.
    let after = observed(&s, &tree, &on_leaves(), true).expect("applies");
    close(cond_of(&after, "deal"), 9.0 / 16.0, 1e-12);
    close(cond_of(&after, "full"), 0.75, 1e-12);
    close(cond_of(&after, "interim"), 0.25, 1e-12);
}

#[test]
fn two_observations_commute() {
    let s = talks();
    let a_then_b = {
        let x = observed(&s, &TreeIndex::new(&s), &on_inner(), true).expect("a");
        observed(&x, &TreeIndex::new(&x), &on_leaves(), true).expect("b")
    };
    let b_then_a = {
        let x = observed(&s, &TreeIndex::new(&s), &on_leaves(), true).expect("b");
        observed(&x, &TreeIndex::new(&x), &on_inner(), true).expect("a")
    };
    // By hand: full 0.15·0.8·0.9 = 0.108, interim 0.15·0.8·0.3 = 0.036, none 0.7·0.2·0.2 =
    // 0.028; total 0.172. deal = 0.144 / 0.172; full | deal = 0.75.
    for s in [&a_then_b, &b_then_a] {
        close(cond_of(s, "deal"), 0.144 / 0.172, 1e-12);
        close(cond_of(s, "full"), 0.75, 1e-12);
    }
}

#[test]
fn a_likelihood_of_one_everywhere_changes_nothing() {
    let s = talks();
    let tree = TreeIndex::new(&s);
    let sure = signpost("sure", &[("deal", 1.0), ("none", 1.0)]);
    let after = observed(&s, &tree, &sure, true).expect("applies");
    assert_eq!(after, s);
    // And "not seen" is then impossible.
    assert!(matches!(
        posterior(&s, &tree, &sure, false),
        Err(BayesError::Impossible { .. })
    ));
}

#[test]
fn a_leaf_without_a_likelihood_is_named() {
    let mut s = talks();
    let sp = signpost("partial", &[("full", 0.5), ("none", 0.1)]);
    let tree = TreeIndex::new(&s);
    let err = posterior(&s, &tree, &sp, true).expect_err("interim uncovered");
    assert!(err.to_string().contains("\"interim\""), "{err}");
    s.signposts.push(sp);
    let problems = validate(&s);
    assert!(
        problems.iter().any(|d| d.severity == Severity::Warning
            && d.message.contains("no likelihood for branch \"interim\"")),
        "{problems:?}"
    );
}

#[test]
fn validation_names_bad_likelihoods_ids_and_dates() {
    let mut s = talks();
    let mut a = signpost("a", &[("deal", 1.5), ("ghost", 0.2), ("none", 0.0)]);
    a.expected_by = Some("2026-13-01".into());
    let zero = signpost("a", &[("deal", 0.0), ("none", 0.0)]);
    s.signposts = vec![a, zero];
    s.revisions.push(Revision {
        date: "yesterday".into(),
        ..Default::default()
    });
    s.resolution = Some(Resolution {
        branch: "nowhere".into(),
        date: "2027-01-01".into(),
        note: String::new(),
    });
    let text: Vec<String> = validate(&s)
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    let has = |needle: &str| {
        assert!(
            text.iter().any(|m| m.contains(needle)),
            "{needle}: {text:?}"
        );
    };
    has("the likelihood for \"deal\" is 1.5");
    has("branch \"ghost\", which does not exist");
    has("duplicate signpost id \"a\"");
    has("expected_by \"2026-13-01\"");
    has("every likelihood is 0");
    has("revision 1: date \"yesterday\"");
    has("the resolution names branch \"nowhere\"");
}

#[test]
fn validation_errors_point_at_the_line_in_the_file() {
    let mut s = talks();
    s.signposts
        .push(signpost("late", &[("deal", 0.5), ("none", 2.0)]));
    let text = to_ron_string(&s);
    let e = load_str(&text, "bad.ron").expect_err("likelihood 2 is refused");
    let line = text
        .lines()
        .position(|l| l.contains("seen: 2.0"))
        .expect("written")
        + 1;
    assert!(
        e.to_string().contains(&format!("bad.ron:{line}:")),
        "{e} (expected line {line})"
    );
}

#[test]
fn scores_match_hand_worked_values() {
    let mut s = talks();
    let tree = TreeIndex::new(&s);
    let before = s.probability_snapshot(&tree);
    let after = observed(&s, &tree, &on_inner(), true).expect("applies");
    let after = after.probability_snapshot(&TreeIndex::new(&after));
    // "full" happened. Scored over full, interim, none.
    let res = Resolution {
        branch: "full".into(),
        date: "2027-01-01".into(),
        note: String::new(),
    };
    // Before: 0.15, 0.15, 0.70 → (0.85)² + 0.15² + 0.7² = 1.235; log 0.15.
    let b = score(&s, &tree, &before, &res).expect("scored");
    close(b.brier, 1.235, 1e-12);
    close(b.log, 0.15f64.ln(), 1e-12);
    // After: 6/19, 6/19, 7/19 → (13² + 6² + 7²) / 19² = 254/361; log 6/19.
    let a = score(&s, &tree, &after, &res).expect("scored");
    close(a.brier, 254.0 / 361.0, 1e-12);
    close(a.log, (6.0f64 / 19.0).ln(), 1e-12);
    // At the top level ("deal" happened): (1 − 0.3)² + 0.7² = 0.98.
    let top = Resolution {
        branch: "deal".into(),
        ..res.clone()
    };
    close(
        score(&s, &tree, &before, &top).expect("scored").brier,
        0.98,
        1e-12,
    );
    // The track record: before the first revision, then after it, an improvement.
    s.revisions.push(Revision {
        date: "2026-12-01".into(),
        evidence: Some(Evidence {
            signpost: "inspectors".into(),
            seen: true,
        }),
        note: String::new(),
        before,
        after,
    });
    s.resolution = Some(res);
    let rows = track_record(&s, &tree);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].revision, None);
    assert_eq!(rows[1].revision, Some(0));
    close(
        rows[1].change.expect("compared"),
        254.0 / 361.0 - 1.235,
        1e-12,
    );
}

#[test]
fn the_boards_shifts_match_an_independent_recomputation() {
    let s = bundled();
    assert!(s.signposts.len() >= 8, "the bundled scenario has signposts");
    let tree = TreeIndex::new(&s);
    let e = muscat::engine::Expected::compute(&s);
    let b = board(&s, &tree, &e);
    assert!(b.problems.is_empty(), "every bundled signpost works");
    assert_eq!(b.outlooks.len(), s.signposts.len());
    let h = s.header.horizon_months;
    for o in &b.outlooks {
        let sp = &s.signposts[o.index];
        for (seen, shift) in [(true, &o.seen), (false, &o.not_seen)] {
            let shift = shift.as_ref().expect("both sides possible");
            let after = observed(&s, &tree, sp, seen).expect("applies");
            for (r, region) in s.regions.iter().enumerate() {
                close(
                    shift.composite[r],
                    independent::expected_composite(&after, &region.id, h),
                    1e-6,
                );
            }
        }
    }
    // Most telling first.
    assert!(
        b.outlooks
            .windows(2)
            .all(|w| w[0].movement >= w[1].movement)
    );
}

#[test]
fn signposts_revisions_and_resolution_round_trip() {
    let mut s = talks();
    let mut sp = on_inner();
    sp.expected_by = Some("2027-03-01".into());
    sp.watch = "IAEA board reports".into();
    s.signposts.push(sp);
    let tree = TreeIndex::new(&s);
    s.revisions.push(Revision {
        date: "2026-12-01".into(),
        evidence: None,
        note: "Manual: the mediators' tone".into(),
        before: s.probability_snapshot(&tree),
        after: s.probability_snapshot(&tree),
    });
    s.resolution = Some(Resolution {
        branch: "none".into(),
        date: "2027-06-01".into(),
        note: "Talks collapsed".into(),
    });
    let text = to_ron_string(&s);
    assert!(text.contains("version: 5"));
    let back = load_str(&text, "round.ron").expect("reads");
    assert_eq!(back.migrated_from, None);
    assert_eq!(back.scenario, s);
}

#[test]
fn version_3_files_migrate_and_newer_sections_in_them_are_refused() {
    let text = std::fs::read_to_string("tests/data/v3-example.ron").expect("fixture");
    let loaded = load_str(&text, "v3-example.ron").expect("a version 3 file opens");
    assert_eq!(loaded.migrated_from, Some(3));
    assert!(!loaded.scenario.views.is_empty(), "its views survive");
    assert!(loaded.scenario.signposts.is_empty());
    let again = load_str(&to_ron_string(&loaded.scenario), "v4.ron").expect("current");
    assert_eq!(again.migrated_from, None);
    assert_eq!(again.scenario, loaded.scenario);
    // Signposts in a file that says version 3 are refused, naming the version to write.
    let wrong = muscat::io::DEFAULT_SCENARIO.replacen("version: 5", "version: 3", 1);
    let e = load_str(&wrong, "wrong.ron").expect_err("signposts need 4");
    assert!(
        e.to_string()
            .contains("`signposts` came in format version 4"),
        "{e}"
    );
}

#[test]
fn diff_names_an_observation_the_signposts_and_the_resolution() {
    let s = bundled();
    let proposal = muscat::edit::ops::signposts::observe(&s, "red-sea", false, "2027-02-02", "")
        .expect("applies");
    let mut after = s.clone();
    muscat::edit::apply(&mut after, proposal.op.edit).expect("applies");
    after.signposts[0].expected_by = Some("2027-04-01".into());
    after.resolution = Some(Resolution {
        branch: "stalemate".into(),
        date: "2027-06-01".into(),
        note: String::new(),
    });
    let d = muscat::model::diff::differences(&s, &after);
    let has = |what: &str, id: &str| d.iter().any(|x| x.what == what && x.id == id);
    assert!(has("revision", "4"), "{d:?}");
    assert!(has("signpost", "iaea-access"), "{d:?}");
    assert!(has("resolution", "resolution"), "{d:?}");
    // The observation moved the deal (an explicit probability).
    assert!(d.iter().any(|x| x.id == "deal"), "{d:?}");
    let rev = d.iter().find(|x| x.what == "revision").expect("listed");
    assert_eq!(rev.kind, muscat::model::diff::DiffKind::Added);
    assert_eq!(rev.after.as_deref(), Some("2027-02-02: red-sea not seen"));
    // Only what moved is listed: interim-holds keeps its 60% (a renormalisation leaves it
    // where it was, give or take floating-point noise).
    assert!(!has("probability", "interim-holds"), "{d:?}");
}

#[test]
fn a_range_near_one_stays_below_it_after_an_observation() {
    // The issue's case: stalemate 0.4–0.7 around 0.5 moving to 0.755 was 0.604–1.0 when
    // scaled in proportion. On the odds scale: the ratio is (0.755/0.245)/(1) = 3.0816…;
    // 0.4 (odds 2/3) → 2.0544 → 0.6726; 0.7 (odds 7/3) → 7.1905 → 0.8779.
    let r = muscat::engine::signposts::moved_range(
        ProbRange {
            low: 0.4,
            high: 0.7,
        },
        0.5,
        0.755,
    )
    .expect("a range");
    let ratio = (0.755 / 0.245) / 1.0;
    let back = |o: f64| o / (1.0 + o);
    close(r.low, back(2.0 / 3.0 * ratio), 1e-12);
    close(r.high, back(7.0 / 3.0 * ratio), 1e-12);
    assert!(r.low < 0.755 && 0.755 < r.high && r.high < 1.0);
    // A branch made certain, or ruled out, keeps no range.
    let any = ProbRange {
        low: 0.1,
        high: 0.3,
    };
    assert_eq!(muscat::engine::signposts::moved_range(any, 0.2, 1.0), None);
    assert_eq!(muscat::engine::signposts::moved_range(any, 0.2, 0.0), None);
}

/// Every revision's full "before" and "after" as the version 4 file wrote them, read with RON
/// itself rather than the loader.
fn v4_snapshots(text: &str) -> Vec<(BTreeMap<String, f64>, BTreeMap<String, f64>)> {
    #[derive(serde::Deserialize)]
    struct Rev {
        before: BTreeMap<String, f64>,
        after: BTreeMap<String, f64>,
    }
    #[derive(serde::Deserialize)]
    struct File {
        revisions: Vec<Rev>,
    }
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let value: ron::Value = ron::from_str(&body).expect("RON");
    let file: File = value.into_rust().expect("revisions");
    file.revisions
        .into_iter()
        .map(|r| (r.before, r.after))
        .collect()
}

#[test]
fn version_4_revisions_migrate_to_what_each_adds_and_read_the_same() {
    let text = std::fs::read_to_string("tests/data/v4-example.ron").expect("fixture");
    let full = v4_snapshots(&text);
    let loaded = load_str(&text, "v4-example.ron").expect("a version 4 file opens");
    assert_eq!(loaded.migrated_from, Some(4));
    let s = &loaded.scenario;
    assert_eq!(s.revisions.len(), full.len());
    // Walking the cut-down record gives back every probability each revision held.
    let ids: Vec<&str> = s.branches.iter().map(|b| b.id.as_str()).collect();
    let held = muscat::model::record_of(&s.revisions, &ids);
    for (k, ((b, a), (hb, ha))) in full.iter().zip(&held).enumerate() {
        assert_eq!(b, hb, "revision {}: before", k + 1);
        assert_eq!(a, ha, "revision {}: after", k + 1);
    }
    // The first keeps the whole record; later ones only what moved.
    assert_eq!(s.revisions[0].before.len(), s.branches.len());
    for r in &s.revisions[1..] {
        assert!(r.before.is_empty());
        assert!(r.after.len() < s.branches.len());
    }
    // Scores read the same: the track record against the full snapshots, by hand.
    let mut resolved = s.clone();
    let res = Resolution {
        branch: "stalemate".into(),
        date: "2027-06-01".into(),
        note: String::new(),
    };
    resolved.resolution = Some(res.clone());
    let tree = TreeIndex::new(&resolved);
    let record = track_record(&resolved, &tree);
    let mut want = vec![
        score(&resolved, &tree, &full[0].0, &res)
            .expect("scored")
            .brier,
    ];
    want.extend(
        full.iter()
            .map(|(_, a)| score(&resolved, &tree, a, &res).expect("scored").brier),
    );
    let got: Vec<f64> = record.iter().map(|r| r.score.brier).collect();
    assert_eq!(got, want);
    // Saved again, it is version 5 and as small as the changes.
    let again = to_ron_string(s);
    assert!(again.contains("version: 5"));
    assert!(again.len() < text.len());
    assert_eq!(load_str(&again, "v5.ron").expect("reads").scenario, *s);
}

#[test]
fn the_board_of_a_generated_file_matches_each_observation_worked_out_in_full() {
    use muscat::model::generate::{Extras, GenerateSpec, generate_with};
    // Likelihoods on every top-level branch and on deeper ones that override them below.
    let s = generate_with(
        GenerateSpec {
            leaves: 400,
            regions: 3,
            indicators: 2,
            months: 12,
            seed: 5,
        },
        &Extras {
            signposts: 25,
            ..Extras::default()
        },
    );
    let tree = TreeIndex::new(&s);
    let e = muscat::engine::Expected::compute(&s);
    let b = board(&s, &tree, &e);
    assert_eq!(b.outlooks.len(), 25);
    let h = e.horizon();
    for o in &b.outlooks {
        let sp = &s.signposts[o.index];
        for (seen, shift) in [(true, &o.seen), (false, &o.not_seen)] {
            let shift = shift.as_ref().expect("possible");
            // The full update: Bayes' rule on every leaf, then the expected values again.
            let after = observed(&s, &tree, sp, seen).expect("observed");
            let ea = muscat::engine::Expected::compute(&after);
            for r in 0..s.regions.len() {
                close(shift.composite[r], ea.composite_at(r, h), 1e-9);
            }
            for (t, &i) in tree.roots.iter().enumerate() {
                close(shift.top[t], ea.abs[i], 1e-9);
            }
            let p = posterior(&s, &tree, sp, seen).expect("posterior");
            close(shift.chance, p.p_evidence, 1e-12);
        }
    }
}
