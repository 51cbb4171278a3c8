use super::layout::tree_layout;
use super::*;
use crate::engine::Expected;

#[test]
fn every_chart_builds_for_the_bundled_scenario() {
    let s = crate::io::default_scenario();
    let e = Expected::compute(&s);
    for kind in crate::model::ChartKind::ALL {
        let c = build(
            &s,
            &e,
            Sims::default(),
            &ChartSpec {
                kind,
                region: 0,
                indicator: Some(0),
                ..ChartSpec::default()
            },
        );
        assert!(!c.title.is_empty());
        assert!(c.source.contains("illustrative"));
    }
}

#[test]
fn the_tree_layout_centres_parents() {
    let s = crate::io::default_scenario();
    let e = Expected::compute(&s);
    let (nodes, leaves) = tree_layout(&s, &e);
    assert_eq!(leaves, 7);
    assert_eq!(nodes.len(), s.branches.len() + 1);
    let deal = nodes
        .iter()
        .find(|n| n.name == "Comprehensive deal")
        .expect("deal");
    assert_eq!(deal.y, 0.5);
    // The root sits between its first and last child: (0.5 + 4.75) / 2.
    assert_eq!(nodes[0].y, 2.625);
}

#[test]
fn contributions_add_up_to_the_change() {
    let s = crate::io::default_scenario();
    let e = Expected::compute(&s);
    let c = build(
        &s,
        &e,
        Sims::default(),
        &ChartSpec {
            kind: crate::model::ChartKind::Contributions,
            region: 0,
            indicator: None,
            ..ChartSpec::default()
        },
    );
    let ChartData::Contributions { regions, .. } = c.data else {
        panic!("contributions");
    };
    for (ri, (_, _, net)) in regions.iter().enumerate() {
        let change = e.composite_at(ri, e.horizon()) - e.composite_baseline[ri];
        assert!((net - change).abs() < 1e-9);
    }
}

// Ticks and end labels.

#[test]
fn end_labels_move_apart_as_little_as_they_can() {
    // Two labels 1 apart that need 3: the upper one moves up; a lone label stays.
    assert_eq!(
        spread_labels(&[10.0, 11.0, 50.0], 3.0, 0.0, 100.0),
        vec![10.0, 13.0, 50.0]
    );
    // At the top edge they stack downwards, every gap kept.
    let at = spread_labels(&[100.0, 99.0, 98.5], 2.0, 0.0, 100.0);
    let mut sorted = at.clone();
    sorted.sort_by(f64::total_cmp);
    assert!(
        sorted.windows(2).all(|w| w[1] - w[0] >= 2.0 - 1e-9),
        "{at:?}"
    );
    assert!(sorted.iter().all(|y| *y <= 100.0 + 1e-9));
    // Input order is kept.
    let at = spread_labels(&[5.0, 1.0], 1.0, 0.0, 10.0);
    assert_eq!(at, vec![5.0, 1.0]);
}

#[test]
fn months_tick_at_calendar_steps() {
    assert_eq!(
        month_ticks(24.0, 9),
        vec![0.0, 3.0, 6.0, 9.0, 12.0, 15.0, 18.0, 21.0, 24.0]
    );
    assert_eq!(month_ticks(24.0, 5), vec![0.0, 6.0, 12.0, 18.0, 24.0]);
    assert_eq!(month_ticks(6.0, 8), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(month_ticks(120.0, 8).get(1), Some(&24.0));
}

#[test]
fn heatmap_cells_say_which_way_stability_moves() {
    // More unrest (lower is better): worse. A better economy: better. No change: no arrow.
    assert_eq!(heat_cell_text(4.0, -0.8), "+4.0 ↓");
    assert_eq!(heat_cell_text(0.6, 0.2), "+0.6 ↑");
    assert_eq!(heat_cell_text(-2.4, -0.5), "−2.4 ↓");
    assert_eq!(heat_cell_text(0.01, 0.001), "0.0");
}

#[test]
fn tick_labels_carry_the_decimals_of_their_step() {
    assert_eq!(fmt_tick(10.0, 10.0), "10");
    assert_eq!(fmt_tick(2.5, 2.5), "2.5");
    assert_eq!(fmt_tick(0.25, 0.25), "0.25");
    assert_eq!(fmt_tick(-0.0, 1.0), "0");
    assert_eq!(fmt_tick(-3.0, 1.0), "-3");
}
