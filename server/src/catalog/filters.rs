//! Search filters as sets, prepared once per directory version, so that a filter costs a few
//! word operations per candidate instead of a test of every record.
//!
//! Filters cross over: a district or "open now" keeps the items offered at such a point, a
//! category or channel keeps the points offering such an item. Each point's items are a bitset
//! (items are few: 300 at province scale, 5 words a point), each district and street its points
//! and the bitset of their items; which points are open is computed once per minute (opening
//! hours go by the minute) and shared by every search of that minute.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{NaiveDateTime, Timelike};
use linli_shared::directory::{Category, Channel, Item, Point};
use linli_shared::domain::hours::is_open_at;

/// A fixed-size set of small numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bits(Vec<u64>);

impl Bits {
    pub(super) fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    pub(super) fn full(len: usize) -> Bits {
        let mut b = Bits::new(len);
        for i in 0..len {
            b.insert(i as u32);
        }
        b
    }

    pub(super) fn insert(&mut self, i: u32) {
        self.0[i as usize / 64] |= 1 << (i % 64);
    }

    pub(super) fn contains(&self, i: u32) -> bool {
        self.0
            .get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn union_with(&mut self, other: &[u64]) {
        for (a, b) in self.0.iter_mut().zip(other) {
            *a |= b;
        }
    }

    fn intersect_with(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= b;
        }
    }

    fn meets(&self, other: &[u64]) -> bool {
        self.0.iter().zip(other).any(|(a, b)| a & b != 0)
    }
}

/// Which points are open at one minute, and which items are offered at an open point.
pub(super) struct OpenAt {
    minute: NaiveDateTime,
    points: Bits,
    items: Bits,
}

/// What the filters need, built with the catalogue.
pub(super) struct FilterIndex {
    item_count: usize,
    /// Words per item bitset.
    width: usize,
    /// Each point's items, `width` words per point.
    point_items: Vec<u64>,
    /// District and street names, each with its points (sorted) and the items they offer.
    places: HashMap<String, u32>,
    place_points: Vec<Vec<u32>>,
    place_items: Vec<Bits>,
    /// Each point's district and street.
    point_places: Vec<[u32; 2]>,
    by_category: HashMap<String, Bits>,
    by_channel: Vec<(Channel, Bits)>,
    open: Mutex<Option<Arc<OpenAt>>>,
}

/// One request's filters.
pub(super) struct Filter<'a> {
    index: &'a FilterIndex,
    /// Category and channel (`None`: every item).
    items: Option<Bits>,
    /// A district asked for: its number, or `None` if no point lies there.
    place: Option<Option<u32>>,
    open: Option<Arc<OpenAt>>,
    /// Items offered at a point passing the district and open-now filters (`None`: no such
    /// filter).
    offered: Option<Bits>,
}

impl FilterIndex {
    pub(super) fn build<'a>(
        categories: &[Category],
        items: &[&Item],
        points: impl Iterator<Item = (&'a Point, &'a [u32])>,
    ) -> FilterIndex {
        let width = items.len().div_ceil(64);
        let mut index = FilterIndex {
            item_count: items.len(),
            width,
            point_items: Vec::new(),
            places: HashMap::new(),
            place_points: Vec::new(),
            place_items: Vec::new(),
            point_places: Vec::new(),
            by_category: HashMap::new(),
            by_channel: Vec::new(),
            open: Mutex::new(None),
        };
        for (p, (point, offered)) in points.enumerate() {
            let mut bits = Bits::new(items.len());
            for &i in offered {
                bits.insert(i);
            }
            let mut places = [0; 2];
            for (slot, name) in [&point.district, &point.subdistrict]
                .into_iter()
                .enumerate()
            {
                let next = index.places.len() as u32;
                let place = *index.places.entry(name.clone()).or_insert(next);
                if place == next {
                    index.place_points.push(Vec::new());
                    index.place_items.push(Bits::new(items.len()));
                }
                let list = &mut index.place_points[place as usize];
                if list.last() != Some(&(p as u32)) {
                    list.push(p as u32);
                }
                index.place_items[place as usize].union_with(&bits.0);
                places[slot] = place;
            }
            index.point_places.push(places);
            index.point_items.extend(bits.0);
        }
        for c in categories {
            let mut bits = Bits::new(items.len());
            for (i, item) in items.iter().enumerate() {
                if item.category == c.id {
                    bits.insert(i as u32);
                }
            }
            index.by_category.insert(c.id.as_str().to_owned(), bits);
        }
        for channel in Channel::ALL {
            let mut bits = Bits::new(items.len());
            for (i, item) in items.iter().enumerate() {
                if item.channels.contains(&channel) {
                    bits.insert(i as u32);
                }
            }
            index.by_channel.push((channel, bits));
        }
        index
    }

    pub(super) fn point_items(&self, p: u32) -> &[u64] {
        let at = p as usize * self.width;
        &self.point_items[at..at + self.width]
    }

    /// Which points are open at `now`'s minute, computed once for that minute (`points` are
    /// the catalogue's, in order; read only when the minute is new).
    pub(super) fn open_at<'a>(
        &self,
        now: NaiveDateTime,
        points: impl Iterator<Item = &'a Point>,
    ) -> Arc<OpenAt> {
        let minute = now
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(now);
        let mut cached = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(open) = cached.as_ref()
            && open.minute == minute
        {
            return open.clone();
        }
        let mut open = OpenAt {
            minute,
            points: Bits::new(self.point_places.len()),
            items: Bits::new(self.item_count),
        };
        for (p, point) in points.enumerate() {
            if is_open_at(&point.hours, &point.closures, minute) {
                open.points.insert(p as u32);
                open.items.union_with(self.point_items(p as u32));
            }
        }
        let open = Arc::new(open);
        *cached = Some(open.clone());
        open
    }

    /// The filters of one request. `points` are the catalogue's, in order (read only when the
    /// open points of this minute are not known yet).
    pub(super) fn filter<'a, 'p>(
        &'a self,
        category: Option<&str>,
        channel: Option<Channel>,
        district: Option<&str>,
        open_now: bool,
        now: NaiveDateTime,
        points: impl Iterator<Item = &'p Point>,
    ) -> Filter<'a> {
        let items = match (category, channel) {
            (None, None) => None,
            _ => {
                let mut bits = Bits::full(self.item_count);
                if let Some(c) = category {
                    match self.by_category.get(c) {
                        Some(c) => bits.intersect_with(c),
                        None => bits = Bits::new(self.item_count),
                    }
                }
                if let Some(ch) = channel
                    && let Some((_, c)) = self.by_channel.iter().find(|(k, _)| *k == ch)
                {
                    bits.intersect_with(c);
                }
                Some(bits)
            }
        };
        let place = district.map(|d| self.places.get(d).copied());
        let open = open_now.then(|| self.open_at(now, points));
        let offered = match (place, &open) {
            (None, None) => None,
            (Some(None), _) => Some(Bits::new(self.item_count)),
            (Some(Some(d)), None) => Some(self.place_items[d as usize].clone()),
            (None, Some(open)) => Some(open.items.clone()),
            (Some(Some(d)), Some(open)) => {
                let mut bits = Bits::new(self.item_count);
                for &p in &self.place_points[d as usize] {
                    if open.points.contains(p) {
                        bits.union_with(self.point_items(p));
                    }
                }
                Some(bits)
            }
        };
        Filter {
            index: self,
            items,
            place,
            open,
            offered,
        }
    }
}

impl OpenAt {
    /// Whether point `p` is open (as `is_open_at` says for this minute).
    pub(super) fn point(&self, p: u32) -> bool {
        self.points.contains(p)
    }
}

impl Filter<'_> {
    pub(super) fn item(&self, i: u32) -> bool {
        self.items.as_ref().is_none_or(|b| b.contains(i))
            && self.offered.as_ref().is_none_or(|b| b.contains(i))
    }

    pub(super) fn point(&self, p: u32) -> bool {
        let in_place = match self.place {
            None => true,
            Some(None) => false,
            Some(Some(d)) => self.index.point_places[p as usize].contains(&d),
        };
        in_place
            && self.open.as_ref().is_none_or(|o| o.points.contains(p))
            && self
                .items
                .as_ref()
                .is_none_or(|b| b.meets(self.index.point_items(p)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_hold_what_was_put_in() {
        let mut b = Bits::new(130);
        for i in [0, 63, 64, 129] {
            b.insert(i);
        }
        assert!(b.contains(0) && b.contains(63) && b.contains(64) && b.contains(129));
        assert!(!b.contains(1) && !b.contains(128) && !b.contains(500));
        let full = Bits::full(130);
        assert!((0..130).all(|i| full.contains(i)) && !full.contains(130));
        let mut other = Bits::new(130);
        other.insert(64);
        assert!(b.meets(&other.0));
        let mut both = full.clone();
        both.intersect_with(&other);
        assert_eq!(both, other);
    }
}
