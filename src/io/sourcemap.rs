//! Finds where a scenario element sits in RON text, so that problems found after parsing can
//! still be reported with a line and column.
//!
//! A light scanner walks the text once, skipping strings and comments, and records every
//! bracket and every `key:` with the bracket that holds it. Elements are then found by their id,
//! exactly as a reader of the file would find them.

use super::scan::{group_by, is_raw_string_start, offset_of, skip_opaque, string_value};
use crate::model::{Field, Location};

#[derive(Debug)]
struct Bracket {
    offset: usize,
    parent: Option<usize>,
}

/// A `key:` in the text. Kept small: a large file has millions of them.
#[derive(Debug)]
struct Key<'a> {
    name: &'a str,
    offset: usize,
    /// Index of the bracket that holds the key.
    container: Option<usize>,
    /// Where the string value after the colon starts, if the value is a string; decoded only
    /// when asked for.
    value_at: Option<usize>,
    /// Index of the first bracket opened after the colon, if the value opens one.
    opens: Option<usize>,
}

/// An index of brackets and keys in RON text. Every lookup is by hash or binary search, so
/// locating thousands of problems in a large file takes no longer than reading it.
#[derive(Debug)]
pub struct SourceMap<'a> {
    text: &'a str,
    brackets: Vec<Bracket>,
    keys: Vec<Key<'a>>,
    /// Brackets still open at the end of the text.
    unclosed: usize,
    /// The keys directly inside each bracket, in order: `key_list[key_start[b]..key_start[b + 1]]`.
    key_start: Vec<usize>,
    key_list: Vec<usize>,
    /// The brackets directly inside each bracket, in order: `child_list[child_start[b]..child_start[b + 1]]`.
    child_start: Vec<usize>,
    child_list: Vec<usize>,
    /// Entries of lists by id: (list bracket, id) → the entries' brackets, in order.
    entries: std::collections::HashMap<(usize, String), Vec<usize>>,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// Characters before every 4096th byte, for columns on very long lines.
    char_marks: Vec<usize>,
}

/// Bytes between two entries of `SourceMap::char_marks`.
const CHAR_MARK: usize = 4096;

impl<'a> SourceMap<'a> {
    /// Scan `text`.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut brackets: Vec<Bracket> = Vec::new();
        let mut keys: Vec<Key<'a>> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        // Key waiting for its value to open a bracket.
        let mut pending_key: Option<usize> = None;
        let mut i = 0;
        while i < bytes.len() {
            if let Some((end, was_string)) = skip_opaque(bytes, i) {
                if was_string {
                    pending_key = None;
                }
                i = end;
                continue;
            }
            let b = bytes[i];
            match b {
                b'(' | b'[' | b'{' => {
                    let idx = brackets.len();
                    brackets.push(Bracket {
                        offset: i,
                        parent: stack.last().copied(),
                    });
                    if let Some(k) = pending_key.take() {
                        keys[k].opens = Some(idx);
                    }
                    stack.push(idx);
                }
                b')' | b']' | b'}' => {
                    stack.pop();
                    pending_key = None;
                }
                b',' => pending_key = None,
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let start = i;
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_')
                    {
                        i += 1;
                    }
                    let mut j = i;
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if bytes.get(j) == Some(&b':') && bytes.get(j + 1) != Some(&b':') {
                        let mut v = j + 1;
                        while v < bytes.len() && bytes[v].is_ascii_whitespace() {
                            v += 1;
                        }
                        let value_at = match bytes.get(v) {
                            Some(b'"') => Some(v),
                            Some(b'r') if is_raw_string_start(bytes, v) => Some(v),
                            _ => None,
                        };
                        keys.push(Key {
                            name: &text[start..i],
                            offset: start,
                            container: stack.last().copied(),
                            value_at,
                            opens: None,
                        });
                        pending_key = Some(keys.len() - 1);
                        i = j + 1;
                    }
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        let (key_start, key_list) = group_by(brackets.len(), keys.iter().map(|k| k.container));
        // Children by parent, in order: a counting sort of the brackets by their parent.
        let (child_start, child_list) = group_by(brackets.len(), brackets.iter().map(|b| b.parent));
        let mut entries: std::collections::HashMap<(usize, String), Vec<usize>> =
            std::collections::HashMap::new();
        for k in &keys {
            if k.name != "id" {
                continue;
            }
            let (Some(c), Some(v)) = (k.container, string_value(text, k.value_at)) else {
                continue;
            };
            if let Some(list) = brackets[c].parent {
                entries.entry((list, v)).or_default().push(c);
            }
        }
        let line_starts = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        let mut char_marks = Vec::with_capacity(bytes.len() / CHAR_MARK + 1);
        let mut chars = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if i % CHAR_MARK == 0 {
                char_marks.push(chars);
            }
            // Count the first byte of each character.
            if (b & 0xC0) != 0x80 {
                chars += 1;
            }
        }
        Self {
            text,
            brackets,
            keys,
            unclosed: stack.len(),
            key_start,
            key_list,
            child_start,
            child_list,
            entries,
            line_starts,
            char_marks,
        }
    }

    /// Characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let mark = offset / CHAR_MARK;
        let Some(&base) = self.char_marks.get(mark) else {
            return self.text.chars().count();
        };
        let from = mark * CHAR_MARK;
        base + self.text.as_bytes()[from..offset]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count()
    }

    /// How many brackets are still open at the end of the text (a sign of truncation).
    pub fn unclosed(&self) -> usize {
        self.unclosed
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        (
            line,
            self.chars_before(offset) - self.chars_before(start) + 1,
        )
    }

    /// The position of a location, as a byte offset, if it can be found.
    pub fn offset(&self, loc: &Location) -> Option<usize> {
        match loc {
            Location::Scenario(field) => {
                let name = field.name()?;
                self.key_in(0, name).map(|k| k.offset)
            }
            Location::Indicator { id, nth, field } => {
                self.entry_field("indicators", id, *nth, field)
            }
            Location::Region { id, nth, field } => self.entry_field("regions", id, *nth, field),
            Location::Branch { id, nth, field } => self.entry_field("branches", id, *nth, field),
            Location::Effect {
                branch,
                nth,
                index,
                field,
            } => {
                let entry = self.entry("branches", branch, *nth)?;
                let list = self.child_list_of(entry, "effects")?;
                let effect = self.nth_child(list, *index)?;
                Some(self.field_in(effect, field))
            }
            Location::Slide { index } => {
                let list = self.child_list_of(0, "slides")?;
                self.nth_child(list, *index)
                    .map(|b| self.brackets[b].offset)
            }
            Location::View { id, nth, field } => self.entry_field("views", id, *nth, field),
            Location::Signpost { id, nth, field } => self.entry_field("signposts", id, *nth, field),
            Location::Likelihood {
                signpost,
                nth,
                index,
                field,
            } => {
                let entry = self.entry("signposts", signpost, *nth)?;
                let items = self.child_list_of(entry, "likelihoods")?;
                let item = self.nth_child(items, *index)?;
                Some(self.field_in(item, field))
            }
            Location::Revision { index, field } => {
                let list = self.child_list_of(0, "revisions")?;
                let item = self.nth_child(list, *index)?;
                Some(self.field_in(item, field))
            }
            Location::Override {
                view,
                nth,
                list,
                index,
                field,
            } => {
                let entry = self.entry("views", view, *nth)?;
                let items = self.child_list_of(entry, list)?;
                let item = self.nth_child(items, *index)?;
                Some(self.field_in(item, field))
            }
        }
    }

    /// The offset of `field` inside the bracket `item`, or of the bracket itself.
    fn field_in(&self, item: usize, field: &Field) -> usize {
        field
            .name()
            .and_then(|n| self.key_in(item, n))
            .map_or(self.brackets[item].offset, |k| k.offset)
    }

    /// Line and column of a location, if it can be found.
    pub fn locate(&self, loc: &Location) -> Option<(usize, usize)> {
        self.offset(loc).map(|o| self.line_col(o))
    }

    /// Describe what sits at a 1-based line and column: the field being read and the id of the
    /// nearest enclosing element, e.g. ``field `likely` of "escalation"``.
    pub fn context_at(&self, line: usize, col: usize) -> Option<String> {
        let offset = offset_of(self.text, line, col);
        let before = self.keys.partition_point(|k| k.offset <= offset);
        let key = self.keys.get(before.checked_sub(1)?)?;
        let mut container = key.container;
        let mut owner = None;
        while let Some(c) = container {
            if let Some(id) = self
                .key_in(c, "id")
                .and_then(|k| string_value(self.text, k.value_at))
            {
                owner = Some(id);
                break;
            }
            container = self.brackets[c].parent;
        }
        Some(match owner {
            Some(id) => format!("field `{}` of \"{id}\"", key.name),
            None => format!("field `{}`", key.name),
        })
    }

    fn key_in(&self, container: usize, name: &str) -> Option<&Key<'a>> {
        let (a, b) = (
            *self.key_start.get(container)?,
            *self.key_start.get(container + 1)?,
        );
        self.key_list[a..b]
            .iter()
            .map(|&i| &self.keys[i])
            .find(|k| k.name == name)
    }

    /// The bracket opened by `key:` inside `container`.
    fn child_list_of(&self, container: usize, key: &str) -> Option<usize> {
        if self.brackets.is_empty() {
            return None;
        }
        self.key_in(container, key)?.opens
    }

    fn nth_child(&self, list: usize, n: usize) -> Option<usize> {
        let (a, b) = (
            *self.child_start.get(list)?,
            *self.child_start.get(list + 1)?,
        );
        self.child_list[a..b].get(n).copied()
    }

    /// The bracket of the `nth` entry with `id` in a top-level list section.
    fn entry(&self, section: &str, id: &str, nth: usize) -> Option<usize> {
        let list = self.child_list_of(0, section)?;
        self.entries.get(&(list, id.to_owned()))?.get(nth).copied()
    }

    fn entry_field(&self, section: &str, id: &str, nth: usize, field: &Field) -> Option<usize> {
        let entry = self.entry(section, id, nth)?;
        let id_key = self.key_in(entry, "id").map(|k| k.offset);
        let fallback = id_key.unwrap_or(self.brackets[entry].offset);
        match field {
            Field::Whole => Some(fallback),
            Field::Named(name) => Some(self.key_in(entry, name).map_or(fallback, |k| k.offset)),
            Field::Baseline(indicator) => {
                let Some(list) = self.child_list_of(entry, "baselines") else {
                    return Some(fallback);
                };
                let (a, b) = (self.child_start[list], self.child_start[list + 1]);
                let hit = self.child_list[a..b].iter().find_map(|&c| {
                    self.key_in(c, "indicator").filter(|k| {
                        string_value(self.text, k.value_at).as_deref() == Some(indicator.as_str())
                    })
                });
                Some(hit.map_or(self.brackets[list].offset, |k| k.offset))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::scan::line_col;
    use super::*;

    const TEXT: &str = r#"(
    format: "muscat-scenario",
    title: "a (tricky) \"title\" id: \"x\"",
    regions: [
        (
            id: "iran",
            name: "Iran",
            baselines: [
                (indicator: "unrest", value: 50.0),
                (indicator: "econ", value: 30.0),
            ],
        ),
    ],
    branches: [
        (id: "a", name: "A", probability: 0.5), // comment id: "a"
        (
            id: "b",
            name: "B",
            probability: 0.5,
            effects: [
                (region: "iran", indicator: "unrest", change: (low: 1.0, likely: 2.0, high: 3.0)),
                (region: "irn", indicator: "unrest", change: (low: 1.0, likely: 2.0, high: 3.0)),
            ],
        ),
        (id: "a", name: "A again", probability: 0.1),
    ],
)"#;

    #[test]
    fn finds_fields_by_id() {
        let map = SourceMap::new(TEXT);
        let at = |loc| map.locate(&loc);
        assert_eq!(
            at(Location::Branch {
                id: "b".into(),
                nth: 0,
                field: Field::Named("probability")
            }),
            Some((19, 13))
        );
        assert_eq!(
            at(Location::Branch {
                id: "a".into(),
                nth: 1,
                field: Field::Named("id")
            }),
            Some((25, 10))
        );
        assert_eq!(
            at(Location::Effect {
                branch: "b".into(),
                nth: 0,
                index: 1,
                field: Field::Named("region")
            }),
            Some((22, 18))
        );
        assert_eq!(
            at(Location::Region {
                id: "iran".into(),
                nth: 0,
                field: Field::Baseline("econ".into())
            }),
            Some((10, 18))
        );
        assert_eq!(at(Location::Scenario(Field::Named("title"))), Some((3, 5)));
    }

    #[test]
    fn ids_in_raw_strings_and_escapes_are_found() {
        let text = "(\n  branches: [\n    (id: r\"part\", name: \"A\"),\n    (id: \"p\\u{61}rt\", name: \"B\"),\n    (id: r#\"x\"y\"#, name: \"C\"),\n  ],\n)";
        let map = SourceMap::new(text);
        let at = |id: &str, nth| {
            map.locate(&Location::Branch {
                id: id.into(),
                nth,
                field: Field::Named("id"),
            })
        };
        assert_eq!(at("part", 0), Some((3, 6)));
        assert_eq!(at("part", 1), Some((4, 6)));
        assert_eq!(at("x\"y", 0), Some((5, 6)));
    }

    #[test]
    fn columns_count_characters_on_long_lines() {
        let line = "ä".repeat(5000);
        let text = format!("x\n{line}y");
        let map = SourceMap::new(&text);
        let y = text.len() - 1;
        assert_eq!(map.line_col(y), (2, 5001));
        assert_eq!(map.line_col(y), line_col(&text, y));
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncä d", 7), (2, 4));
        assert_eq!(line_col("x", 99), (1, 2));
    }
}
