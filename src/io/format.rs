//! The scenario file format: RON with a `format` and `version` header.
//!
//! Version 5 (current) keeps in each revision only what it adds to the record: `before` the
//! probabilities the record did not hold (the first revision: all of them), `after` those the
//! revision changed. Version 4 revisions kept every branch before and after; they are cut to
//! that on reading (`compress_revisions`), and read the same.
//! Version 4 adds `signposts`, `revisions` and `resolution`: events to watch for, the
//! record of accepted probability changes, and which branch happened.
//! Version 3 adds `views`: named sets of overrides (policy options, analysts, a pool). It is
//! version 4 without signposts, and reads through the same struct.
//! Version 2 keeps the outcome tree flat: each branch names its `parent` by id, so a moved
//! subtree changes one line in a diff and trees of any depth read back. It is version 3 without
//! views, and reads through the same struct.
//! Version 1, written by early builds, nested `children` inside each branch; it is migrated.

use crate::model::{
    Branch, Change, Effect, Header as ScenarioHeader, Indicator, Outcome, Prob, ProbRange, Region,
    Resolution, Revision, Scenario, Signpost, Slide, Source, View,
};
use serde::{Deserialize, Serialize};

/// The value of the `format` header field.
pub const FORMAT_NAME: &str = "muscat-scenario";
/// The format version this build writes.
pub const FORMAT_VERSION: u32 = 5;
/// The version whose revisions kept every branch before and after (read, then cut to what each
/// adds to the record).
pub const VERSION_FULL_REVISIONS: u32 = 4;
/// The version before signposts, read by the current struct (it has no `signposts`,
/// `revisions` or `resolution`).
pub const VERSION_WITHOUT_SIGNPOSTS: u32 = 3;
/// The version before views, read by the current struct (it has no `views` either).
pub const VERSION_WITHOUT_VIEWS: u32 = 2;
/// The oldest version this build can migrate.
pub const OLDEST_VERSION: u32 = 1;

fn default_horizon() -> u32 {
    crate::model::DEFAULT_HORIZON_MONTHS
}

/// Just the header, read leniently to decide how to read the rest.
#[derive(Deserialize)]
pub(crate) struct Header {
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub version: Option<u32>,
}

/// Versions 2 to 5, as read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub(crate) struct FileV4 {
    pub format: String,
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub as_of: String,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default = "default_horizon")]
    pub horizon_months: u32,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub illustrative: bool,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub regions: Vec<Region>,
    #[serde(default)]
    pub branches: Vec<Branch>,
    #[serde(default)]
    pub slides: Vec<Slide>,
    #[serde(default)]
    pub views: Vec<View>,
    #[serde(default)]
    pub signposts: Vec<Signpost>,
    #[serde(default)]
    pub revisions: Vec<Revision>,
    #[serde(default)]
    pub resolution: Option<Resolution>,
}

impl FileV4 {
    /// Whether this build reads the file through this struct as it stands: version 5 or 4, or
    /// an older version holding none of the sections added after it.
    pub fn readable(&self) -> bool {
        let no_signposts =
            self.signposts.is_empty() && self.revisions.is_empty() && self.resolution.is_none();
        self.format == FORMAT_NAME
            && (self.version == FORMAT_VERSION
                || self.version == VERSION_FULL_REVISIONS
                || (self.version == VERSION_WITHOUT_SIGNPOSTS && no_signposts)
                || (self.version == VERSION_WITHOUT_VIEWS && no_signposts && self.views.is_empty()))
    }

    /// The section the file's version does not have, if it holds one: why it is unreadable.
    pub fn too_new_section(&self) -> Option<&'static str> {
        if self.version >= VERSION_FULL_REVISIONS {
            return None;
        }
        if !self.signposts.is_empty() {
            Some("signposts")
        } else if !self.revisions.is_empty() {
            Some("revisions")
        } else if self.resolution.is_some() {
            Some("resolution")
        } else if self.version < VERSION_WITHOUT_SIGNPOSTS && !self.views.is_empty() {
            Some("views")
        } else {
            None
        }
    }

    /// The version migrated from, if not the current one.
    pub fn migrated_from(&self) -> Option<u32> {
        (self.version != FORMAT_VERSION).then_some(self.version)
    }
}

impl From<FileV4> for Scenario {
    fn from(f: FileV4) -> Self {
        let revisions = if f.version == VERSION_FULL_REVISIONS {
            crate::model::compress_revisions(f.revisions)
        } else {
            f.revisions
        };
        Scenario {
            header: ScenarioHeader {
                title: f.title,
                summary: f.summary,
                as_of: f.as_of,
                authors: f.authors,
                sources: f.sources,
                horizon_months: f.horizon_months,
                seed: f.seed,
                illustrative: f.illustrative,
            },
            indicators: f.indicators,
            regions: f.regions,
            branches: f.branches,
            slides: f.slides,
            views: f.views,
            signposts: f.signposts,
            revisions,
            resolution: f.resolution,
        }
    }
}

/// Version 5, as written: borrows the scenario, in a fixed field order.
#[derive(Serialize)]
pub(crate) struct FileV4Out<'a> {
    pub format: &'a str,
    pub version: u32,
    pub title: &'a str,
    pub summary: &'a str,
    pub as_of: &'a str,
    pub authors: &'a [String],
    pub sources: &'a [Source],
    pub horizon_months: u32,
    pub seed: u64,
    pub illustrative: bool,
    pub indicators: &'a [Indicator],
    pub regions: &'a [Region],
    pub branches: &'a [Branch],
    pub slides: &'a [Slide],
    #[serde(skip_serializing_if = "<[View]>::is_empty")]
    pub views: &'a [View],
    #[serde(skip_serializing_if = "<[Signpost]>::is_empty")]
    pub signposts: &'a [Signpost],
    #[serde(skip_serializing_if = "<[Revision]>::is_empty")]
    pub revisions: &'a [Revision],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: &'a Option<Resolution>,
}

impl<'a> From<&'a Scenario> for FileV4Out<'a> {
    fn from(s: &'a Scenario) -> Self {
        // No `..`: a header field added to the model and forgotten here does not compile.
        let ScenarioHeader {
            title,
            summary,
            as_of,
            authors,
            sources,
            horizon_months,
            seed,
            illustrative,
        } = &s.header;
        Self {
            format: FORMAT_NAME,
            version: FORMAT_VERSION,
            title,
            summary,
            as_of,
            authors,
            sources,
            horizon_months: *horizon_months,
            seed: *seed,
            illustrative: *illustrative,
            indicators: &s.indicators,
            regions: &s.regions,
            branches: &s.branches,
            slides: &s.slides,
            views: &s.views,
            signposts: &s.signposts,
            revisions: &s.revisions,
            resolution: &s.resolution,
        }
    }
}

/// Version 1: the outcome tree nested through `children`; probabilities were plain numbers, with
/// a separate `remainder` flag; ranges were `(low, high)` tuples; there were no slides.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub(crate) struct FileV1 {
    // Read so that `deny_unknown_fields` accepts the header; checked before this struct is parsed.
    #[allow(dead_code)]
    pub format: String,
    #[allow(dead_code)]
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub as_of: String,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default = "default_horizon")]
    pub horizon_months: u32,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub regions: Vec<Region>,
    #[serde(default)]
    pub outcomes: Vec<NodeV1>,
}

/// A version 1 branch.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NodeV1 {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub probability: f64,
    #[serde(default)]
    pub remainder: bool,
    #[serde(default)]
    pub range: Option<(f64, f64)>,
    #[serde(default)]
    pub rationale: String,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub effects: Vec<EffectV1>,
    #[serde(default)]
    pub children: Vec<NodeV1>,
}

/// A version 1 effect: the same as version 2 but with the change as a `(low, likely, high)` tuple.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EffectV1 {
    pub region: String,
    pub indicator: String,
    pub change: (f64, f64, f64),
    #[serde(default)]
    pub onset_months: u32,
    #[serde(default)]
    pub profile: crate::model::Profile,
}

impl From<FileV1> for Scenario {
    fn from(f: FileV1) -> Self {
        let mut branches = Vec::new();
        // Iterative pre-order flattening keeps sibling order and needs no recursion.
        let mut stack: Vec<(Option<String>, NodeV1)> =
            f.outcomes.into_iter().rev().map(|n| (None, n)).collect();
        while let Some((parent, node)) = stack.pop() {
            let id = node.id.clone();
            for child in node.children.into_iter().rev() {
                stack.push((Some(id.clone()), child));
            }
            branches.push(Branch {
                id: node.id,
                parent,
                name: node.name,
                outcome: node.outcome,
                probability: if node.remainder {
                    Prob::Remainder
                } else {
                    Prob::Value(node.probability)
                },
                range: node.range.map(|(low, high)| ProbRange { low, high }),
                locked: false,
                rationale: node.rationale,
                sources: node.sources,
                effects: node
                    .effects
                    .into_iter()
                    .map(|e| Effect {
                        region: e.region,
                        indicator: e.indicator,
                        change: Change {
                            low: e.change.0,
                            likely: e.change.1,
                            high: e.change.2,
                        },
                        onset_months: e.onset_months,
                        profile: e.profile,
                    })
                    .collect(),
            });
        }
        Scenario {
            header: ScenarioHeader {
                title: f.title,
                summary: f.summary,
                as_of: f.as_of,
                authors: f.authors,
                sources: f.sources,
                horizon_months: f.horizon_months,
                seed: f.seed,
                illustrative: false,
            },
            indicators: f.indicators,
            regions: f.regions,
            branches,
            ..Scenario::default()
        }
    }
}
