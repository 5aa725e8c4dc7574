//! Points nearest a location: an R-tree over every point of the snapshot, built once per
//! version, and the one rule that orders a list of points (groups first, then distance).
//!
//! Points sit in the tree as positions on the unit sphere, so the tree's straight-line
//! (chord) distance grows with the great-circle distance: walking the tree nearest first is
//! walking the Earth nearest first, across the date line and near the poles alike. Distances
//! shown to residents are the haversine formula's (`shared::domain::geo`).

use linli_shared::directory::Point;
use linli_shared::domain::geo::{self, Location};
use rstar::RTree;
use rstar::primitives::GeomWithData;

/// What passing one point on a walk through the tree costs, in measurements of one candidate's
/// distance (`./x bench --nearest-only`, docs/PERFORMANCE.md: the walk keeps a heap of nodes).
const WALK_COST: usize = 10;

type Entry = GeomWithData<[f64; 3], u32>;

pub(super) struct NearIndex {
    tree: RTree<Entry>,
    /// Each point's position on the unit sphere, by its index in the catalogue.
    positions: Vec<[f64; 3]>,
}

impl NearIndex {
    pub(super) fn build<'a>(points: impl Iterator<Item = &'a Point>) -> NearIndex {
        let positions: Vec<[f64; 3]> = points.map(|p| on_unit_sphere(p.lat, p.lng)).collect();
        let entries = positions
            .iter()
            .enumerate()
            .map(|(i, &at)| Entry::new(at, i as u32))
            .collect();
        NearIndex {
            tree: RTree::bulk_load(entries),
            positions,
        }
    }

    /// The `want` candidates (point indexes) nearest to `from`, nearest first.
    ///
    /// Walking the tree outwards from `from` stops once `want` candidates are met, passing
    /// about `want × points / candidates` points on the way when candidates are spread like
    /// the rest; measuring every candidate and keeping the nearest costs `candidates`. The tree
    /// is walked when that is cheaper: many candidates (a search matching most points, an item
    /// offered nearly everywhere) or few wanted; a short list is measured.
    pub(super) fn nearest(&self, from: Location, candidates: &[u32], want: usize) -> Vec<u32> {
        let here = on_unit_sphere(from.lat(), from.lng());
        let walk_passes = want.saturating_mul(self.positions.len()) / candidates.len().max(1);
        if walk_passes.saturating_mul(WALK_COST) >= candidates.len() {
            let mut measured: Vec<(f64, u32)> = candidates
                .iter()
                .map(|&c| (chord_2(here, self.positions[c as usize]), c))
                .collect();
            let by_distance =
                |a: &(f64, u32), b: &(f64, u32)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
            if want < measured.len() {
                measured.select_nth_unstable_by(want, by_distance);
                measured.truncate(want);
            }
            measured.sort_unstable_by(by_distance);
            return measured.into_iter().map(|(_, c)| c).collect();
        }
        let mut wanted = vec![false; self.positions.len()];
        for &c in candidates {
            wanted[c as usize] = true;
        }
        self.tree
            .nearest_neighbor_iter(here)
            .map(|entry| entry.data)
            .filter(|&c| wanted[c as usize])
            .take(want)
            .collect()
    }
}

/// A point's place on the unit sphere (x towards 0°E on the equator, z towards the north pole).
fn on_unit_sphere(lat: f64, lng: f64) -> [f64; 3] {
    let (lat, lng) = (lat.to_radians(), lng.to_radians());
    [lat.cos() * lng.cos(), lat.cos() * lng.sin(), lat.sin()]
}

fn chord_2(a: [f64; 3], b: [f64; 3]) -> f64 {
    (0..3).map(|i| (a[i] - b[i]).powi(2)).sum()
}

/// Whole metres from `from` to a point, as the API reports it.
pub(super) fn distance_m(from: Location, point: &Point) -> u32 {
    geo::distance_m(from.lat(), from.lng(), point.lat, point.lng).round() as u32
}

/// Orders `candidates` (given in their order without a location) for a list of at most `want`:
/// by `group` first (lower first; a small number, such as "the kiosk's own point" = 0), then,
/// within a group, nearest first when `from` is known, else in the order given.
pub(super) fn order_points(
    index: &NearIndex,
    candidates: impl IntoIterator<Item = u32>,
    group: impl Fn(u32) -> usize,
    from: Option<Location>,
    want: usize,
) -> Vec<u32> {
    let mut groups: Vec<Vec<u32>> = Vec::new();
    for c in candidates {
        let g = group(c);
        if groups.len() <= g {
            groups.resize_with(g + 1, Vec::new);
        }
        groups[g].push(c);
    }
    let mut ordered = Vec::with_capacity(want.min(64));
    for members in groups {
        let room = want - ordered.len();
        if room == 0 {
            break;
        }
        match from {
            Some(from) => ordered.extend(index.nearest(from, &members, room)),
            None => ordered.extend(members.into_iter().take(room)),
        }
    }
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points on a grid around Tianjin, 0.01 degree apart (about 1.1 km by 0.86 km).
    fn grid(side: usize) -> Vec<Point> {
        let text = include_str!("../../../shared/tests/fixtures/tiny-directory.json");
        let template = crate::directory::parse_directory(text).unwrap().points[0].clone();
        (0..side * side)
            .map(|i| Point {
                lat: 39.0 + (i / side) as f64 * 0.01,
                lng: 117.0 + (i % side) as f64 * 0.01,
                ..template.clone()
            })
            .collect()
    }

    /// The answer measured the slow way: every candidate's haversine distance, sorted.
    fn by_haversine(points: &[Point], from: Location, candidates: &[u32], want: usize) -> Vec<u32> {
        let mut all: Vec<(f64, u32)> = candidates
            .iter()
            .map(|&c| {
                let p = &points[c as usize];
                (geo::distance_m(from.lat(), from.lng(), p.lat, p.lng), c)
            })
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        all.into_iter().take(want).map(|(_, c)| c).collect()
    }

    fn distances(points: &[Point], from: Location, list: &[u32]) -> Vec<u32> {
        list.iter()
            .map(|&c| distance_m(from, &points[c as usize]))
            .collect()
    }

    #[test]
    fn the_tree_and_the_measuring_tape_agree_with_the_haversine_order() {
        let points = grid(60); // 3,600 points: the tree is walked for large candidate lists
        let index = NearIndex::build(points.iter());
        let mut rng = fastrand::Rng::with_seed(3);
        for round in 0..50 {
            let from = Location::new(38.95 + rng.f64() * 0.7, 116.95 + rng.f64() * 0.7).unwrap();
            // Every point (always walked), one in three (walked when fewer than 40 are
            // wanted, else measured), and a few (measured).
            let step = [1, 3, 97][round % 3];
            let candidates: Vec<u32> = (0..points.len() as u32)
                .filter(|c| c.is_multiple_of(step))
                .collect();
            let want = 1 + rng.usize(..200);
            let found = index.nearest(from, &candidates, want);
            let expected = by_haversine(&points, from, &candidates, want);
            assert_eq!(found.len(), expected.len());
            // Equal distances may come in either order: compare the distances.
            assert_eq!(
                distances(&points, from, &found),
                distances(&points, from, &expected),
                "round {round}"
            );
            assert!(found.iter().all(|c| candidates.contains(c)));
        }
    }

    #[test]
    fn nearest_holds_across_the_date_line() {
        let template = grid(1).remove(0);
        let points: Vec<Point> = [(0.0, 179.99), (0.0, -179.99), (0.0, 170.0), (0.5, 179.0)]
            .into_iter()
            .map(|(lat, lng)| Point {
                lat,
                lng,
                ..template.clone()
            })
            .collect();
        let index = NearIndex::build(points.iter());
        let from = Location::new(0.0, -179.95).unwrap();
        assert_eq!(index.nearest(from, &[0, 1, 2, 3], 4), [1, 0, 3, 2]);
    }

    #[test]
    fn groups_come_first_then_distance_then_the_given_order() {
        let points = grid(3);
        let index = NearIndex::build(points.iter());
        let corner = Location::new(39.0, 117.0).unwrap(); // point 0
        // Odd points form group 0, even ones group 1.
        let odd_first = |c: u32| c.is_multiple_of(2) as usize;
        let ordered = order_points(&index, 0..9, odd_first, Some(corner), 9);
        assert_eq!(ordered[..4].iter().filter(|&&c| c % 2 == 1).count(), 4);
        let d = distances(&points, corner, &ordered);
        assert!(d[..4].is_sorted() && d[4..].is_sorted(), "{d:?}");
        assert_eq!(ordered[4], 0, "the corner itself opens the second group");
        // Without a location, the given order within each group; `want` cuts the list.
        let given = [8, 3, 5, 0, 1];
        assert_eq!(
            order_points(&index, given, odd_first, None, 4),
            [3, 5, 1, 8]
        );
    }
}
