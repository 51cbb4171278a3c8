//! What is measured: stability indicators and the regions they are measured in.

use serde::{Deserialize, Serialize};

/// A stability indicator, measured on its own scale in every region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable id used in references.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit, e.g. "index" or "% of GDP".
    #[serde(default)]
    pub unit: String,
    /// Lowest value on the scale.
    pub min: f64,
    /// Highest value on the scale.
    pub max: f64,
    /// Whether a higher value means more stability.
    pub higher_is_better: bool,
    /// What the indicator measures.
    #[serde(default)]
    pub description: String,
    /// Value beyond which the indicator is in alert (below it if higher is better, else above).
    pub alert_threshold: f64,
    /// Weight in each region's composite stability index.
    pub weight: f64,
}

impl Indicator {
    /// The value rescaled to 0–100, where 100 is the most stable end of the scale.
    pub fn stability_score(&self, value: f64) -> f64 {
        let span = self.max - self.min;
        if span <= 0.0 || !span.is_finite() {
            return 50.0;
        }
        let t = ((value - self.min) / span).clamp(0.0, 1.0);
        if self.higher_is_better {
            100.0 * t
        } else {
            100.0 * (1.0 - t)
        }
    }

    /// Whether `value` is on the alert side of the threshold.
    pub fn in_alert(&self, value: f64) -> bool {
        if self.higher_is_better {
            value < self.alert_threshold
        } else {
            value > self.alert_threshold
        }
    }

    /// Clamp a value to the indicator's scale.
    pub fn clamp(&self, value: f64) -> f64 {
        if self.min <= self.max {
            value.clamp(self.min, self.max)
        } else {
            value
        }
    }
}

/// A region, with its countries and its baseline value for each indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Stable id used in references.
    pub id: String,
    /// Display name.
    pub name: String,
    /// ISO 3166-1 alpha-3 codes of the countries it covers.
    #[serde(default)]
    pub countries: Vec<String>,
    /// Baseline value of each indicator, by indicator id, in indicator order.
    #[serde(default)]
    pub baselines: Vec<Baseline>,
}

impl Region {
    /// The baseline of an indicator, if the region sets one.
    pub fn baseline(&self, indicator_id: &str) -> Option<f64> {
        self.baselines
            .iter()
            .find(|b| b.indicator == indicator_id)
            .map(|b| b.value)
    }
}

/// A baseline value of one indicator in one region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The indicator's id.
    pub indicator: String,
    /// Its value today.
    pub value: f64,
}
