//! Stories: the connected components of the pairs judged to share a story.
//!
//! Components, so an article is in exactly one story, and an article linked to nothing is a
//! story of its own.

/// Groups `n` articles by `edges` (pairs of article indexes); each group ascending, groups in
/// the order of their first article.
pub fn components(n: usize, edges: impl IntoIterator<Item = (usize, usize)>) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    for (a, b) in edges {
        if a >= n || b >= n {
            continue;
        }
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            // The lower index stays the root, so the result does not depend on edge order.
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let r = root(&mut parent, i);
        match group_of[r] {
            Some(g) => groups[g].push(i),
            None => {
                group_of[r] = Some(groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn chains_join_and_loners_stay_alone() {
        let groups = components(6, [(4, 2), (0, 2), (3, 5)]);
        assert_eq!(groups, vec![vec![0, 2, 4], vec![1], vec![3, 5]]);
    }

    #[test]
    fn edge_order_and_bad_indexes_do_not_matter() {
        let a = components(5, [(0, 1), (1, 2), (3, 4), (9, 0)]);
        let b = components(5, [(3, 4), (2, 1), (1, 0)]);
        assert_eq!(a, b);
        assert_eq!(components(0, []), Vec::<Vec<usize>>::new());
    }
}
