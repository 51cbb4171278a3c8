//! Exports: SVG, PNG and the HTML brief, from the command line.

mod common;

use common::TempDir;

use std::path::Path;
use std::process::{Command, Output};

fn muscat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_muscat"))
        .args(args)
        .output()
        .expect("run muscat")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    (w, h)
}

#[test]
fn export_writes_every_slide_and_the_brief() {
    let dir = TempDir::new("all");
    let out = dir.0.join("deck");
    let o = muscat(&[
        "export",
        "scenarios/us-iran-muscat-2026.ron",
        "--out",
        s(&out),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let names = files(&out);
    assert_eq!(names.len(), 10 * 2 + 1, "{names:?}");
    assert!(names.contains(&"10-where-stability-stands-across-the-region.svg".to_owned()));
    assert!(names.contains(&"01-expected-stability-by-region.svg".to_owned()));
    assert!(names.contains(&"03-iran-civil-unrest-over-two-years.png".to_owned()));
    assert!(names.contains(&"brief.html".to_owned()));

    // Every SVG parses, and carries its title, the source line and the numbers.
    let s_ = muscat::io::default_scenario();
    let e = muscat::engine::Expected::compute(&s_);
    for name in names.iter().filter(|n| n.ends_with(".svg")) {
        let text = std::fs::read_to_string(out.join(name)).expect("read");
        resvg::usvg::Tree::from_str(&text, &resvg::usvg::Options::default())
            .unwrap_or_else(|err| panic!("{name} does not parse: {err}"));
        assert!(
            text.contains("illustrative numbers"),
            "{name}: no source line"
        );
    }
    let first =
        std::fs::read_to_string(out.join("01-expected-stability-by-region.svg")).expect("read");
    assert!(first.contains("Expected stability by region"));
    for (r, region) in s_.regions.iter().enumerate() {
        assert!(first.contains(&region.name));
        let v = muscat::charts::fmt_num(e.composite_at(r, e.horizon()));
        assert!(
            first.contains(&format!(">{v}<")),
            "{} value {v} missing",
            region.name
        );
    }
    let tree = std::fs::read_to_string(out.join("07-the-outcome-tree.svg")).expect("read");
    assert!(tree.contains("Managed stalemate") && tree.contains("27.5% overall"));
    // The signposts chart names every signpost; the timeline every revision and outcome.
    let board =
        std::fs::read_to_string(out.join("08-iran-what-the-signposts-would-do.svg")).expect("read");
    for sp in &s_.signposts {
        assert!(
            board.contains(&muscat::export::svg::esc(&sp.name)),
            "{} missing from the signposts chart",
            sp.name
        );
    }
    let timeline = std::fs::read_to_string(out.join("09-the-odds-over-time.svg")).expect("read");
    for needle in [
        "Talks collapse 50%",
        "Comprehensive deal 15%",
        "2026-10-08",
        "1 Nationwide internet shutdown in Iran: seen",
        "2 Bazaar and oil-sector strikes spread: seen",
    ] {
        assert!(
            timeline.contains(needle),
            "{needle} missing from the timeline"
        );
    }

    // PNGs are at 2× scale: at least 1,600 pixels wide.
    for name in names.iter().filter(|n| n.ends_with(".png")) {
        let (w, h) = png_size(&std::fs::read(out.join(name)).expect("read"));
        assert_eq!((w, h), (3200, 1800), "{name}");
    }

    // The brief is one self-contained page.
    let brief = std::fs::read_to_string(out.join("brief.html")).expect("read");
    assert!(brief.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        brief.matches("<svg").count(),
        11,
        "the tree plus ten charts, the map the last"
    );
    assert!(brief.contains("<pattern id=\"hatch-"), "the map's hatching");
    for needle in [
        "US–Iran nuclear talks in Muscat",
        "Illustrative numbers",
        "Deal with capped domestic enrichment",
        "10.5%",
        "Expected values at the horizon",
        "Chance of alert",
        "Both sides cross a red line",
        "https://www.iaea.org/newscenter/focus/iran",
    ] {
        assert!(brief.contains(needle), "brief lacks {needle}");
    }
    for external in ["<script", "<link", "src=\"http", "url(http", "@import"] {
        assert!(!brief.contains(external), "brief loads {external}");
    }
}

#[test]
fn export_refuses_to_overwrite_unless_forced() {
    let dir = TempDir::new("force");
    let out = dir.0.join("deck");
    let args = |force: bool| {
        let mut a = vec![
            "export".to_owned(),
            "scenarios/blank-template.ron".to_owned(),
            "--out".to_owned(),
            s(&out).to_owned(),
            "--format".to_owned(),
            "svg,html".to_owned(),
        ];
        if force {
            a.push("--force".to_owned());
        }
        a
    };
    let run = |a: Vec<String>| {
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        muscat(&refs)
    };
    assert_eq!(run(args(false)).status.code(), Some(0));
    // No slides: the standard charts.
    let names = files(&out);
    assert!(
        names.contains(&"01-expected-by-region.svg".to_owned()),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.ends_with(".png")));
    let before = std::fs::read(out.join("brief.html")).expect("read");
    let o = run(args(false));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(std::fs::read(out.join("brief.html")).expect("read"), before);
    assert_eq!(run(args(true)).status.code(), Some(0));
}

#[test]
fn export_fails_clearly_on_a_folder_it_cannot_use() {
    let dir = TempDir::new("bad");
    let file = dir.0.join("not-a-folder");
    std::fs::write(&file, "x").expect("write");
    let o = muscat(&["export", "scenarios/blank-template.ron", "--out", s(&file)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("it is a file"));
    let o = muscat(&[
        "export",
        "scenarios/blank-template.ron",
        "--out",
        "/proc/muscat-cannot-write-here",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot write to"));
    let o = muscat(&[
        "export",
        "scenarios/blank-template.ron",
        "--out",
        s(&dir.0),
        "--format",
        "gif",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn export_never_writes_outside_its_folder() {
    let dir = TempDir::new("escape");
    let mut sc = muscat::io::default_scenario();
    sc.slides.truncate(1);
    sc.slides[0].title = "../../../../tmp/escaped".into();
    let file = dir.0.join("s.ron");
    muscat::io::save_file(&file, &sc).expect("save");
    let out = dir.0.join("deck");
    let o = muscat(&["export", s(&file), "--out", s(&out), "--format", "svg"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(files(&out), vec!["01-tmp-escaped.svg".to_owned()]);
    assert_eq!(files(&dir.0), vec!["deck".to_owned(), "s.ron".to_owned()]);
}

/// Every page object of a PDF, as its media box `[x0 y0 x1 y1]` (the page dictionaries are
/// written uncompressed).
fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut boxes = Vec::new();
    for (at, _) in text.match_indices("/Type /Page\n") {
        let rest = &text[at..];
        let end = rest.find(">>").unwrap_or(rest.len());
        let dict = &rest[..end];
        let start = dict
            .find("/MediaBox [")
            .expect("a page without a media box")
            + 11;
        let stop = dict[start..].find(']').expect("media box") + start;
        boxes.push(dict[start..stop].trim().to_owned());
    }
    boxes
}

#[test]
fn pdf_export_writes_a_deck_and_a_brief_on_either_paper() {
    let dir = TempDir::new("pdf");
    for (paper, expected_box) in [("a4", "0 0 595.28 841.89"), ("letter", "0 0 612 792")] {
        let out = dir.0.join(paper);
        let o = muscat(&[
            "export",
            "scenarios/us-iran-muscat-2026.ron",
            "--out",
            s(&out),
            "--format",
            "pdf",
            "--paper",
            paper,
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(files(&out), ["brief.pdf", "deck.pdf"]);
        let deck = std::fs::read(out.join("deck.pdf")).expect("read");
        assert!(deck.starts_with(b"%PDF-"));
        let pages = pdf_pages(&deck);
        // One page per slide, then the speaker notes: the bundled scenario's notes (a short
        // paragraph per slide) take one to three pages. That page N is slide N is checked
        // with the pages' text under the pdf-text feature.
        let slides = muscat::io::default_scenario().slides.len();
        assert!(
            (slides + 1..=slides + 3).contains(&pages.len()),
            "{} deck pages for {slides} slides",
            pages.len()
        );
        assert!(
            pages.iter().all(|b| b == "0 0 960 540"),
            "deck pages must be 16:9: {pages:?}"
        );
        let brief = std::fs::read(out.join("brief.pdf")).expect("read");
        let pages = pdf_pages(&brief);
        assert!(pages.len() >= 3, "{} brief pages", pages.len());
        assert!(
            pages.iter().all(|b| b == expected_box),
            "{paper}: {pages:?}"
        );
        // The fonts travel with the file.
        assert!(String::from_utf8_lossy(&brief).contains("/FontFile"));
    }
    // Unknown paper is refused before anything is written.
    let o = muscat(&[
        "export",
        "scenarios/us-iran-muscat-2026.ron",
        "--out",
        s(&dir.0.join("legal")),
        "--format",
        "pdf",
        "--paper",
        "legal",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.0.join("legal").exists());
}

#[test]
fn pdf_export_refuses_to_overwrite_unless_forced() {
    let dir = TempDir::new("pdf-force");
    let out = dir.0.join("out");
    let args = |force: bool| {
        let mut a = vec![
            "export".to_owned(),
            "scenarios/us-iran-muscat-2026.ron".to_owned(),
            "--out".to_owned(),
            s(&out).to_owned(),
            "--format".to_owned(),
            "pdf".to_owned(),
        ];
        if force {
            a.push("--force".to_owned());
        }
        a
    };
    let run = |a: Vec<String>| {
        Command::new(env!("CARGO_BIN_EXE_muscat"))
            .args(a)
            .output()
            .expect("run")
    };
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("brief.pdf"), b"mine").expect("write");
    let o = run(args(false));
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("brief.pdf"));
    assert_eq!(std::fs::read(out.join("brief.pdf")).expect("read"), b"mine");
    assert!(
        !out.join("deck.pdf").exists(),
        "nothing is written on refusal"
    );
    let o = run(args(true));
    assert_eq!(o.status.code(), Some(0));
    assert!(
        std::fs::read(out.join("brief.pdf"))
            .expect("read")
            .starts_with(b"%PDF-")
    );
}

/// The PDFs' text is real text: poppler reads back the titles, the notes and the numbers.
#[cfg(feature = "pdf-text")]
#[test]
fn pdf_text_is_selectable_and_carries_the_numbers() {
    let dir = TempDir::new("pdf-text");
    let out = dir.0.join("out");
    let o = muscat(&[
        "export",
        "scenarios/us-iran-muscat-2026.ron",
        "--out",
        s(&out),
        "--format",
        "pdf",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = |name: &str| {
        let o = Command::new("pdftotext")
            .args([s(&out.join(name)), "-"])
            .output()
            .expect("pdftotext (poppler-utils) is needed for the pdf-text feature");
        assert!(o.status.success());
        String::from_utf8(o.stdout).expect("utf-8")
    };
    let sc = muscat::io::default_scenario();
    let deck = text("deck.pdf");
    // pdftotext ends each page with a form feed: page N is slide N.
    let pages: Vec<&str> = deck.split('\u{c}').collect();
    for (n, slide) in sc.slides.iter().enumerate() {
        assert!(
            pages[n].contains(&slide.title),
            "deck page {} is not slide {}",
            n + 1,
            slide.title
        );
    }
    assert!(
        pages[sc.slides.len()].contains("Speaker notes"),
        "the notes follow the slides"
    );
    assert!(deck.contains("Speaker notes"));
    assert!(deck.contains("Failure pulls"), "a speaker note is missing");
    // Every slide with notes has them after the slides, headed by its number and title.
    let notes = pages[sc.slides.len()..].join("");
    for (n, slide) in sc.slides.iter().enumerate() {
        if !slide.note.is_empty() {
            let head = format!("{}. ", n + 1);
            assert!(notes.contains(&head), "no notes for slide {}", n + 1);
        }
    }

    let brief = text("brief.pdf");
    // Worked out by the independent evaluator, not by the program.
    let horizon = sc.header.horizon_months;
    for region in &sc.regions {
        let v = common::independent::expected_composite(&sc, &region.id, horizon);
        let shown = muscat::charts::fmt_num(v);
        assert!(
            brief.contains(&shown),
            "brief lacks {}'s expected composite {shown}",
            region.name
        );
    }
    for needle in [
        "US–Iran nuclear talks in Muscat",
        "Deal with capped domestic enrichment",
        // 15% × 70%, the branch's overall chance.
        "10.5%",
        "Expected values at the horizon",
        "Both sides cross a red line",
    ] {
        assert!(brief.contains(needle), "brief lacks {needle}");
    }
}
