//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod cli;
#[cfg(feature = "gui")]
pub mod gui;
pub mod independent;

use std::path::PathBuf;

/// A folder under the system's temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A fresh, empty folder named after the test binary, `tag` and the process.
    pub fn new(tag: &str) -> Self {
        let exe = std::env::current_exe()
            .ok()
            .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_default();
        let p = std::env::temp_dir().join(format!("muscat-{exe}-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        Self(p)
    }

    /// Write a file in the folder.
    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, content).expect("write");
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

use muscat::model::{
    Baseline, Branch, Change, Effect, Header, Indicator, Outcome, Prob, Profile, Region, Scenario,
};

/// An indicator on a 0–100 scale.
pub fn indicator(id: &str, higher_is_better: bool, weight: f64) -> Indicator {
    Indicator {
        id: id.into(),
        name: id.to_uppercase(),
        unit: "index".into(),
        min: 0.0,
        max: 100.0,
        higher_is_better,
        description: String::new(),
        alert_threshold: 40.0,
        weight,
    }
}

/// A region with the given baselines, in indicator order.
pub fn region(id: &str, baselines: &[(&str, f64)]) -> Region {
    Region {
        id: id.into(),
        name: id.to_uppercase(),
        countries: vec!["IRN".into()],
        baselines: baselines
            .iter()
            .map(|(i, v)| Baseline {
                indicator: (*i).into(),
                value: *v,
            })
            .collect(),
    }
}

/// A branch under `parent` with probability `p` (`None` = remainder).
pub fn branch(id: &str, parent: Option<&str>, p: Option<f64>) -> Branch {
    let mut b = Branch::new(
        id,
        format!("Branch {id}"),
        p.map_or(Prob::Remainder, Prob::Value),
    );
    b.parent = parent.map(str::to_owned);
    if parent.is_none() {
        b.outcome = Some(Outcome::Partial);
    }
    b
}

/// A step effect with a point change.
pub fn step(region: &str, indicator: &str, change: f64, onset: u32) -> Effect {
    Effect {
        region: region.into(),
        indicator: indicator.into(),
        change: Change::point(change),
        onset_months: onset,
        profile: Profile::Step,
    }
}

/// One region "r" with one indicator "x" (0–100, higher is better, baseline `base`).
pub fn one_cell(base: f64) -> Scenario {
    Scenario {
        header: Header {
            title: "test".into(),
            horizon_months: 12,
            ..Header::default()
        },
        indicators: vec![indicator("x", true, 1.0)],
        regions: vec![region("r", &[("x", base)])],
        ..Scenario::default()
    }
}

/// The bundled default scenario.
pub fn bundled() -> Scenario {
    muscat::io::load_str(muscat::io::DEFAULT_SCENARIO, "bundled")
        .expect("the bundled scenario loads")
        .scenario
}

/// Assert two floats agree within `tol`.
#[track_caller]
pub fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} vs {b} (tolerance {tol})");
}
