//! Branch probabilities: a number in [0, 1] or "the remainder" of the sibling set.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The word a file uses for a remainder probability.
pub const REMAINDER_WORD: &str = "remainder";

/// A branch probability, conditional on the parent.
///
/// In files it is written as a plain number (`0.35`) or as the string `"remainder"`, which plays
/// the part of `#` in decision-tree tools: one minus the sum of the siblings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Prob {
    /// An explicit value. Validation checks it is finite and within [0, 1].
    Value(f64),
    /// One minus the sum of the explicit siblings (never below zero).
    Remainder,
}

impl Default for Prob {
    fn default() -> Self {
        Self::Value(0.0)
    }
}

impl Prob {
    /// The explicit value, or `None` for a remainder.
    pub fn value(self) -> Option<f64> {
        match self {
            Self::Value(v) => Some(v),
            Self::Remainder => None,
        }
    }

    /// True for the remainder.
    pub fn is_remainder(self) -> bool {
        matches!(self, Self::Remainder)
    }
}

impl Serialize for Prob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(v) => serializer.serialize_f64(*v),
            Self::Remainder => serializer.serialize_str(REMAINDER_WORD),
        }
    }
}

struct ProbVisitor;

impl Visitor<'_> for ProbVisitor {
    type Value = Prob;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a probability between 0 and 1, or \"{REMAINDER_WORD}\"")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Prob, E> {
        Ok(Prob::Value(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Prob, E> {
        Ok(Prob::Value(v as f64))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Prob, E> {
        Ok(Prob::Value(v as f64))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Prob, E> {
        if v.eq_ignore_ascii_case(REMAINDER_WORD) || v == "#" {
            Ok(Prob::Remainder)
        } else {
            Err(E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
}

impl<'de> Deserialize<'de> for Prob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ProbVisitor)
    }
}

/// Words of estimative probability (ICD 203) for a probability in [0, 1].
pub fn estimative_words(probability: f64) -> &'static str {
    let pct = probability * 100.0;
    match pct {
        p if p < 5.0 => "almost no chance",
        p if p < 20.0 => "very unlikely",
        p if p < 45.0 => "unlikely",
        p if p <= 55.0 => "roughly even chance",
        p if p < 80.0 => "likely",
        p if p < 95.0 => "very likely",
        _ => "almost certain",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icd_203_words_follow_the_scale() {
        assert_eq!(estimative_words(0.01), "almost no chance");
        assert_eq!(estimative_words(0.10), "very unlikely");
        assert_eq!(estimative_words(0.30), "unlikely");
        assert_eq!(estimative_words(0.50), "roughly even chance");
        assert_eq!(estimative_words(0.70), "likely");
        assert_eq!(estimative_words(0.90), "very likely");
        assert_eq!(estimative_words(0.97), "almost certain");
    }
}
