//! Pairing the items of two lists: by key, and by position only among items that share one.

use std::collections::HashMap;
use std::hash::Hash;

/// For each item of `a`, the index of its partner in `b`, and the items of `b` with none. The
/// n-th item of `a` with a key pairs with the n-th item of `b` with that key, so a list
/// compared with itself pairs every item with itself. Linear in the two lists.
pub(super) fn pair_by_key<'a, T, K: Hash + Eq>(
    a: &'a [T],
    b: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut in_b: HashMap<K, std::collections::VecDeque<usize>> = HashMap::new();
    for (j, y) in b.iter().enumerate() {
        in_b.entry(key(y)).or_default().push_back(j);
    }
    let mut taken = vec![false; b.len()];
    let partners: Vec<Option<usize>> = a
        .iter()
        .map(|x| {
            let j = in_b.get_mut(&key(x)).and_then(|q| q.pop_front())?;
            taken[j] = true;
            Some(j)
        })
        .collect();
    let unpaired = (0..b.len()).filter(|&j| !taken[j]).collect();
    (partners, unpaired)
}

/// Each item's occurrence among the items with its key (0 for the first).
pub(super) fn occurrences<'a, T, K: Hash + Eq>(
    list: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Vec<usize> {
    let mut seen: HashMap<K, usize> = HashMap::new();
    list.iter()
        .map(|x| {
            let n = seen.entry(key(x)).or_insert(0);
            *n += 1;
            *n - 1
        })
        .collect()
}

/// The positions of `seq` that are in one longest strictly increasing subsequence: the items
/// that kept their order. Patience sorting, O(n log n).
pub(super) fn kept_in_order(seq: &[usize]) -> Vec<bool> {
    // tails[k]: index into seq of the smallest tail of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &v) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < v);
        if k > 0 {
            prev[i] = Some(tails[k - 1]);
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut kept = vec![false; seq.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept[i] = true;
        at = prev[i];
    }
    kept
}

/// A sequence diff of two short lists by equality (the longest common subsequence): the pairs
/// of equal items, in order. Quadratic, for lists without ids (slides, at most 500).
pub(super) fn common_subsequence<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    // len[i][j]: the LCS length of a[i..] and b[j..].
    let mut len = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[at(i, j)] = if a[i] == b[j] {
                len[at(i + 1, j + 1)] + 1
            } else {
                len[at(i + 1, j)].max(len[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if len[at(i + 1, j)] >= len[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_by_key_then_by_occurrence() {
        let a = ["x", "y", "x", "z"];
        let b = ["x", "x", "w", "y"];
        let (p, rest) = pair_by_key(&a, &b, |s| *s);
        assert_eq!(p, vec![Some(0), Some(3), Some(1), None]);
        assert_eq!(rest, vec![2]);
        assert_eq!(occurrences(&a, |s| *s), vec![0, 0, 1, 0]);
    }

    #[test]
    fn the_longest_run_in_order_is_kept() {
        // 0 2 3 4 stay; 1 moved to the end.
        assert_eq!(
            kept_in_order(&[0, 2, 3, 4, 1]),
            vec![true, true, true, true, false]
        );
        assert_eq!(kept_in_order(&[]), Vec::<bool>::new());
        assert_eq!(kept_in_order(&[3, 2, 1]).iter().filter(|k| **k).count(), 1);
        assert!(kept_in_order(&[0, 1, 2]).iter().all(|k| *k));
    }

    #[test]
    fn common_subsequence_skips_one_insertion() {
        let a = ["a", "b", "c"];
        let b = ["a", "new", "b", "c"];
        assert_eq!(common_subsequence(&a, &b), vec![(0, 0), (1, 2), (2, 3)]);
    }
}
