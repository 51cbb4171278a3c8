//! Validation: every problem a scenario can have, as errors (the file cannot be used) or
//! warnings (it can, and the editor shows them).

mod scales;
mod signposts;
mod texts;
mod tree;
mod views;

use super::limits::{MAX_LIST_ITEMS, MAX_NAME_CHARS, MAX_SLIDES, MAX_TEXT_CHARS};
use super::{MAX_HORIZON_MONTHS, Scenario, TreeIndex};
use scales::{check_indicators, check_regions};
use signposts::check_signposts;
use std::collections::HashMap;
use std::fmt;
use texts::{check_limits, check_list, check_sources, check_text};
use tree::check_branches;
pub use tree::{first_sum_problem, set_sums_to_one};
use views::check_views;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The scenario cannot be used until it is fixed.
    Error,
    /// The scenario can be used; the numbers may not mean what the author intended.
    Warning,
}

/// A field of a scenario element, named as in the file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The element itself (its opening).
    Whole,
    /// A named field, spelled as in the file.
    Named(&'static str),
    /// A baseline entry for an indicator id.
    Baseline(String),
}

impl Field {
    /// The field's name in the file, if it has one.
    pub fn name(&self) -> Option<&str> {
        match self {
            Self::Whole => None,
            Self::Named(n) => Some(n),
            Self::Baseline(_) => Some("baselines"),
        }
    }
}

/// Where in a scenario a problem is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    /// A top-level scenario field.
    Scenario(Field),
    /// The `n`-th indicator with this id (`n` counts repeats, for duplicate ids).
    Indicator {
        /// Indicator id.
        id: String,
        /// Which occurrence of the id.
        nth: usize,
        /// The field.
        field: Field,
    },
    /// The `n`-th region with this id.
    Region {
        /// Region id.
        id: String,
        /// Which occurrence of the id.
        nth: usize,
        /// The field.
        field: Field,
    },
    /// The `n`-th branch with this id.
    Branch {
        /// Branch id.
        id: String,
        /// Which occurrence of the id.
        nth: usize,
        /// The field.
        field: Field,
    },
    /// An effect of a branch, by position.
    Effect {
        /// Branch id.
        branch: String,
        /// Which occurrence of the branch id.
        nth: usize,
        /// Position in the branch's effects.
        index: usize,
        /// The field.
        field: Field,
    },
    /// A slide, by position.
    Slide {
        /// Position in the slide list.
        index: usize,
    },
    /// The `n`-th view with this id.
    View {
        /// View id.
        id: String,
        /// Which occurrence of the id.
        nth: usize,
        /// The field.
        field: Field,
    },
    /// The `n`-th signpost with this id.
    Signpost {
        /// Signpost id.
        id: String,
        /// Which occurrence of the id.
        nth: usize,
        /// The field.
        field: Field,
    },
    /// A likelihood of a signpost, by position.
    Likelihood {
        /// Signpost id.
        signpost: String,
        /// Which occurrence of the signpost id.
        nth: usize,
        /// Position in the signpost's likelihoods.
        index: usize,
        /// The field.
        field: Field,
    },
    /// A revision, by position.
    Revision {
        /// Position in the revision list.
        index: usize,
        /// The field.
        field: Field,
    },
    /// An override in one of a view's lists, by position.
    Override {
        /// View id.
        view: String,
        /// Which occurrence of the view id.
        nth: usize,
        /// The list: `probabilities`, `effects`, `detached` or `detached_effects`.
        list: &'static str,
        /// Position in the list.
        index: usize,
        /// The field.
        field: Field,
    },
}

impl Location {
    fn branch(id: &str, field: &'static str) -> Self {
        Self::branch_nth(id, 0, field)
    }

    fn branch_nth(id: &str, nth: usize, field: &'static str) -> Self {
        Self::Branch {
            id: id.to_owned(),
            nth,
            field: Field::Named(field),
        }
    }

    /// The branch this location is in, if any.
    pub fn branch_id(&self) -> Option<&str> {
        match self {
            Self::Branch { id, .. } => Some(id),
            Self::Effect { branch, .. } => Some(branch),
            _ => None,
        }
    }
}

/// One problem found by validation.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What is wrong, naming the offending ids and values.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{word}: {}", self.message)
    }
}

pub(super) struct Checker {
    out: Vec<Diagnostic>,
}

impl Checker {
    pub(super) fn error(&mut self, location: Location, message: String) {
        self.out.push(Diagnostic {
            severity: Severity::Error,
            location,
            message,
        });
    }

    pub(super) fn warn(&mut self, location: Location, message: String) {
        self.out.push(Diagnostic {
            severity: Severity::Warning,
            location,
            message,
        });
    }
}

/// Check a scenario. Errors come first, then warnings; each names the offending ids.
pub fn validate(s: &Scenario) -> Vec<Diagnostic> {
    validate_with(s, &TreeIndex::new(s))
}

/// Check a scenario whose tree is already indexed.
pub fn validate_with(s: &Scenario, tree: &TreeIndex) -> Vec<Diagnostic> {
    let mut c = Checker { out: Vec::new() };
    if check_limits(s, tree, &mut c) {
        // Past a size limit the file is refused on it, at once: the other checks look up
        // regions, indicators and branches by id, work that grows faster than a dimension
        // far past its limit (50,000 indicators took over a minute).
        return c.out;
    }
    check_header(s, &mut c);
    check_indicators(s, &mut c);
    check_regions(s, &mut c);
    check_branches(s, tree, &mut c);
    check_slides(s, &mut c);
    check_views(s, tree, &mut c);
    check_signposts(s, tree, &mut c);
    c.out.sort_by_key(|d| d.severity);
    c.out
}

fn check_header(s: &Scenario, c: &mut Checker) {
    let h = &s.header;
    let at = |field| move || Location::Scenario(Field::Named(field));
    check_text(c, at("title"), "the title", &h.title, MAX_NAME_CHARS);
    check_text(c, at("summary"), "the summary", &h.summary, MAX_TEXT_CHARS);
    check_text(c, at("as_of"), "as_of", &h.as_of, MAX_NAME_CHARS);
    check_list(c, at("authors"), "authors", h.authors.len());
    for a in h.authors.iter().take(MAX_LIST_ITEMS) {
        check_text(c, at("authors"), "an author's name", a, MAX_NAME_CHARS);
    }
    check_sources(c, at("sources"), "the scenario", &h.sources);
    if s.header.title.trim().is_empty() {
        c.warn(
            Location::Scenario(Field::Named("title")),
            "the scenario has no title".into(),
        );
    }
    if s.header.horizon_months == 0 || s.header.horizon_months > MAX_HORIZON_MONTHS {
        c.error(
            Location::Scenario(Field::Named("horizon_months")),
            format!(
                "horizon_months is {}; it must be between 1 and {MAX_HORIZON_MONTHS}",
                s.header.horizon_months
            ),
        );
    }
    if !s.header.as_of.is_empty() && !is_iso_date(&s.header.as_of) {
        c.warn(
            Location::Scenario(Field::Named("as_of")),
            format!(
                "as_of \"{}\" is not a date of the form YYYY-MM-DD",
                s.header.as_of
            ),
        );
    }
}

/// Whether `s` is a calendar date `YYYY-MM-DD`.
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    // Digits only: `parse` alone would take "+1" as a month and "+999" as a year.
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Counts occurrences of each id, reporting empty and repeated ones.
pub(super) fn check_ids<'a>(
    kind: &str,
    ids: impl Iterator<Item = &'a str>,
    loc: impl Fn(&str, usize) -> Location,
    c: &mut Checker,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in ids {
        let nth = seen.entry(id).or_insert(0);
        if id.trim().is_empty() {
            c.error(loc(id, *nth), format!("a {kind} has an empty id"));
        } else if *nth > 0 {
            c.error(loc(id, *nth), format!("duplicate {kind} id \"{id}\""));
        }
        *nth += 1;
    }
}

fn check_slides(s: &Scenario, c: &mut Checker) {
    for (index, slide) in s.slides.iter().enumerate().take(MAX_SLIDES) {
        let at = || Location::Slide { index };
        check_text(
            c,
            at,
            &format!("the title of slide {}", index + 1),
            &slide.title,
            MAX_NAME_CHARS,
        );
        check_text(
            c,
            at,
            &format!("the note of slide {}", index + 1),
            &slide.note,
            MAX_TEXT_CHARS,
        );
        if let Some(r) = &slide.region
            && s.region(r).is_none()
        {
            c.warn(
                at(),
                format!("slide {} names unknown region \"{r}\"", index + 1),
            );
        }
        if let Some(k) = &slide.indicator
            && s.indicator(k).is_none()
        {
            c.warn(
                at(),
                format!("slide {} names unknown indicator \"{k}\"", index + 1),
            );
        }
        if let Some(b) = &slide.branch
            && s.branch(b).is_none()
        {
            c.warn(
                at(),
                format!("slide {} names unknown branch \"{b}\"", index + 1),
            );
        }
    }
}

/// A sum shown with enough digits to see how far off it is.
pub fn fmt_sum(sum: f64) -> String {
    let s = format!("{sum:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "1" && sum != 1.0 {
        format!("{sum}")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_iso_date("2026-02-28"));
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2026-02-29"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("26-1-1"));
        // Exactly YYYY-MM-DD, digits only: `u32::from_str` alone takes a leading plus.
        for bad in [
            "2026-+1-+1",
            "+999-01-01",
            "2026-01-+1",
            "2026-0x-01",
            " 2026-01-01",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn sums_are_printed_readably() {
        assert_eq!(fmt_sum(0.9), "0.9");
        assert_eq!(fmt_sum(1.2), "1.2");
        assert_eq!(fmt_sum(1.0000001), "1.0000001");
    }
}
