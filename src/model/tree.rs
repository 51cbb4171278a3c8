//! An index over the flat branch list: children, parents, depth and pre-order.

use super::{Outcome, Scenario};
use std::collections::HashMap;

/// Positions in `Scenario::branches`, arranged as a tree.
///
/// Built in one pass; it never recurses, so trees of any depth are safe. Branches whose parent
/// is unknown, or that sit on a cycle, are left out of `preorder` (validation reports them).
#[derive(Clone, Debug, Default)]
pub struct TreeIndex {
    /// Position of each branch id (the first, if an id repeats).
    pub pos_of: HashMap<String, usize>,
    /// Parent position of each branch.
    pub parent: Vec<Option<usize>>,
    /// Child positions of each branch, in file order.
    pub children: Vec<Vec<usize>>,
    /// Top-level branches, in file order.
    pub roots: Vec<usize>,
    /// Depth of each reachable branch (top level is 0).
    pub depth: Vec<usize>,
    /// Reachable branches in depth-first pre-order.
    pub preorder: Vec<usize>,
    /// Whether each branch is reachable from the root.
    pub reachable: Vec<bool>,
}

impl TreeIndex {
    /// Index the scenario's branches.
    pub fn new(scenario: &Scenario) -> Self {
        let n = scenario.branches.len();
        let mut pos_of = HashMap::with_capacity(n);
        for (i, b) in scenario.branches.iter().enumerate() {
            pos_of.entry(b.id.clone()).or_insert(i);
        }
        let mut parent = vec![None; n];
        let mut children = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, b) in scenario.branches.iter().enumerate() {
            match &b.parent {
                None => roots.push(i),
                Some(p) => {
                    if let Some(&pi) = pos_of.get(p)
                        && pi != i
                    {
                        parent[i] = Some(pi);
                        children[pi].push(i);
                    }
                }
            }
        }
        let mut depth = vec![0; n];
        let mut reachable = vec![false; n];
        let mut preorder = Vec::with_capacity(n);
        let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&r| (r, 0)).collect();
        while let Some((i, d)) = stack.pop() {
            if reachable[i] {
                continue;
            }
            reachable[i] = true;
            depth[i] = d;
            preorder.push(i);
            for &c in children[i].iter().rev() {
                stack.push((c, d + 1));
            }
        }
        Self {
            pos_of,
            parent,
            children,
            roots,
            depth,
            preorder,
            reachable,
        }
    }

    /// Siblings of branch `i`, itself included, in order.
    pub fn siblings(&self, i: usize) -> &[usize] {
        match self.parent.get(i).copied().flatten() {
            Some(p) => &self.children[p],
            None => &self.roots,
        }
    }

    /// Whether the branch has no children.
    pub fn is_leaf(&self, i: usize) -> bool {
        self.children.get(i).is_none_or(|c| c.is_empty())
    }

    /// The path from the top level down to `i`, inclusive.
    pub fn path(&self, i: usize) -> Vec<usize> {
        let mut path = vec![i];
        let mut cur = i;
        while let Some(p) = self.parent.get(cur).copied().flatten() {
            if path.len() >= self.parent.len() {
                break; // a cycle; validation reports it
            }
            path.push(p);
            cur = p;
        }
        path.reverse();
        path
    }

    /// Whether `ancestor` is `i` or lies above it.
    pub fn is_ancestor_or_self(&self, ancestor: usize, i: usize) -> bool {
        self.path(i).contains(&ancestor)
    }

    /// All positions in the subtree under `i`, `i` first, in pre-order.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut seen = vec![false; self.parent.len()];
        let mut stack = vec![i];
        while let Some(j) = stack.pop() {
            match seen.get_mut(j) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            out.push(j);
            if let Some(c) = self.children.get(j) {
                stack.extend(c.iter().rev());
            }
        }
        out
    }

    /// The outcome class of branch `i`: its own, or the nearest ancestor's.
    pub fn outcome(&self, scenario: &Scenario, i: usize) -> Option<Outcome> {
        self.path(i)
            .iter()
            .rev()
            .find_map(|&j| scenario.branches.get(j).and_then(|b| b.outcome))
    }

    /// Position of the branch with this id.
    pub fn pos(&self, id: &str) -> Option<usize> {
        self.pos_of.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Branch, Prob};

    fn b(id: &str, parent: Option<&str>) -> Branch {
        let mut b = Branch::new(id, id, Prob::Value(0.5));
        b.parent = parent.map(str::to_owned);
        b
    }

    #[test]
    fn indexes_children_and_preorder() {
        let s = Scenario {
            branches: vec![
                b("a", None),
                b("b", None),
                b("a1", Some("a")),
                b("a2", Some("a")),
                b("a1x", Some("a1")),
            ],
            ..Scenario::default()
        };
        let t = TreeIndex::new(&s);
        assert_eq!(t.roots, vec![0, 1]);
        assert_eq!(t.children[0], vec![2, 3]);
        assert_eq!(t.preorder, vec![0, 2, 4, 3, 1]);
        assert_eq!(t.depth[4], 2);
        assert_eq!(t.path(4), vec![0, 2, 4]);
        assert_eq!(t.subtree(0), vec![0, 2, 4, 3]);
        assert!(t.is_leaf(4) && !t.is_leaf(2));
    }

    #[test]
    fn cycles_and_orphans_are_left_out_without_hanging() {
        let s = Scenario {
            branches: vec![b("x", Some("y")), b("y", Some("x")), b("z", Some("nope"))],
            ..Scenario::default()
        };
        let t = TreeIndex::new(&s);
        assert!(t.preorder.is_empty());
        assert_eq!(t.path(0).len(), 3);
        assert_eq!(t.subtree(0), vec![0, 1]);
    }
}
