//! Layout of the probability tree picture.
//!
//! A tree of any size becomes a picture a reader can take in: large sibling sets show their
//! most likely branches and one node for the rest, and levels are shown while the picture has
//! room for their leaves. Every step is linear in the number of branches.

use super::TreeNode;
use crate::engine::Expected;
use crate::model::{Scenario, TreeIndex};

/// Most leaves the picture shows.
pub const MAX_LEAVES: usize = 40;
/// Most branches of one sibling set the picture shows (one more node stands for the rest).
pub const MAX_SIBLINGS: usize = 12;

/// Lay out the tree: leaves one unit apart in pre-order, parents centred on their leaves.
pub(super) fn tree_layout(s: &Scenario, e: &Expected) -> (Vec<TreeNode>, usize) {
    let tree: &TreeIndex = &e.compiled.tree;
    let abs = |i: usize| e.abs.get(i).copied().unwrap_or(0.0);
    // Which children each set shows: all of a small set, the most likely of a large one.
    let shown = |children: &[usize]| -> (Vec<usize>, Vec<usize>) {
        if children.len() <= MAX_SIBLINGS {
            return (children.to_vec(), Vec::new());
        }
        let mut by_p: Vec<usize> = children.to_vec();
        by_p.sort_by(|&a, &b| abs(b).total_cmp(&abs(a)));
        let keep: std::collections::HashSet<usize> =
            by_p[..MAX_SIBLINGS - 1].iter().copied().collect();
        let (kept, rest): (Vec<usize>, Vec<usize>) =
            children.iter().partition(|c| keep.contains(c));
        (kept, rest)
    };
    // The deepest level whose leaves still fit.
    let mut depth_cut = 1;
    let mut frontier: Vec<usize> = tree.roots.clone();
    loop {
        let mut next = Vec::new();
        let mut leaves = 0;
        for &i in &frontier {
            let (kept, rest) = shown(&tree.children[i]);
            if kept.is_empty() {
                leaves += 1;
            } else {
                leaves += kept.len() + usize::from(!rest.is_empty());
                next.extend(kept);
            }
        }
        if next.is_empty() || leaves > MAX_LEAVES {
            break;
        }
        depth_cut += 1;
        frontier = next;
    }
    let mut nodes = vec![TreeNode {
        name: crate::model::limits::shorten(&s.header.title, 80).into_owned(),
        depth: 0,
        y: 0.0,
        parent: None,
        conditional: 1.0,
        absolute: 1.0,
        outcome: None,
        leaf: tree.roots.is_empty(),
        hidden: 0,
        folded: false,
    }];
    let mut leaf_count = 0usize;
    // Depth-first, with an explicit stack: (branch or a stand-in for the rest, parent node).
    enum Item {
        Branch(usize),
        Rest(Vec<usize>),
    }
    let (kept, rest) = shown(&tree.roots);
    let mut stack: Vec<(Item, usize, usize)> = Vec::new();
    let push_set = |stack: &mut Vec<(Item, usize, usize)>,
                    kept: Vec<usize>,
                    rest: Vec<usize>,
                    parent: usize,
                    depth: usize| {
        if !rest.is_empty() {
            stack.push((Item::Rest(rest), parent, depth));
        }
        for &c in kept.iter().rev() {
            stack.push((Item::Branch(c), parent, depth));
        }
    };
    push_set(&mut stack, kept, rest, 0, 1);
    while let Some((item, parent, depth)) = stack.pop() {
        let index = nodes.len();
        match item {
            Item::Branch(i) => {
                let (kept, rest) = if depth < depth_cut {
                    shown(&tree.children[i])
                } else {
                    (Vec::new(), Vec::new())
                };
                let leaf = kept.is_empty();
                let hidden = if leaf { tree.subtree(i).len() - 1 } else { 0 };
                nodes.push(TreeNode {
                    name: crate::model::limits::shorten(&s.branches[i].name, 80).into_owned(),
                    depth,
                    y: if leaf { leaf_count as f64 } else { 0.0 },
                    parent: Some(parent),
                    conditional: e.cond.get(i).copied().unwrap_or(0.0),
                    absolute: abs(i),
                    outcome: e.compiled.outcome.get(i).copied().flatten(),
                    leaf,
                    hidden,
                    folded: false,
                });
                if leaf {
                    leaf_count += 1;
                } else {
                    push_set(&mut stack, kept, rest, index, depth + 1);
                }
            }
            Item::Rest(rest) => {
                let hidden: usize = rest.iter().map(|&i| tree.subtree(i).len()).sum();
                nodes.push(TreeNode {
                    name: format!(
                        "{} more branches",
                        crate::model::limits::count_text(rest.len() as u64)
                    ),
                    depth,
                    y: leaf_count as f64,
                    parent: Some(parent),
                    conditional: rest
                        .iter()
                        .map(|&i| e.cond.get(i).copied().unwrap_or(0.0))
                        .sum(),
                    absolute: rest.iter().map(|&i| abs(i)).sum(),
                    outcome: None,
                    leaf: true,
                    hidden: hidden - rest.len(),
                    folded: true,
                });
                leaf_count += 1;
            }
        }
    }
    // Parents sit at the middle of their children: children come after their parents, so one
    // pass from the end sees every child first.
    let mut span: Vec<(f64, f64)> = nodes.iter().map(|n| (n.y, n.y)).collect();
    let mut seen = vec![false; nodes.len()];
    for idx in (1..nodes.len()).rev() {
        if !nodes[idx].leaf {
            let (a, b) = span[idx];
            nodes[idx].y = 0.5 * (a + b);
        }
        let y = nodes[idx].y;
        if let Some(p) = nodes[idx].parent {
            let s = &mut span[p];
            if seen[p] {
                s.0 = s.0.min(y);
                s.1 = s.1.max(y);
            } else {
                *s = (y, y);
                seen[p] = true;
            }
        }
    }
    if !nodes[0].leaf {
        let (a, b) = span[0];
        nodes[0].y = 0.5 * (a + b);
    }
    (nodes, leaf_count.max(1))
}
