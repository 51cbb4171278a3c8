//! The README's table of layers is the code's: each top-level module imports exactly the modules
//! its row lists, every one of them listed after it (so no two modules import each other), and
//! the modules the README says never import egui do not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The table's rows in order: the module and the modules it depends on.
fn table() -> Vec<(String, BTreeSet<String>)> {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).expect("README");
    let mut rows = Vec::new();
    let mut inside = false;
    for line in readme.lines() {
        if line.starts_with("| Module | Owns | Depends on |") {
            inside = true;
            continue;
        }
        if !inside || line.starts_with("| ---") {
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let name = cells[1]
            .trim_matches('`')
            .trim_end_matches(".rs")
            .to_string();
        let deps = cells[cells.len() - 2]
            .split(',')
            .map(|d| d.split_whitespace().next().unwrap_or_default())
            .map(|d| d.trim_matches('`').to_string())
            .filter(|d| !d.is_empty() && d != "—")
            .collect();
        rows.push((name, deps));
    }
    assert!(rows.len() > 5, "the README's table of layers was not found");
    rows
}

/// The `.rs` files of a module, its own tests left out.
fn files(module: &str) -> Vec<PathBuf> {
    let dir = Path::new(ROOT).join("src").join(module);
    let mut out = Vec::new();
    if dir.is_dir() {
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("read src").flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs")
                    && p.file_name().is_some_and(|n| n != "tests.rs")
                {
                    out.push(p);
                }
            }
        }
    } else {
        out.push(Path::new(ROOT).join("src").join(format!("{module}.rs")));
    }
    out
}

/// The code of a file before its unit tests, comment lines left out.
fn code(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("read a source file");
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(str::to_string)
        .collect()
}

/// The top-level modules named after `prefix` (`crate::` or `muscat::`) in these lines.
fn named(lines: &[String], prefix: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in lines {
        for (at, _) in line.match_indices(prefix) {
            let rest = &line[at + prefix.len()..];
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if modules.contains(&word) {
                out.insert(word);
            }
        }
    }
    out
}

#[test]
fn each_module_imports_exactly_what_the_readme_s_table_lists_and_only_modules_below_it() {
    let rows = table();
    let modules: BTreeSet<String> = rows
        .iter()
        .map(|(m, _)| m.clone())
        .filter(|m| m != "main")
        .collect();
    let mut actual: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, _) in &rows {
        let found = if module == "main" {
            let lines = code(&Path::new(ROOT).join("src/main.rs"));
            named(&lines, "muscat::", &modules)
        } else {
            let mut found = BTreeSet::new();
            for f in files(module) {
                found.extend(named(&code(&f), "crate::", &modules));
            }
            found.remove(module);
            found
        };
        actual.insert(module.clone(), found);
    }
    let mut problems = Vec::new();
    for (i, (module, listed)) in rows.iter().enumerate() {
        let found = &actual[module];
        for d in found.difference(listed) {
            problems.push(format!(
                "`{module}` imports `{d}`, which its row does not list"
            ));
        }
        for d in listed.difference(found) {
            problems.push(format!(
                "`{module}`'s row lists `{d}`, which it does not import"
            ));
        }
        let below: BTreeSet<&String> = rows[i + 1..].iter().map(|(m, _)| m).collect();
        for d in listed {
            if !below.contains(d) {
                problems.push(format!(
                    "`{module}` depends on `{d}`, which is not below it"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_modules_below_the_window_never_import_egui() {
    for module in [
        "engine", "model", "map", "io", "charts", "style", "export", "cli",
    ] {
        for f in files(module) {
            for line in code(&f) {
                for gui in ["egui::", "egui_plot::", "eframe::", "rfd::", "x11rb::"] {
                    assert!(!line.contains(gui), "{} imports {gui}: {line}", f.display());
                }
            }
        }
    }
}
