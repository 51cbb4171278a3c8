//! Tests of the operations on the bundled scenario.

use super::*;
use crate::edit::apply;
use crate::model::{Outcome, Prob};

fn s() -> Scenario {
    crate::io::default_scenario()
}

fn run(s: &mut Scenario, f: impl FnOnce(&Scenario) -> Result<Op, OpError>) {
    let op = f(s).expect("op");
    apply(s, op.edit).expect("applies");
}

fn p(s: &Scenario, id: &str) -> f64 {
    point_value(s, s.branch(id).expect("branch"))
}

#[test]
fn rebalancing_scales_unlocked_siblings() {
    let mut sc = s();
    // Top level: deal 0.15, interim 0.35, failure = remainder. Make failure explicit first.
    run(&mut sc, |sc| set_remainder(sc, "failure", false));
    assert!((p(&sc, "failure") - 0.5).abs() < 1e-12);
    run(&mut sc, |sc| set_probability(sc, "deal", 0.35, true));
    // The other 0.65 is shared 0.35 : 0.5 by interim and failure.
    assert!((p(&sc, "deal") - 0.35).abs() < 1e-12);
    assert!((p(&sc, "interim") - 0.65 * 0.35 / 0.85).abs() < 1e-12);
    assert!((sibling_sum(&sc, None) - 1.0).abs() < 1e-12);
    // Lock interim: only failure moves.
    let interim = p(&sc, "interim");
    run(&mut sc, |sc| {
        update_branch(sc, "interim", "lock", |b| b.locked = true)
    });
    run(&mut sc, |sc| set_probability(sc, "deal", 0.1, true));
    assert!((p(&sc, "interim") - interim).abs() < 1e-12);
    assert!((sibling_sum(&sc, None) - 1.0).abs() < 1e-12);
    // A probability cannot push past what the locked siblings leave.
    run(&mut sc, |sc| set_probability(sc, "deal", 0.99, true));
    assert!((p(&sc, "deal") - (1.0 - interim)).abs() < 1e-12);
}

#[test]
fn a_remainder_absorbs_changes() {
    let mut sc = s();
    run(&mut sc, |sc| set_probability(sc, "deal", 0.25, true));
    assert_eq!(
        sc.branch("interim").expect("i").probability,
        Prob::Value(0.35)
    );
    assert!((p(&sc, "failure") - 0.4).abs() < 1e-12);
}

/// The top level after each drag, by hand: deal 0.15, interim 0.35, failure the remainder.
#[test]
fn a_drag_beside_a_remainder_and_locks_behaves_as_documented() {
    // An unlocked remainder takes the change; interim keeps its typed value.
    let mut sc = s();
    run(&mut sc, |sc| set_probability(sc, "deal", 0.4, true));
    assert!((p(&sc, "interim") - 0.35).abs() < 1e-12);
    assert!((p(&sc, "failure") - 0.25).abs() < 1e-12);
    // Past what the remainder holds (0.5 + 0.35 = 0.85 for deal), interim shrinks too:
    // deal 0.9 leaves 0.1, all of it interim's; the remainder is 0.
    let mut sc = s();
    run(&mut sc, |sc| set_probability(sc, "deal", 0.9, true));
    assert!((p(&sc, "interim") - 0.1).abs() < 1e-12);
    assert!(p(&sc, "failure").abs() < 1e-12);
    // A locked remainder keeps its 0.5: interim gives up what deal gains.
    let mut sc = s();
    run(&mut sc, |sc| {
        update_branch(sc, "failure", "lock", |b| b.locked = true)
    });
    run(&mut sc, |sc| set_probability(sc, "deal", 0.4, true));
    assert!((p(&sc, "interim") - 0.1).abs() < 1e-12);
    assert!((p(&sc, "failure") - 0.5).abs() < 1e-12);
    // ...and deal cannot pass the 0.5 it leaves.
    run(&mut sc, |sc| set_probability(sc, "deal", 0.9, true));
    assert!((p(&sc, "deal") - 0.5).abs() < 1e-12);
    assert!(p(&sc, "interim").abs() < 1e-12);
    assert!((p(&sc, "failure") - 0.5).abs() < 1e-12);
    // A locked interim beside an unlocked remainder: deal stops at 1 − 0.35 = 0.65, where the
    // remainder reaches 0, and the set never sums past 1.
    let mut sc = s();
    run(&mut sc, |sc| {
        update_branch(sc, "interim", "lock", |b| b.locked = true)
    });
    run(&mut sc, |sc| set_probability(sc, "deal", 0.9, true));
    assert!((p(&sc, "deal") - 0.65).abs() < 1e-12);
    assert!((p(&sc, "interim") - 0.35).abs() < 1e-12);
    assert!(p(&sc, "failure").abs() < 1e-12);
    // The tooltip says which of these will happen.
    assert!(rebalance_words(&s(), "deal").starts_with("the remainder, "));
}

#[test]
fn normalise_makes_a_set_sum_to_one() {
    let mut sc = s();
    run(&mut sc, |sc| set_remainder(sc, "failure", false));
    run(&mut sc, |sc| set_probability(sc, "deal", 0.6, false));
    assert!((sibling_sum(&sc, None) - 1.45).abs() < 1e-12);
    run(&mut sc, |sc| normalise(sc, None));
    assert!((sibling_sum(&sc, None) - 1.0).abs() < 1e-12);
}

#[test]
fn structure_operations_keep_the_tree_valid() {
    let mut sc = s();
    run(&mut sc, |sc| add_child(sc, Some("stalemate")));
    let new = sc
        .branches
        .iter()
        .find(|b| b.name == "New branch")
        .expect("added");
    assert_eq!(new.parent.as_deref(), Some("stalemate"));
    assert_eq!(new.probability, Prob::Value(1.0));
    run(&mut sc, |sc| duplicate(sc, "escalation"));
    assert!(sc.branch("escalation-copy").is_some());
    assert_eq!(
        sc.branch("limited-strikes-copy")
            .and_then(|b| b.parent.as_deref()),
        Some("escalation-copy")
    );
    run(&mut sc, |sc| reparent(sc, "escalation-copy", None));
    let moved = sc.branch("escalation-copy").expect("moved");
    assert_eq!(moved.outcome, Some(Outcome::Failure));
    run(&mut sc, |sc| delete_branch(sc, "escalation-copy"));
    assert!(sc.branch("limited-strikes-copy").is_none());
    assert!(reparent(&sc, "failure", Some("regional-war")).is_err());
    run(&mut sc, |sc| move_branch(sc, "interim", true));
    let top: Vec<&str> = sibling_positions(&sc, None)
        .iter()
        .map(|&i| sc.branches[i].id.as_str())
        .collect();
    assert_eq!(top, ["interim", "deal", "failure"]);
    let errors: Vec<_> = crate::model::validate(&sc)
        .into_iter()
        .filter(|d| d.severity == crate::model::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn renaming_ids_updates_every_reference() {
    let mut sc = s();
    run(&mut sc, |sc| rename_region_id(sc, "iran", "ir"));
    run(&mut sc, |sc| {
        rename_indicator_id(sc, "unrest", "civil-unrest")
    });
    assert!(crate::model::validate(&sc).is_empty());
    assert_eq!(effects_using(&sc, |e| e.region == "ir"), 20);
    assert!(sc.slides.iter().any(|x| x.region.as_deref() == Some("ir")));
    assert!(rename_region_id(&sc, "ir", "gulf").is_err());
    assert!(rename_region_id(&sc, "ir", "no spaces").is_err());
}

#[test]
fn deleting_a_region_takes_its_effects() {
    let mut sc = s();
    let n = effects_using(&sc, |e| e.region == "lebanon");
    assert!(n > 0);
    run(&mut sc, |sc| delete_region(sc, "lebanon"));
    assert!(sc.region("lebanon").is_none());
    assert_eq!(effects_using(&sc, |e| e.region == "lebanon"), 0);
    run(&mut sc, |sc| delete_indicator(sc, "proxy"));
    assert!(sc.regions.iter().all(|r| r.baseline("proxy").is_none()));
    assert!(
        crate::model::validate(&sc)
            .iter()
            .all(|d| d.severity != crate::model::Severity::Error)
    );
}

/// The top level of the bundled scenario, by hand: deal 0.15 and interim 0.35 leave failure
/// (the remainder) 0.5, and the set sums to 1. With deal at 0.8 the two explicit values pass
/// 1 (1.15), the remainder stands for nothing and the set sums to 1.15.
#[test]
fn sums_over_a_known_set_match_the_sums_that_look_for_it() {
    let mut sc = s();
    let tree = crate::model::TreeIndex::new(&sc);
    assert!((remainder_in(&sc, &tree.roots) - 0.5).abs() < 1e-12);
    assert!((sum_in(&sc, &tree.roots) - 1.0).abs() < 1e-12);
    if let Some(b) = sc.branches.iter_mut().find(|b| b.id == "deal") {
        b.probability = Prob::Value(0.8);
    }
    assert!(remainder_in(&sc, &tree.roots).abs() < 1e-12);
    assert!((sum_in(&sc, &tree.roots) - 1.15).abs() < 1e-12);
    assert!((sibling_sum(&sc, None) - 1.15).abs() < 1e-12);
    // A set within the tree: the deal's branches, against the search by parent.
    let deal = tree.pos("deal").expect("deal");
    assert!((sum_in(&sc, &tree.children[deal]) - sibling_sum(&sc, Some("deal"))).abs() < 1e-12);
}
