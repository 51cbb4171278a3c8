//! The map: its data covers the bundled scenarios, its projection puts known cities where they
//! belong, its fills follow the values, its SVG parses and names every region, unknown country
//! codes are warned about. The map in the window is tested in `ui_map.rs`.

mod common;

use common::independent;
use muscat::charts::{ChartData, ChartSpec, Sims, build};
use muscat::engine::Expected;
use muscat::map::{LabelBox, MapLayout, Projection, atlas};
use muscat::model::{ChartKind, Scenario};

fn map_chart(s: &Scenario, change: bool) -> muscat::charts::Chart {
    let e = Expected::compute(s);
    build(
        s,
        &e,
        Sims::default(),
        &ChartSpec {
            kind: ChartKind::Map,
            change,
            ..ChartSpec::default()
        },
    )
}

#[test]
fn every_country_code_of_the_bundled_scenarios_is_on_the_map() {
    let mut codes = 0;
    for (_, file, _) in muscat::io::BUNDLED {
        let loaded = muscat::io::load_bundled(file).expect("bundled");
        for r in &loaded.scenario.regions {
            for code in &r.countries {
                codes += 1;
                let c = atlas().country(code);
                assert!(c.is_some(), "{file}: {code} of {} is not on the map", r.id);
                assert!(!c.expect("country").polygons.is_empty());
            }
        }
        // And so no bundled file warns about the map.
        assert!(
            !loaded
                .warnings
                .iter()
                .any(|w| w.message.contains("bundled map")),
            "{file}"
        );
    }
    assert!(codes >= 10, "{codes}");
}

/// Muscat (58.41° E, 23.59° N), Tehran (51.39° E, 35.69° N) and Jerusalem (35.22° E, 31.77° N)
/// on the map of the bundled scenario: Tehran north of both, Jerusalem west of both, Muscat
/// east of both and south of both; and each capital's region under it on screen.
#[test]
fn the_projection_puts_known_cities_in_their_places() {
    let s = muscat::io::default_scenario();
    let countries: Vec<&[String]> = s.regions.iter().map(|r| r.countries.as_slice()).collect();
    let frame = LabelBox {
        x: 0.0,
        y: 0.0,
        w: 1200.0,
        h: 700.0,
    };
    let layout = MapLayout::new(atlas(), &countries, frame, |_| (80.0, 20.0));
    let p = layout.projection;
    let (muscat, tehran, jerusalem) = (
        p.project(58.41, 23.59),
        p.project(51.39, 35.69),
        p.project(35.22, 31.77),
    );
    // y grows downwards.
    assert!(tehran.1 < jerusalem.1 && tehran.1 < muscat.1);
    assert!(jerusalem.1 < muscat.1);
    assert!(jerusalem.0 < tehran.0 && jerusalem.0 < muscat.0);
    assert!(muscat.0 > tehran.0);
    for (x, y) in [muscat, tehran, jerusalem] {
        assert!((0.0..=1200.0).contains(&x) && (0.0..=700.0).contains(&y));
    }
    // Shapes keep their proportions: one degree east is cos(latitude of the centre) of one
    // degree north, and the centre's latitude lies between Yemen's and Iran's.
    let (a, b) = (p.project(50.0, 30.0), p.project(51.0, 31.0));
    let ratio = (b.0 - a.0) / (a.1 - b.1);
    assert!(
        ratio > 12f64.to_radians().cos() - 0.2 && ratio < 1.0,
        "{ratio}"
    );
    let region = |id: &str| s.regions.iter().position(|r| r.id == id);
    assert_eq!(
        layout.region_at(atlas(), tehran.0, tehran.1),
        region("iran")
    );
    assert_eq!(
        layout.region_at(atlas(), muscat.0, muscat.1),
        region("gulf")
    );
    // Jerusalem lies on the line Natural Earth draws between Israel and the West Bank, so
    // Israel is checked at Tel Aviv (34.78° E, 32.08° N).
    let tel_aviv = p.project(34.78, 32.08);
    assert_eq!(
        layout.region_at(atlas(), tel_aviv.0, tel_aviv.1),
        region("israel")
    );
    // The map fits every region with a margin.
    let inside = |pt: (f64, f64)| p.invert(pt.0, pt.1);
    let (w, n) = inside((0.0, 0.0));
    let (e, so) = inside((1200.0, 700.0));
    for r in &s.regions {
        for code in &r.countries {
            let b = atlas().country(code).expect("country").polygons[0].bounds;
            assert!(
                b.west > w && b.east < e && b.south > so && b.north < n,
                "{code}"
            );
        }
    }
    let _: Projection = p;
}

#[test]
fn a_region_s_fill_follows_its_value() {
    let s = muscat::io::default_scenario();
    let chart = map_chart(&s, false);
    let ChartData::Map { scale, regions, .. } = &chart.data else {
        panic!("a map");
    };
    let at = |id: &str| {
        let i = s.regions.iter().position(|r| r.id == id).expect("region");
        (
            &regions[i],
            independent::expected_composite(&s, id, s.header.horizon_months),
        )
    };
    let ((gulf, gulf_v), (yemen, yemen_v)) = (at("gulf"), at("yemen"));
    // Worked out apart from the engine: the Gulf states end well above Yemen.
    assert!(gulf_v > yemen_v + 20.0, "{gulf_v} {yemen_v}");
    assert!((gulf.shown - gulf_v).abs() < 1e-6 && (yemen.shown - yemen_v).abs() < 1e-6);
    let p = muscat::style::LIGHT;
    // Higher composite is more stable: lighter on the sequential scale.
    assert!(p.map_fill(scale, gulf.shown).luma() > p.map_fill(scale, yemen.shown).luma());
    assert!(scale.lo <= yemen_v && scale.hi >= gulf_v);
    // Yemen is below the composite's alert line, the Gulf states are not.
    let threshold = independent::composite_threshold(&s);
    assert_eq!(yemen.alert, yemen_v < threshold);
    assert_eq!(gulf.alert, gulf_v < threshold);
    assert!(yemen.alert && !gulf.alert);

    // The change map: Iran's expected composite falls (a worse colour), on a scale centred on 0.
    let chart = map_chart(&s, true);
    let ChartData::Map { scale, regions, .. } = &chart.data else {
        panic!("a map");
    };
    assert_eq!(scale.lo, -scale.hi);
    let i = s.regions.iter().position(|r| r.id == "iran").expect("iran");
    let base = independent::composite(&s, &independent::baselines(&s, "iran"));
    let change = independent::expected_composite(&s, "iran", s.header.horizon_months) - base;
    assert!((regions[i].shown - change).abs() < 1e-6);
    assert!(change < 0.0);
    let fill = p.map_fill(scale, regions[i].shown);
    let dist = |a: muscat::style::Rgb, b: muscat::style::Rgb| {
        (i32::from(a.0) - i32::from(b.0)).abs()
            + (i32::from(a.1) - i32::from(b.1)).abs()
            + (i32::from(a.2) - i32::from(b.2)).abs()
    };
    assert!(dist(fill, p.worse) < dist(fill, p.better));
}

#[test]
fn the_map_as_svg_parses_and_names_every_region() {
    let s = muscat::io::default_scenario();
    for change in [false, true] {
        let chart = map_chart(&s, change);
        let svg = muscat::export::svg::chart_svg(&chart);
        let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default())
            .expect("the SVG parses");
        assert!(tree.size().width() > 0.0);
        for r in &s.regions {
            assert!(svg.contains(&r.name), "{}", r.name);
        }
        // Alert is hatched with a pattern and outlined, not shown by colour alone.
        assert!(svg.contains("<pattern id=\"hatch-"));
        assert!(svg.contains("url(#hatch-"));
        assert!(svg.contains("Natural Earth"));
    }
}

#[test]
fn an_unknown_country_code_is_a_warning_and_the_region_is_still_charted() {
    let mut s = muscat::io::default_scenario();
    s.regions[0].countries.push("XKX".into());
    let text = muscat::io::to_ron_string(&s);
    let loaded = muscat::io::load_str(&text, "odd.ron").expect("loads");
    let w: Vec<String> = loaded
        .warnings
        .iter()
        .map(|w| w.display_with("odd.ron"))
        .filter(|w| w.contains("XKX"))
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("odd.ron:") && w[0].contains("iran"),
        "{}",
        w[0]
    );
    let chart = map_chart(&loaded.scenario, false);
    assert!(
        chart.footnote().is_some_and(|f| f.contains("XKX (Iran)")),
        "{:?}",
        chart.footnote()
    );
    // The other charts still show the region.
    let e = Expected::compute(&loaded.scenario);
    let bars = build(&loaded.scenario, &e, Sims::default(), &ChartSpec::default());
    let ChartData::ExpectedByRegion { bars, .. } = bars.data else {
        panic!("bars");
    };
    assert_eq!(bars[0].region, "Iran");
}

#[test]
fn a_map_slide_keeps_its_month_and_mode_through_a_save() {
    let mut s = muscat::io::default_scenario();
    let slide = s
        .slides
        .iter_mut()
        .find(|sl| sl.chart == ChartKind::Map)
        .expect("the bundled deck has a map");
    slide.month = Some(6);
    slide.change = true;
    let text = muscat::io::to_ron_string(&s);
    let back = muscat::io::load_str(&text, "map.ron")
        .expect("read")
        .scenario;
    let slide = back
        .slides
        .iter()
        .find(|sl| sl.chart == ChartKind::Map)
        .expect("map slide");
    assert_eq!((slide.month, slide.change), (Some(6), true));
    let spec = ChartSpec::of_slide(&back, slide);
    let chart = build(&back, &Expected::compute(&back), Sims::default(), &spec);
    let ChartData::Map { month, regions, .. } = &chart.data else {
        panic!("map");
    };
    assert_eq!(*month, 6);
    let i = back
        .regions
        .iter()
        .position(|r| r.id == "iran")
        .expect("iran");
    let want = independent::expected_composite(&back, "iran", 6)
        - independent::composite(&back, &independent::baselines(&back, "iran"));
    assert!((regions[i].shown - want).abs() < 1e-6);
}

/// A hostile file: 250 regions that each list the same 100 countries. Each country is drawn
/// once, with the first region; the others get no label; the SVG still parses.
#[test]
fn countries_listed_by_many_regions_are_drawn_once() {
    let mut s = muscat::io::default_scenario();
    let codes: Vec<String> = atlas()
        .countries
        .iter()
        .filter(|c| !c.code.is_empty())
        .take(100)
        .map(|c| c.code.clone())
        .collect();
    let template = s.regions[0].clone();
    s.regions = (0..250)
        .map(|i| {
            let mut r = template.clone();
            r.id = format!("r{i}");
            r.name = format!("Region {i}");
            r.countries = codes.clone();
            r
        })
        .collect();
    let countries: Vec<&[String]> = s.regions.iter().map(|r| r.countries.as_slice()).collect();
    let frame = LabelBox {
        x: 0.0,
        y: 0.0,
        w: 800.0,
        h: 500.0,
    };
    let layout = MapLayout::new(atlas(), &countries, frame, |_| (80.0, 20.0));
    assert_eq!(layout.regions[0].len(), 100);
    assert!(layout.regions[1..].iter().all(Vec::is_empty));
    assert!(layout.labels[0].is_some());
    assert!(layout.labels[1..].iter().all(Option::is_none));
    let svg = muscat::export::svg::chart_svg(&map_chart(&s, false));
    resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("parses");
}
