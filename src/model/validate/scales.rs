//! Checks of indicators and regions: scales, thresholds, weights, baselines and countries.

use super::texts::{check_list, check_text};
use super::{Checker, Field, Location, check_ids};
use crate::model::Scenario;
use crate::model::limits::{self, MAX_LIST_ITEMS, MAX_NAME_CHARS, MAX_TEXT_CHARS};
use std::collections::HashSet;

pub(super) fn check_indicators(s: &Scenario, c: &mut Checker) {
    check_ids(
        "indicator",
        s.indicators.iter().map(|i| i.id.as_str()),
        |id, nth| Location::Indicator {
            id: id.to_owned(),
            nth,
            field: Field::Named("id"),
        },
        c,
    );
    for ind in &s.indicators {
        let at = |field| Location::Indicator {
            id: ind.id.clone(),
            nth: 0,
            field: Field::Named(field),
        };
        let what = |f: &str| format!("the {f} of indicator \"{}\"", limits::shorten(&ind.id, 40));
        check_text(c, || at("id"), "an indicator id", &ind.id, MAX_NAME_CHARS);
        check_text(c, || at("name"), &what("name"), &ind.name, MAX_NAME_CHARS);
        check_text(c, || at("unit"), &what("unit"), &ind.unit, MAX_NAME_CHARS);
        check_text(
            c,
            || at("description"),
            &what("description"),
            &ind.description,
            MAX_TEXT_CHARS,
        );
        if !ind.min.is_finite() || !ind.max.is_finite() || ind.min >= ind.max {
            c.error(
                at("max"),
                format!(
                    "indicator \"{}\" has scale min {} and max {}; min must be below max and both finite",
                    ind.id, ind.min, ind.max
                ),
            );
        }
        if !ind.weight.is_finite() || ind.weight < 0.0 {
            c.error(
                at("weight"),
                format!(
                    "indicator \"{}\" has weight {}; a weight must be a finite number ≥ 0",
                    ind.id, ind.weight
                ),
            );
        }
        if !ind.alert_threshold.is_finite() {
            c.error(
                at("alert_threshold"),
                format!("indicator \"{}\" has a non-finite alert threshold", ind.id),
            );
        } else if ind.min < ind.max
            && (ind.alert_threshold < ind.min || ind.alert_threshold > ind.max)
        {
            c.error(
                at("alert_threshold"),
                format!(
                    "indicator \"{}\": alert threshold {} is outside its scale {}–{}",
                    ind.id, ind.alert_threshold, ind.min, ind.max
                ),
            );
        }
    }
    if s.indicators.is_empty() && !s.regions.is_empty() {
        c.warn(
            Location::Scenario(Field::Named("indicators")),
            "the scenario has no indicators, so no region has a composite stability index".into(),
        );
    }
    if !s.indicators.is_empty() && s.indicators.iter().all(|i| i.weight == 0.0) {
        c.warn(
            Location::Scenario(Field::Named("indicators")),
            "every indicator has weight 0; the composite index weighs them equally".into(),
        );
    }
}

pub(super) fn check_regions(s: &Scenario, c: &mut Checker) {
    check_ids(
        "region",
        s.regions.iter().map(|r| r.id.as_str()),
        |id, nth| Location::Region {
            id: id.to_owned(),
            nth,
            field: Field::Named("id"),
        },
        c,
    );
    for r in &s.regions {
        let at = |field| {
            move || Location::Region {
                id: r.id.clone(),
                nth: 0,
                field: Field::Named(field),
            }
        };
        let what = |f: &str| format!("the {f} of region \"{}\"", limits::shorten(&r.id, 40));
        check_text(c, at("id"), "a region id", &r.id, MAX_NAME_CHARS);
        check_text(c, at("name"), &what("name"), &r.name, MAX_NAME_CHARS);
        check_list(c, at("countries"), &what("countries"), r.countries.len());
        for code in r.countries.iter().take(MAX_LIST_ITEMS) {
            let problem = if code.len() != 3 || !code.chars().all(|ch| ch.is_ascii_uppercase()) {
                "is not an ISO 3166-1 alpha-3 code (three capital letters)"
            } else if !crate::map::has_code(code) {
                "is not in the bundled map, so the map leaves it out (the other charts show the region as before)"
            } else {
                continue;
            };
            c.warn(
                at("countries")(),
                format!("region \"{}\": country code \"{code}\" {problem}", r.id),
            );
        }
        let mut seen = HashSet::new();
        for b in &r.baselines {
            let at = Location::Region {
                id: r.id.clone(),
                nth: 0,
                field: Field::Baseline(b.indicator.clone()),
            };
            let Some(ind) = s.indicator(&b.indicator) else {
                c.error(
                    at,
                    format!(
                        "region \"{}\" has a baseline for unknown indicator \"{}\"",
                        r.id, b.indicator
                    ),
                );
                continue;
            };
            if !seen.insert(b.indicator.as_str()) {
                c.error(
                    at,
                    format!(
                        "region \"{}\" has two baselines for indicator \"{}\"",
                        r.id, b.indicator
                    ),
                );
            } else if !b.value.is_finite() {
                c.error(
                    at,
                    format!(
                        "region \"{}\": baseline of \"{}\" is not a finite number",
                        r.id, b.indicator
                    ),
                );
            } else if ind.min < ind.max && (b.value < ind.min || b.value > ind.max) {
                c.error(
                    at,
                    format!(
                        "region \"{}\": baseline {} of \"{}\" is outside its scale {}–{}",
                        r.id, b.value, ind.id, ind.min, ind.max
                    ),
                );
            }
        }
        for ind in &s.indicators {
            if r.baseline(&ind.id).is_none() {
                c.error(
                    Location::Region {
                        id: r.id.clone(),
                        nth: 0,
                        field: Field::Named("baselines"),
                    },
                    format!(
                        "region \"{}\" has no baseline for indicator \"{}\"",
                        r.id, ind.id
                    ),
                );
            }
        }
    }
}
