//! Layout of the probability tree picture.

use super::TreeNode;
use crate::engine::Expected;
use crate::model::{Scenario, TreeIndex};

/// Lay out the tree: leaves one unit apart in pre-order, parents centred on their leaves.
pub(super) fn tree_layout(s: &Scenario, e: &Expected) -> (Vec<TreeNode>, usize) {
    let tree = TreeIndex::new(s);
    let mut nodes = vec![TreeNode {
        name: s.header.title.clone(),
        depth: 0,
        y: 0.0,
        parent: None,
        conditional: 1.0,
        absolute: 1.0,
        outcome: None,
        leaf: tree.roots.is_empty(),
    }];
    let mut index_of = vec![usize::MAX; s.branches.len()];
    let mut leaf_count = 0usize;
    for &i in &tree.preorder {
        let parent = tree.parent[i].map_or(0, |p| index_of[p]);
        let leaf = tree.is_leaf(i);
        let y = if leaf {
            leaf_count += 1;
            (leaf_count - 1) as f64
        } else {
            0.0
        };
        index_of[i] = nodes.len();
        nodes.push(TreeNode {
            name: s.branches[i].name.clone(),
            depth: tree.depth[i] + 1,
            y,
            parent: Some(parent),
            conditional: e.cond.get(i).copied().unwrap_or(0.0),
            absolute: e.abs.get(i).copied().unwrap_or(0.0),
            outcome: tree.outcome(s, i),
            leaf,
        });
    }
    // Parents sit at the middle of their children, deepest first.
    let max_depth = nodes.iter().map(|n| n.depth).max().unwrap_or(0);
    for d in (0..max_depth).rev() {
        for idx in 0..nodes.len() {
            if nodes[idx].depth != d || nodes[idx].leaf {
                continue;
            }
            let ys: Vec<f64> = nodes
                .iter()
                .filter(|n| n.parent == Some(idx))
                .map(|n| n.y)
                .collect();
            if let (Some(first), Some(last)) = (ys.first(), ys.last()) {
                nodes[idx].y = 0.5 * (first + last);
            }
        }
    }
    (nodes, leaf_count.max(1))
}
