use super::*;

#[test]
fn a_fit_puts_its_percentiles_at_the_range() {
    for (lo, hi) in [
        (0.07, 0.25),
        (0.3, 0.4),
        (0.01, 0.9),
        (0.6, 0.95),
        (0.0001, 0.02),
        // High ends below about 16%, where the search used to run into underflow.
        (0.03, 0.15),
        (0.05, 0.12),
        (0.1, 0.15),
    ] {
        let k = Kumaraswamy::fit(lo, hi).expect("fits");
        assert!((k.quantile(LOW_Q) - lo).abs() < 1e-9, "{lo}–{hi}: {k:?}");
        assert!((k.quantile(HIGH_Q) - hi).abs() < 1e-9, "{lo}–{hi}: {k:?}");
    }
}

#[test]
fn compatible_ranges_are_met_and_impossible_ones_said() {
    // Three branches, all ranged: ranges that can hold together.
    let set = SetDraw::new(
        &[0.15, 0.35, 0.5],
        &[Some((0.07, 0.25)), Some((0.25, 0.45)), Some((0.4, 0.6))],
        7,
        CALIBRATION_DRAWS,
    )
    .expect("ranged");
    assert!(set.compatible, "{set:?}");
    // The third's interval is narrower than the spread of one minus the other two allows.
    let set = SetDraw::new(
        &[0.2, 0.3, 0.5],
        &[Some((0.1, 0.3)), Some((0.2, 0.4)), Some((0.3, 0.7))],
        7,
        CALIBRATION_DRAWS,
    )
    .expect("ranged");
    assert!(!set.compatible, "{set:?}");
    // Two branches whose ranges cannot both hold: the low ends already sum past 100%.
    let set =
        SetDraw::new(&[0.5, 0.5], &[Some((0.6, 0.7)), Some((0.6, 0.7))], 7, 500).expect("ranged");
    assert!(!set.compatible, "{set:?}");
}

#[test]
fn selection_gives_the_sorted_quantile() {
    let mut r = Xoshiro256PlusPlus::seed_from_u64(3);
    for n in [2, 3, 10, 999, 1000] {
        let values: Vec<f64> = (0..n).map(|_| unit(&mut r)).collect();
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        for q in [0.0, 0.05, 0.5, 0.95, 1.0] {
            let mut v = values.clone();
            assert_eq!(
                select_quantile(&mut v, q),
                quantile_sorted(&sorted, q),
                "{n} {q}"
            );
        }
    }
}

#[test]
fn a_set_that_never_overshoots_needs_no_calibration() {
    // 10–20% and 20–30% beside a remainder of about 55%: the ranged draws sum past 1 with a
    // chance far below 1e-4, so each is exactly its fitted distribution.
    let set = SetDraw::new(
        &[0.15, 0.25, 0.6],
        &[Some((0.1, 0.2)), Some((0.2, 0.3)), None],
        7,
        CALIBRATION_DRAWS,
    )
    .expect("ranged");
    assert!(set.overshoot_bound() < NEGLIGIBLE_OVERSHOOT);
    assert_eq!(set.achieved, set.entered);
    assert!(set.compatible);
    // Its draws: by the Kumaraswamy fit, 5% of the first fall below 10% and 5% above 20%.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    let mut out = [0.0; 3];
    let (mut below, mut above) = (0, 0);
    let n = 200_000;
    for _ in 0..n {
        set.draw(&mut rng, &mut out);
        below += usize::from(out[0] < 0.1);
        above += usize::from(out[0] > 0.2);
        assert!((out.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
    // Three standard errors of a 5% share of 200,000: 0.15 points.
    for share in [below, above] {
        let p = share as f64 / n as f64;
        assert!((p - 0.05).abs() < 0.0015, "{p}");
    }
}

#[test]
fn calibrations_are_remembered() {
    let point = [0.3, 0.3, 0.4];
    let ranges = [Some((0.2, 0.4)), Some((0.2, 0.4)), Some((0.3, 0.5))];
    let a = calibrated(&point, &ranges, 99, 500).expect("ranged");
    let b = calibrated(&point, &ranges, 99, 500).expect("ranged");
    assert!(Arc::ptr_eq(&a, &b));
    assert_eq!(*a, SetDraw::new(&point, &ranges, 99, 500).expect("ranged"));
}
