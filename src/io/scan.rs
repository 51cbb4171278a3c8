//! Scanning RON text without parsing it: strings, raw strings, escapes, comments, brackets,
//! and positions as lines and columns. Shared by the source map and the parallel loader.

/// Items grouped by the bracket that holds them, in order, as `(start, list)`: the items of
/// bracket `b` are `list[start[b]..start[b + 1]]`. A counting sort, linear in the items.
pub(super) fn group_by(
    brackets: usize,
    owners: impl Iterator<Item = Option<usize>> + Clone,
) -> (Vec<usize>, Vec<usize>) {
    let mut start = vec![0usize; brackets + 1];
    for b in owners.clone().flatten() {
        start[b + 1] += 1;
    }
    for i in 0..brackets {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut list = vec![0usize; start[brackets]];
    for (i, owner) in owners.enumerate() {
        if let Some(b) = owner {
            list[fill[b]] = i;
            fill[b] += 1;
        }
    }
    (start, list)
}

/// The decoded string value that starts at `at` (a `"` or a raw string).
pub(super) fn string_value(text: &str, at: Option<usize>) -> Option<String> {
    let at = at?;
    let bytes = text.as_bytes();
    match bytes.get(at)? {
        b'"' => Some(scan_string(bytes, at).0),
        _ => Some(raw_string_value(text, at)),
    }
}

/// If `i` starts a comment, a string, a raw string or an inner attribute, the offset just after
/// it, and whether it was a string.
pub(super) fn skip_opaque(bytes: &[u8], i: usize) -> Option<(usize, bool)> {
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
pub(super) fn skip_string(bytes: &[u8], start: usize) -> usize {
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

/// Decode a RON string starting at `start` (a `"`), escapes included; returns the value and the
/// offset after it.
pub(super) fn scan_string(bytes: &[u8], start: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                let (decoded, next) = escape(bytes, i + 1);
                let mut buf = [0u8; 4];
                out.extend_from_slice(decoded.encode_utf8(&mut buf).as_bytes());
                i = next;
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

/// The character an escape stands for (`at` is just after the backslash) and the offset after it.
pub(super) fn escape(bytes: &[u8], at: usize) -> (char, usize) {
    let hex = |s: &[u8]| {
        std::str::from_utf8(s)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
    };
    match bytes.get(at) {
        Some(b'n') => ('\n', at + 1),
        Some(b't') => ('\t', at + 1),
        Some(b'r') => ('\r', at + 1),
        Some(b'0') => ('\0', at + 1),
        Some(b'x') => {
            let end = (at + 3).min(bytes.len());
            (hex(&bytes[at + 1..end]).unwrap_or('\u{fffd}'), end)
        }
        Some(b'u') if bytes.get(at + 1) == Some(&b'{') => {
            let close = bytes[at..]
                .iter()
                .position(|&b| b == b'}')
                .map_or(bytes.len(), |p| at + p);
            let c = hex(&bytes[(at + 2).min(close)..close]).unwrap_or('\u{fffd}');
            (c, (close + 1).min(bytes.len()))
        }
        Some(&c) if c.is_ascii() => (c as char, at + 1),
        Some(_) => ('\u{fffd}', at + 1),
        None => ('\u{fffd}', at),
    }
}

/// The value of a raw string `r"…"` or `r#"…"#` starting at `start`.
pub(super) fn raw_string_value(text: &str, start: usize) -> String {
    let bytes = text.as_bytes();
    let mut j = start + 1;
    while bytes.get(j) == Some(&b'#') {
        j += 1;
    }
    let hashes = j - start - 1;
    let body = j + 1;
    let end = skip_raw_string(bytes, start);
    let close = end.saturating_sub(1 + hashes).max(body);
    text.get(body..close).unwrap_or("").to_owned()
}

pub(super) fn is_raw_string_start(bytes: &[u8], i: usize) -> bool {
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

pub(super) fn skip_raw_string(bytes: &[u8], i: usize) -> usize {
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
