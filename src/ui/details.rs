//! The middle panel: the selected branch's details, and the scenario's settings in tabs.

use super::widgets::{NumSpec, note, num_field, section, text_area, text_row};
use super::{Env, effects, pct, settings};
use crate::edit::ops;
use crate::model::{Branch, Outcome, ProbRange, Severity, Source, estimative_words};
use crate::view::{Command, Tab};
use egui::{RichText, Ui};

/// The middle panel.
pub fn details_ui(ui: &mut Ui, env: &mut Env) {
    // Wrapped: in a narrow window the tabs take a second row rather than lose one.
    ui.horizontal_wrapped(|ui| {
        for (tab, label) in [
            (Tab::Branch, "Branch"),
            (Tab::Scenario, "Scenario"),
            (Tab::Regions, "Regions"),
            (Tab::Indicators, "Indicators"),
            (Tab::Slides, "Slides"),
            (Tab::Views, "Views"),
            (Tab::Signposts, "Signposts"),
        ] {
            ui.selectable_value(&mut env.view.tab, tab, label);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("details")
        .auto_shrink([false, false])
        .show(ui, |ui| match env.view.tab {
            Tab::Branch => branch_ui(ui, env),
            Tab::Scenario => settings::scenario_ui(ui, env),
            Tab::Regions => settings::regions_ui(ui, env),
            Tab::Indicators => super::indicators::indicators_ui(ui, env),
            Tab::Slides => super::slides::slides_ui(ui, env),
            Tab::Views => super::views::views_ui(ui, env),
            Tab::Signposts => super::signposts::signposts_ui(ui, env),
        });
}

fn branch_ui(ui: &mut Ui, env: &mut Env) {
    let s = env.scenario;
    let Some(b) = env.view.selected.as_deref().and_then(|id| s.branch(id)) else {
        ui.label("Select a branch in the tree, or add one.");
        ui.horizontal(|ui| {
            if ui.button(Command::AddTopLevel.label()).clicked() {
                env.command(Command::AddTopLevel);
            }
        });
        return;
    };
    let b = b.clone();
    let id = b.id.clone();
    ui.horizontal(|ui| {
        let tree = env.results.tree();
        let pos = tree.pos(&id).unwrap_or(0);
        let outcome = tree.outcome(s, pos);
        let colour = env.palette.outcome(outcome);
        ui.label(
            RichText::new(outcome.map_or("?", |o| o.icon()))
                .color(colour)
                .size(18.0),
        );
        ui.heading(&b.name);
    });
    problems_line(ui, env, &id);
    super::views::branch_view_ui(ui, env, &id);
    egui::Grid::new("branch-form")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            let (new_name, r) = text_row(ui, "Name", &b.name, "What happens in this branch");
            if env.view.focus_name {
                env.view.focus_name = false;
                r.request_focus();
            }
            if let Some(name) = new_name {
                env.op(ops::rename_branch(s, &id, &name));
            }
            let l = ui.label("Outcome");
            outcome_combo(ui, env, &b, l.id);
            ui.end_row();
            ui.label("Id");
            note(
                ui,
                format!("{id} (used in files; stays the same when you rename)"),
            );
            ui.end_row();
        });
    // A pooled view's numbers come from the analysts: shown, not edited here.
    let pooled = env
        .selected_view()
        .is_some_and(|v| v.kind == crate::model::ViewKind::Pooled);
    ui.add_enabled_ui(!pooled, |ui| probability_ui(ui, env, &b));
    section(ui, "Rationale");
    if let Some(text) = text_area(ui, "Why this branch, with these numbers", &b.rationale, 4) {
        env.op(ops::update_branch(s, &id, "rationale", |x| {
            x.rationale = text
        }));
    }
    sources_ui(ui, env, &b);
    ui.add_enabled_ui(!pooled, |ui| effects::effects_ui(ui, env, &b));
}

/// The branch's problems on one line that is always there, so that nothing below it moves
/// when a problem comes or goes (a drag or a typed value would lose its place). Hover for all.
fn problems_line(ui: &mut Ui, env: &Env, id: &str) {
    let problems = env
        .results
        .checks
        .branch_problems
        .get(id)
        .map_or(&[][..], Vec::as_slice);
    let width = ui.available_width();
    let (text, colour) = match problems.first() {
        None => ("No problems".to_owned(), env.palette.muted),
        Some(d) => {
            let more = if problems.len() > 1 {
                format!(" (and {} more)", problems.len() - 1)
            } else {
                String::new()
            };
            let colour = if problems.iter().any(|d| d.severity == Severity::Error) {
                env.palette.error
            } else {
                env.palette.warning
            };
            (format!("⚠ {}{more}", d.message), colour)
        }
    };
    // The last checks' findings, while this state's are worked out: greyed, never as current.
    let colour = if env.results.checks_current {
        colour
    } else {
        env.palette.muted
    };
    let r = ui
        .allocate_ui_with_layout(
            egui::vec2(width, 20.0),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_size(egui::vec2(width, 20.0));
                ui.add(egui::Label::new(RichText::new(text).color(colour)).truncate())
            },
        )
        .inner;
    if !problems.is_empty() || !env.results.checks_current {
        let current = env.results.checks_current;
        r.on_hover_ui(|ui| {
            if !current {
                ui.label("Checking the latest changes; these are the last checks' findings");
            }
            for d in problems {
                ui.label(format!("⚠ {}", d.message));
            }
        });
    }
}

fn outcome_combo(ui: &mut Ui, env: &mut Env, b: &Branch, label: egui::Id) {
    let s = env.scenario;
    let inherited = b
        .parent
        .as_deref()
        .and_then(|p| env.results.tree().pos(p))
        .and_then(|p| env.results.tree().outcome(s, p));
    let text = |o: Option<Outcome>| match o {
        Some(o) => format!("{} {}", o.icon(), o.label()),
        None => match inherited {
            Some(i) => format!("Same as parent ({} {})", i.icon(), i.label()),
            None => "Same as parent".to_owned(),
        },
    };
    let mut choice = b.outcome;
    let r = egui::ComboBox::from_id_salt("outcome-class")
        .selected_text(text(choice))
        .width(240.0)
        .show_ui(ui, |ui| {
            if b.parent.is_some() {
                ui.selectable_value(&mut choice, None, text(None));
            }
            for o in Outcome::ALL {
                ui.selectable_value(&mut choice, Some(o), text(Some(o)));
            }
        });
    let r = r.response.labelled_by(label);
    r.on_hover_text("Success, partial deal or failure. A sub-branch can keep its parent's class.");
    if choice != b.outcome {
        env.op(ops::update_branch(s, &b.id, "outcome", |x| {
            x.outcome = choice
        }));
    }
}

fn probability_ui(ui: &mut Ui, env: &mut Env, b: &Branch) {
    let s = env.scenario;
    let id = b.id.clone();
    section(ui, "Probability");
    let is_rest = b.probability.is_remainder();
    let value = ops::point_value(s, b);
    ui.horizontal(|ui| {
        ui.spacing_mut().slider_width = (ui.available_width() - 150.0).clamp(140.0, 420.0);
        let mut v = value;
        // No step: a step would snap a value like 0.0001 on display and report it changed.
        let slider = egui::Slider::new(&mut v, 0.0..=1.0).show_value(false);
        let r = ui.add_enabled(!is_rest, slider).on_hover_text(format!(
            "{:.1}%. Drag to change it: {}, so the set still sums to 100%.",
            value * 100.0,
            ops::rebalance_words(s, &id)
        ));
        r.widget_info(|| {
            let mut info = egui::WidgetInfo::slider(!is_rest, value, "Probability");
            info.label = Some("Probability".into());
            info
        });
        if r.changed() && (v - value).abs() > 1e-12 {
            env.op(ops::set_probability(s, &id, v, true));
        }
        ui.add_enabled_ui(!is_rest, |ui| {
            let spec = NumSpec::any("Probability")
                .range(0.0, 100.0)
                .unit("%")
                .decimals(2);
            let (typed, _) = num_field(ui, ("probability", &id), spec, value * 100.0);
            if let Some(p) = typed {
                env.op(ops::set_probability(s, &id, p / 100.0, true));
            }
        });
    });
    ui.horizontal(|ui| {
        let mut rest = is_rest;
        if ui
            .checkbox(&mut rest, "Remainder")
            .on_hover_text(
                "Whatever its siblings leave: one minus their sum (like # in decision-tree tools)",
            )
            .changed()
        {
            env.op(ops::set_remainder(s, &id, rest));
        }
        let mut locked = b.locked;
        if ui
            .checkbox(&mut locked, "Lock")
            .on_hover_text(if is_rest {
                "Keep what this remainder stands for when a sibling is dragged: the siblings with values of their own rebalance instead"
            } else {
                "Keep this probability when a sibling is dragged"
            })
            .changed()
        {
            env.op(ops::update_branch(s, &id, "lock", |x| x.locked = locked));
        }
    });
    let pos = env.results.tree().pos(&id).unwrap_or(0);
    let cond = env.results.expected.cond.get(pos).copied().unwrap_or(0.0);
    let abs = env.results.expected.abs.get(pos).copied().unwrap_or(0.0);
    let parent = b
        .parent
        .as_deref()
        .and_then(|p| s.branch(p))
        .map_or("the talks".to_owned(), |p| format!("“{}”", p.name));
    // Each figure with its own words: the chance given its parent, and the chance overall.
    ui.label(format!(
        "{} of {parent} ({}) · {} overall ({})",
        pct(cond),
        estimative_words(cond),
        pct(abs),
        estimative_words(abs)
    ));
    let sum = ops::sibling_sum(s, b.parent.as_deref());
    if (sum - 1.0).abs() > crate::model::SUM_TOLERANCE {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!(
                    "⚠ This branch and its siblings sum to {}; the numbers use them scaled to 100%.",
                    pct(sum)
                ))
                .color(env.palette.warning),
            );
            if ui
                .button("Normalise")
                .on_hover_text(Command::Normalise.tooltip())
                .clicked()
            {
                env.op(ops::normalise(s, b.parent.as_deref()));
            }
        });
    }
    // Uncertainty range. Wrapped: a message about it goes to the next line rather than past the
    // panel's edge; nothing before it moves.
    ui.horizontal_wrapped(|ui| {
        let mut has = b.range.is_some();
        if ui
            .checkbox(&mut has, "Uncertainty range")
            .on_hover_text("How far the probability could plausibly be off: its 90% interval. The charts and the report show how far the expected values move across these ranges.")
            .changed()
        {
            let range = has.then(|| ProbRange {
                low: (value - 0.1).max(0.0),
                high: (value + 0.1).min(1.0),
            });
            env.op(ops::update_branch(s, &id, "range", |x| x.range = range));
        }
        if let Some(r) = b.range {
            let spec = |name| NumSpec::any(name).range(0.0, 100.0).unit("%").decimals(2);
            let (lo, _) = num_field(ui, ("range-low", &id), spec("Range low"), r.low * 100.0);
            ui.label("to");
            let (hi, _) = num_field(ui, ("range-high", &id), spec("Range high"), r.high * 100.0);
            if lo.is_some() || hi.is_some() {
                let nr = ProbRange {
                    low: lo.map_or(r.low, |v| v / 100.0),
                    high: hi.map_or(r.high, |v| v / 100.0),
                };
                env.op(ops::update_branch(s, &id, "range", |x| x.range = Some(nr)));
            }
            if nr_invalid(r) {
                ui.label(RichText::new("⚠ low must not exceed high").color(env.palette.error));
            } else if !is_rest && (value < r.low || value > r.high) {
                ui.label(
                    RichText::new("⚠ the probability is outside its range")
                        .color(env.palette.warning),
                );
            }
        }
    });
    if b.range.is_some() {
        achieved_ui(ui, env, &id);
    }
}

/// The interval a branch is drawn with, and whether its set's ranges all hold.
type Achieved = Option<(f64, f64, bool)>;

/// The 90% interval the simulation gives the branch, beside the range entered: they differ
/// only where the set's ranges cannot all hold together.
fn achieved_ui(ui: &mut Ui, env: &Env, id: &str) {
    let e = &env.results.expected;
    let Some(pos) = e.compiled.tree.pos(id) else {
        return;
    };
    let seed = env.scenario.header.seed;
    // Asked once per document state and branch: calibrating a set takes a few thousand draws
    // per sibling, so a large set is worked out off the UI thread.
    const UI_THREAD_SIBLINGS: usize = 64;
    let inline = e.compiled.tree.siblings(pos).len() <= UI_THREAD_SIBLINGS;
    let key = crate::view::analysis::key_of(&(env.results.state, id));
    let answer = env.analyses.get("achieved-range", key, inline, || {
        let e = std::sync::Arc::clone(e);
        Box::new(move |_stop: &std::sync::atomic::AtomicBool| {
            let set = crate::engine::second::ranged_set_of(&e.compiled, pos, seed);
            Some(set.and_then(|set| {
                let k = set.children.iter().position(|&c| c == pos)?;
                let (lo, hi) = set.draw.achieved.get(k).copied().flatten()?;
                Some((lo, hi, set.draw.compatible))
            }))
        })
    });
    // An older answer may be another branch's: only this branch's own is shown.
    if !answer.current {
        ui.horizontal(|ui| {
            ui.spinner();
            note(
                ui,
                "Working out the interval the simulation draws this branch with…",
            );
        });
        return;
    }
    let found: Achieved = answer.value.as_deref().copied().flatten();
    let Some((lo, hi, compatible)) = found else {
        return;
    };
    let text = format!(
        "Drawn with a 90% interval of {:.1}% to {:.1}%",
        lo * 100.0,
        hi * 100.0
    );
    if compatible {
        note(ui, text);
    } else {
        ui.label(
            RichText::new(format!(
                "⚠ The ranges of this branch and its siblings cannot all hold: they must leave room to sum to 100%. {text}."
            ))
            .color(env.palette.warning),
        );
    }
}

fn nr_invalid(r: ProbRange) -> bool {
    r.low > r.high
}

fn sources_ui(ui: &mut Ui, env: &mut Env, b: &Branch) {
    let s = env.scenario;
    section(ui, "Sources");
    if let Some(sources) = sources_editor(ui, &b.sources, "branch-sources") {
        env.op(ops::update_branch(s, &b.id, "sources", |x| {
            x.sources = sources
        }));
    }
}

/// An editable list of sources; returns the new list when it changed.
pub fn sources_editor(ui: &mut Ui, sources: &[Source], salt: &str) -> Option<Vec<Source>> {
    let mut list = sources.to_vec();
    let mut changed = false;
    let mut remove = None;
    for (k, src) in list.iter_mut().enumerate() {
        egui::Grid::new((salt, k)).num_columns(2).show(ui, |ui| {
            for (label, field, hint) in [
                ("Title", &mut src.title, "Report, article or dataset"),
                ("Link", &mut src.link, "https://…"),
                ("Note", &mut src.note, "What it supports"),
            ] {
                let l = ui.label(label);
                changed |= ui
                    .add(
                        egui::TextEdit::singleline(field)
                            .hint_text(hint)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id)
                    .changed();
                ui.end_row();
            }
        });
        ui.horizontal(|ui| {
            if !src.link.is_empty() && src.link.starts_with("http") {
                ui.hyperlink_to("Open link", &src.link);
            }
            if ui.small_button("Remove source").clicked() {
                remove = Some(k);
            }
        });
        ui.separator();
    }
    if let Some(k) = remove {
        list.remove(k);
        changed = true;
    }
    if ui.button("Add source").clicked() {
        list.push(Source::default());
        changed = true;
    }
    changed.then_some(list)
}
