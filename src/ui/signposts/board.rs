//! The Signposts tab's board, asked of the analysis service, and each signpost's outlook as a
//! line of text.

use super::super::{Env, pct};
use crate::engine::Expected;
use crate::engine::signposts::{Board, Shift, board};
use crate::model::{Scenario, Signpost};
use crate::view::analysis::Answer;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// The board, and the scenario it was worked out on: while a newer one is worked out off the
/// UI thread the document may have moved on, so its rows read their text from this scenario and
/// find today's signpost by id.
pub struct Worked {
    /// The base scenario the board is of.
    pub scenario: Arc<Scenario>,
    /// Its top-level branches.
    pub tops: Vec<usize>,
    /// The board.
    pub board: Board,
}

/// Signposts × branches worked out on the UI thread; past it the board takes a thread (500
/// signposts on 18,500 branches took over a second).
const UI_THREAD_WORK: usize = 200_000;

/// The board of the base scenario (observations update the base), from the shown results when
/// they are the base's, asked of the analysis service once per document state.
pub fn board_of(env: &Env) -> Answer<Worked> {
    let state = env.doc_state;
    let s = env.base;
    let inline = s.signposts.len().saturating_mul(s.branches.len()) <= UI_THREAD_WORK;
    // Past the size limits nothing is computed (the results' tree is empty).
    let computed = env.results.tree().parent.len() == s.branches.len();
    let base_expected =
        (env.results.view.is_none() && computed).then(|| Arc::clone(&env.results.expected));
    env.analyses.get("signpost-board", state, inline, || {
        let snap = env.analyses.snapshot(state, s);
        Box::new(move |_stop: &AtomicBool| {
            if !computed {
                let board = Board {
                    top_now: Vec::new(),
                    composite_now: Vec::new(),
                    outlooks: Vec::new(),
                    problems: Vec::new(),
                };
                return Some(Worked {
                    board,
                    tops: Vec::new(),
                    scenario: snap,
                });
            }
            let e = base_expected.unwrap_or_else(|| Arc::new(Expected::compute(&snap)));
            let board = board(&snap, &e.compiled.tree, &e);
            Some(Worked {
                tops: e.compiled.tree.roots.clone(),
                board,
                scenario: snap,
            })
        })
    })
}

/// "Comprehensive deal 15% → 31%; if not seen by 2027-03-01: 15% → 11%".
pub fn outlook_text(
    s: &Scenario,
    tops: &[usize],
    now: &[f64],
    sp: &Signpost,
    seen: Option<&Shift>,
    not_seen: Option<&Shift>,
) -> String {
    // The top-level branch that seeing it moves most, followed through both answers.
    let pick = seen
        .or(not_seen)
        .and_then(|sh| sh.biggest(now))
        .map(|(t, _, _)| t);
    let Some(t) = pick else {
        return "Moves nothing".to_owned();
    };
    let name = tops
        .get(t)
        .and_then(|&i| s.branches.get(i))
        .map_or("?", |b| b.name.as_str());
    let before = now.get(t).copied().unwrap_or(f64::NAN);
    let side = |sh: Option<&Shift>, what: &str| match sh {
        Some(sh) => format!("{} → {}", pct(before), pct(sh.top[t])),
        None => format!("{what} is ruled out by every likelihood"),
    };
    let when = match &sp.expected_by {
        Some(d) => format!("if not seen by {d}"),
        None => "if not seen".to_owned(),
    };
    format!(
        "If seen: {name} {}; {when}: {}",
        side(seen, "seeing it"),
        side(not_seen, "not seeing it")
    )
}
