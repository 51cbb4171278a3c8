//! Finds where a scenario element sits in RON text, so that problems found after parsing can
//! still be reported with a line and column.
//!
//! A light scanner walks the text once, skipping strings and comments, and records every
//! bracket and every `key:` with the bracket that holds it. Elements are then found by their id,
//! exactly as a reader of the file would find them.

use crate::model::{Field, Location};

#[derive(Debug)]
struct Bracket {
    offset: usize,
    parent: Option<usize>,
}

#[derive(Debug)]
struct Key {
    name: String,
    offset: usize,
    /// Index of the bracket that holds the key.
    container: Option<usize>,
    /// The string value after the colon, if the value is a string.
    value: Option<String>,
    /// Index of the first bracket opened after the colon, if the value opens one.
    opens: Option<usize>,
}

/// An index of brackets and keys in RON text.
#[derive(Debug)]
pub struct SourceMap<'a> {
    text: &'a str,
    brackets: Vec<Bracket>,
    keys: Vec<Key>,
    /// Brackets still open at the end of the text.
    unclosed: usize,
}

impl<'a> SourceMap<'a> {
    /// Scan `text`.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut brackets: Vec<Bracket> = Vec::new();
        let mut keys: Vec<Key> = Vec::new();
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
                        let value = (bytes.get(v) == Some(&b'"')).then(|| scan_string(bytes, v).0);
                        keys.push(Key {
                            name: text[start..i].to_owned(),
                            offset: start,
                            container: stack.last().copied(),
                            value,
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
        Self {
            text,
            brackets,
            keys,
            unclosed: stack.len(),
        }
    }

    /// How many brackets are still open at the end of the text (a sign of truncation).
    pub fn unclosed(&self) -> usize {
        self.unclosed
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(self.text, offset)
    }

    /// The position of a location, as a byte offset, if it can be found.
    pub fn offset(&self, loc: &Location) -> Option<usize> {
        match loc {
            Location::Scenario(field) => {
                let name = field.name()?;
                self.keys
                    .iter()
                    .find(|k| k.container == Some(0) && k.name == name)
                    .map(|k| k.offset)
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
                let list = self.child_list(entry, "effects")?;
                let effect = self.nth_child(list, *index)?;
                Some(
                    field
                        .name()
                        .and_then(|n| self.key_in(effect, n))
                        .map_or(self.brackets[effect].offset, |k| k.offset),
                )
            }
            Location::Slide { index } => {
                let list = self.child_list(0, "slides")?;
                self.nth_child(list, *index)
                    .map(|b| self.brackets[b].offset)
            }
        }
    }

    /// Line and column of a location, if it can be found.
    pub fn locate(&self, loc: &Location) -> Option<(usize, usize)> {
        self.offset(loc).map(|o| self.line_col(o))
    }

    /// Describe what sits at a 1-based line and column: the field being read and the id of the
    /// nearest enclosing element, e.g. ``field `likely` of "escalation"``.
    pub fn context_at(&self, line: usize, col: usize) -> Option<String> {
        let offset = offset_of(self.text, line, col);
        let key = self.keys.iter().rev().find(|k| k.offset <= offset)?;
        let mut container = key.container;
        let mut owner = None;
        while let Some(c) = container {
            if let Some(id) = self.key_in(c, "id").and_then(|k| k.value.clone()) {
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

    fn key_in(&self, container: usize, name: &str) -> Option<&Key> {
        self.keys
            .iter()
            .find(|k| k.container == Some(container) && k.name == name)
    }

    /// The bracket opened by `key:` inside `container`.
    fn child_list(&self, container: usize, key: &str) -> Option<usize> {
        if self.brackets.is_empty() {
            return None;
        }
        self.key_in(container, key)?.opens
    }

    fn nth_child(&self, list: usize, n: usize) -> Option<usize> {
        self.brackets
            .iter()
            .enumerate()
            .filter(|(_, b)| b.parent == Some(list))
            .nth(n)
            .map(|(i, _)| i)
    }

    /// The bracket of the `nth` entry with `id` in a top-level list section.
    fn entry(&self, section: &str, id: &str, nth: usize) -> Option<usize> {
        let list = self.child_list(0, section)?;
        self.keys
            .iter()
            .filter(|k| {
                k.name == "id"
                    && k.value.as_deref() == Some(id)
                    && k.container
                        .is_some_and(|c| self.brackets[c].parent == Some(list))
            })
            .nth(nth)
            .and_then(|k| k.container)
    }

    fn entry_field(&self, section: &str, id: &str, nth: usize, field: &Field) -> Option<usize> {
        let entry = self.entry(section, id, nth)?;
        let id_key = self.key_in(entry, "id").map(|k| k.offset);
        let fallback = id_key.unwrap_or(self.brackets[entry].offset);
        match field {
            Field::Whole => Some(fallback),
            Field::Named(name) => Some(self.key_in(entry, name).map_or(fallback, |k| k.offset)),
            Field::Baseline(indicator) => {
                let Some(list) = self.child_list(entry, "baselines") else {
                    return Some(fallback);
                };
                let hit = self.keys.iter().find(|k| {
                    k.name == "indicator"
                        && k.value.as_deref() == Some(indicator.as_str())
                        && k.container
                            .is_some_and(|c| self.brackets[c].parent == Some(list))
                });
                Some(hit.map_or(self.brackets[list].offset, |k| k.offset))
            }
        }
    }
}

/// If `i` starts a comment, a string, a raw string or an inner attribute, the offset just after
/// it, and whether it was a string.
fn skip_opaque(bytes: &[u8], i: usize) -> Option<(usize, bool)> {
    match bytes[i] {
        b'/' if bytes.get(i + 1) == Some(&b'/') => {
            let end = bytes[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(bytes.len(), |p| i + p);
            Some((end, false))
        }
        b'/' if bytes.get(i + 1) == Some(&b'*') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < bytes.len() {
                if bytes[j] == b'/' && bytes.get(j + 1) == Some(&b'*') {
                    depth += 1;
                    j += 2;
                } else if bytes[j] == b'*' && bytes.get(j + 1) == Some(&b'/') {
                    depth = depth.saturating_sub(1);
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            Some((j, false))
        }
        b'#' if bytes.get(i + 1) == Some(&b'!') => {
            // An inner attribute, `#![enable(...)]`: not part of the data.
            let end = bytes[i..]
                .iter()
                .position(|&c| c == b']')
                .map_or(bytes.len(), |p| i + p + 1);
            Some((end, false))
        }
        b'"' => Some((skip_string(bytes, i), true)),
        b'r' if is_raw_string_start(bytes, i) => Some((skip_raw_string(bytes, i), true)),
        _ => None,
    }
}

/// The offset after a `"…"` string starting at `start`.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The spans of the elements of a top-level list field (`branches: [ (...), (...) ]`), for
/// parsing them apart. `None` if the field is missing or the text is not well bracketed.
pub fn list_elements(
    text: &str,
    field: &str,
) -> Option<(std::ops::Range<usize>, Vec<std::ops::Range<usize>>)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut list: Option<usize> = None;
    let mut expect_list = false;
    let mut elements = Vec::new();
    let mut element_start = None;
    while i < bytes.len() {
        // Only a few bytes matter; test them before anything slower (this runs over every
        // byte of large files).
        let b = bytes[i];
        if matches!(b, b'"' | b'/' | b'#' | b'r')
            && let Some((end, _)) = skip_opaque(bytes, i)
        {
            i = end;
            continue;
        }
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if expect_list && depth == 2 && bytes[i] == b'[' {
                    list = Some(i);
                }
                expect_list = false;
                if list.is_some() && depth == 3 {
                    element_start = Some(i);
                }
            }
            b')' | b']' | b'}' => {
                if list.is_some()
                    && depth == 3
                    && let Some(s) = element_start.take()
                {
                    elements.push(s..i + 1);
                }
                if let Some(start) = list
                    && depth == 2
                {
                    return Some((start..i + 1, elements));
                }
                depth = depth.checked_sub(1)?;
            }
            c if depth == 1 && list.is_none() && (c.is_ascii_alphabetic() || c == b'_') => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let mut j = i;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                expect_list = &text[start..i] == field && bytes.get(j) == Some(&b':');
                if expect_list {
                    i = j + 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The byte offset of a 1-based line and column (in characters).
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}

/// Decode a RON string starting at `start` (a `"`); returns the value and the offset after it.
fn scan_string(bytes: &[u8], start: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                match bytes.get(i + 1) {
                    Some(b'n') => out.push(b'\n'),
                    Some(b't') => out.push(b'\t'),
                    Some(&c) => out.push(c),
                    None => {}
                }
                i += 2;
            }
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), bytes.len())
}

fn is_raw_string_start(bytes: &[u8], i: usize) -> bool {
    let prev_ident = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
    if prev_ident {
        return false;
    }
    let mut j = i + 1;
    while bytes.get(j) == Some(&b'#') {
        j += 1;
    }
    bytes.get(j) == Some(&b'"')
}

fn skip_raw_string(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    let mut hashes = 0;
    while bytes.get(j) == Some(&b'#') {
        hashes += 1;
        j += 1;
    }
    j += 1; // the opening quote
    while j < bytes.len() {
        if bytes[j] == b'"' && (1..=hashes).all(|h| bytes.get(j + h) == Some(&b'#')) {
            return j + 1 + hashes;
        }
        j += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
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
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncä d", 7), (2, 4));
        assert_eq!(line_col("x", 99), (1, 2));
    }
}
