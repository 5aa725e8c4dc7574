//! Searching the catalogue: the items and points that can match the query (from the inverted
//! index, `shared::domain::search::index`) scored and ranked by `shared::domain::search`,
//! filters applied across the two lists (`filters`), best first.

use std::cmp::Ordering;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDateTime;
use linli_shared::api::{ItemHit, PointHit, SearchResponse};
use linli_shared::directory::{Item, Point};
use linli_shared::domain::geo::Location;
use linli_shared::domain::hours::{is_open_at, next_opening};
use linli_shared::domain::search::index::Match;
use linli_shared::domain::search::{Field, Pass, Query, STRONG_MATCH, points_lead};
use linli_shared::query::SearchQuery;

use super::Catalog;
use super::nearby::{distance_m, order_points};

/// Added to the score of an item offered at the kiosk's own point, and of that point: enough
/// to lift it over others of the same kind of match, not over a better match.
const HERE_BOOST: f32 = 0.1;

/// How a search finds its matches: through the index, or (the reference the index is checked
/// against, in tests and the benchmark) by scoring every text of every record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Index,
    Scan,
}

impl Catalog {
    /// Items and points matching the request, best first. `now` is local time, for "open now".
    pub fn search(&self, request: &SearchQuery, now: NaiveDateTime) -> SearchResponse {
        self.search_by(request, now, Method::Index)
    }

    /// [`Catalog::search`] found by `method`: both give the same answer.
    pub fn search_by(
        &self,
        request: &SearchQuery,
        now: NaiveDateTime,
        method: Method,
    ) -> SearchResponse {
        let query = Query::parse(&request.text);
        let here: Option<u32> = request
            .at
            .as_ref()
            .and_then(|id| self.point_index(id.as_str()));
        let filter = self.filters.filter(
            request.category.as_ref().map(|c| c.as_str()),
            request.channel,
            request.district.as_deref(),
            request.open_now,
            now,
            self.points.iter().map(|p| &p.point),
        );
        let (item_allowed, point_allowed): (Allowed<'_>, Allowed<'_>) = match method {
            Method::Index => (Box::new(|i| filter.item(i)), Box::new(|p| filter.point(p))),
            Method::Scan => {
                let (items, points) = self.filters_by_scan(request, now);
                (
                    Box::new(move |i| items[i as usize]),
                    Box::new(move |p| points[p as usize]),
                )
            }
        };
        let offered_here = |i: usize| {
            here.is_some_and(|h| self.filters.point_items(h)[i / 64] & (1 << (i % 64)) != 0)
        };
        let boost = |(items, points): (Vec<Match>, Vec<Match>)| {
            (
                hits(
                    items,
                    |m| offered_here(m.record as usize),
                    &self.item_name_chars,
                ),
                hits(points, |m| here == Some(m.record), &self.point_name_chars),
            )
        };
        let strong = |items: &[Hit], points: &[Hit]| {
            items
                .iter()
                .chain(points)
                .map(|h| h.score)
                .fold(0.0, f32::max)
                >= STRONG_MATCH
        };
        let (mut items, mut points);
        if method == Method::Scan {
            let scan = |pass: Pass| {
                let (mut items, mut points) = (Vec::new(), Vec::new());
                self.item_search
                    .scan(&query, pass, &*item_allowed, &mut items);
                self.point_search
                    .scan(&query, pass, &*point_allowed, &mut points);
                (items, points)
            };
            (items, points) = boost(scan(Pass::Exact));
            if !strong(&items, &points) && query.fuzzy_can_add() {
                (items, points) = boost(scan(Pass::Fuzzy));
            }
        } else {
            // Every match of the query, unfiltered (kept for the version if there are many),
            // then the request's filters. Each list's fuzzy pass reuses its exact pass's scores.
            let mut runs = None;
            let found = self.broad.get(&query.display).unwrap_or_else(|| {
                let (mut item_run, mut point_run) =
                    (self.item_search.run(&query), self.point_search.run(&query));
                let (mut items, mut points) = (Vec::new(), Vec::new());
                item_run.matches(Pass::Exact, &|_| true, &mut items);
                point_run.matches(Pass::Exact, &|_| true, &mut points);
                runs = Some((item_run, point_run));
                let found = Arc::new(Found {
                    exact: (items, points),
                    fuzzy: OnceLock::new(),
                });
                self.broad.keep(&query.display, &found);
                found
            });
            let filtered = |(items, points): &(Vec<Match>, Vec<Match>)| {
                (
                    allowed_only(items, &*item_allowed),
                    allowed_only(points, &*point_allowed),
                )
            };
            (items, points) = boost(filtered(&found.exact));
            if !strong(&items, &points) && query.fuzzy_can_add() {
                // Nothing matched well as typed: allow a wrong or missing character.
                let fuzzy = found.fuzzy.get_or_init(|| {
                    let (mut item_run, mut point_run) = runs.take().unwrap_or_else(|| {
                        (self.item_search.run(&query), self.point_search.run(&query))
                    });
                    let (mut items, mut points) = (Vec::new(), Vec::new());
                    item_run.matches(Pass::Fuzzy, &|_| true, &mut items);
                    point_run.matches(Pass::Fuzzy, &|_| true, &mut points);
                    (items, points)
                });
                (items, points) = boost(filtered(fuzzy));
            }
        }

        let total_items = items.len() as u32;
        let total_points = points.len() as u32;
        best_first(&mut items, request.limit);
        let from = self.origin(request.near, here);
        if from.is_none() {
            // Without a location the order is the ranking's (open ones first if asked).
            let keep = if request.open_first {
                points.len()
            } else {
                request.limit
            };
            best_first(&mut points, keep);
        }
        // Which list leads: by the best match of each, before the points' order by distance.
        let points_first = points_lead(
            items.first().map(|h| h.score),
            points.iter().map(|h| h.score).reduce(f32::max),
        );
        let points = self.order_point_hits(points, request, here, from, now);
        SearchResponse {
            points_first,
            query: query.display.clone(),
            items: items
                .into_iter()
                .map(|h| {
                    let it = &self.items[h.index];
                    ItemHit {
                        id: it.item.id.clone(),
                        name: it.item.name.clone(),
                        name_en: it.item.name_en.clone(),
                        category: it.item.category.clone(),
                        matched: self
                            .item_search
                            .record_text(h.index as u32, h.text)
                            .original
                            .clone(),
                        time_limit_days: it.item.time_limit_days,
                        channels: it.item.channels.clone(),
                        score: h.score.min(1.0),
                    }
                })
                .collect(),
            points: points
                .into_iter()
                .map(|h| {
                    let p = &self.points[h.index].point;
                    let open_now = is_open_at(&p.hours, &p.closures, now);
                    PointHit {
                        id: p.id.clone(),
                        name: p.name.clone(),
                        name_en: p.name_en.clone(),
                        kind: p.kind,
                        district: p.district.clone(),
                        district_en: p.district_en.clone(),
                        subdistrict: p.subdistrict.clone(),
                        subdistrict_en: p.subdistrict_en.clone(),
                        address: p.address.clone(),
                        address_en: p.address_en.clone(),
                        phone: p.phone.clone(),
                        lat: p.lat,
                        lng: p.lng,
                        open_now,
                        distance_m: from.map(|from| distance_m(from, p)),
                        opens_next: if open_now {
                            None
                        } else {
                            next_opening(&p.hours, &p.closures, now)
                        },
                        date: Some(now.date()),
                        score: h.score.min(1.0),
                    }
                })
                .collect(),
            total_items,
            total_points,
        }
    }

    /// The matching points (best first) cut to the request's limit, in the order it asks for.
    /// With a location (`near`, or the kiosk's point) the text decides which points are listed
    /// and distance their order: the kiosk's own point, then strong matches (the name or place
    /// as typed, or its pinyin), then weaker ones, each nearest first. `open_first` puts the
    /// open ones before all of these (without a location: before the closed, best first).
    fn order_point_hits(
        &self,
        hits: Vec<Hit>,
        request: &SearchQuery,
        here: Option<u32>,
        from: Option<Location>,
        now: NaiveDateTime,
    ) -> Vec<Hit> {
        if from.is_none() && !request.open_first {
            let mut hits = hits;
            hits.truncate(request.limit);
            return hits;
        }
        // Where each point's hit is in `hits`, for the groups and the answer.
        let mut hit_of = vec![u32::MAX; self.points.len()];
        for (i, h) in hits.iter().enumerate() {
            hit_of[h.index] = i as u32;
        }
        let open = request.open_first.then(|| self.open_at(now));
        let closed = |p: u32| open.as_ref().is_some_and(|open| !open.point(p));
        let group = |p: u32| match from {
            None => closed(p) as usize,
            Some(_) if Some(p) == here => 0,
            Some(_) => {
                let weak = hits[hit_of[p as usize] as usize].score < STRONG_MATCH;
                1 + 2 * closed(p) as usize + weak as usize
            }
        };
        let order = order_points(
            &self.near,
            hits.iter().map(|h| h.index as u32),
            group,
            from,
            request.limit,
        );
        let mut hits: Vec<Option<Hit>> = hits.into_iter().map(Some).collect();
        order
            .into_iter()
            .filter_map(|p| hits[hit_of[p as usize] as usize].take())
            .collect()
    }

    /// Which items and points pass the filters, each record tested (the reference for
    /// `filters::FilterIndex`, used by [`Method::Scan`]). Filters cross over: a district filter
    /// keeps the items offered in that district, a category filter keeps the points offering
    /// such items.
    fn filters_by_scan(&self, request: &SearchQuery, now: NaiveDateTime) -> (Vec<bool>, Vec<bool>) {
        let item_filtered = request.category.is_some() || request.channel.is_some();
        let point_filtered = request.district.is_some() || request.open_now;

        let mut items: Vec<bool> = self
            .items
            .iter()
            .map(|it| {
                request
                    .category
                    .as_ref()
                    .is_none_or(|c| it.item.category == c.as_str())
                    && request
                        .channel
                        .is_none_or(|ch| it.item.channels.contains(&ch))
            })
            .collect();
        let mut points: Vec<bool> = self
            .points
            .iter()
            .map(|p| {
                request
                    .district
                    .as_ref()
                    .is_none_or(|d| &p.point.district == d || &p.point.subdistrict == d)
                    && (!request.open_now || is_open_at(&p.point.hours, &p.point.closures, now))
            })
            .collect();
        if point_filtered {
            for (i, it) in self.items.iter().enumerate() {
                items[i] = items[i] && it.points.iter().any(|&p| points[p as usize]);
            }
        }
        if item_filtered {
            for (p, point) in self.points.iter().enumerate() {
                points[p] = points[p] && point.items.iter().any(|&i| items[i as usize]);
            }
        }
        (items, points)
    }
}

/// The matches of one query, before any filter: every record of both lists.
pub(super) struct Found {
    exact: (Vec<Match>, Vec<Match>),
    fuzzy: OnceLock<(Vec<Match>, Vec<Match>)>,
}

/// Queries matching more records than this keep their matches for the version: a broad query
/// (`社区`, `shequ`: 10,000 points) is then answered by filtering and ranking its matches, not by
/// scoring 10,000 texts again.
const BROAD: usize = 1_000;

/// How many broad queries are kept, the most recently asked (each at most every item and
/// point: 15,300 matches, 184 KB at province scale).
const BROAD_KEPT: usize = 32;

/// The matches of the most recently asked broad queries.
#[derive(Default)]
pub(super) struct BroadQueries(Mutex<VecDeque<(String, Arc<Found>)>>);

impl BroadQueries {
    fn get(&self, query: &str) -> Option<Arc<Found>> {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let at = kept.iter().position(|(q, _)| q == query)?;
        let entry = kept.remove(at)?;
        let found = entry.1.clone();
        kept.push_front(entry);
        Some(found)
    }

    fn keep(&self, query: &str, found: &Arc<Found>) {
        if found.exact.0.len() + found.exact.1.len() <= BROAD {
            return;
        }
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.iter().any(|(q, _)| q == query) {
            return;
        }
        kept.push_front((query.to_owned(), found.clone()));
        kept.truncate(BROAD_KEPT);
    }
}

fn allowed_only(found: &[Match], allowed: &dyn Fn(u32) -> bool) -> Vec<Match> {
    found
        .iter()
        .filter(|m| allowed(m.record))
        .copied()
        .collect()
}

/// Which records of a list a request's filters let through.
type Allowed<'a> = Box<dyn Fn(u32) -> bool + 'a>;

struct Hit {
    index: usize,
    text: u32,
    score: f32,
    name_chars: u32,
}

/// The matches as hits, boosted where `is_here`, in no particular order.
fn hits(found: Vec<Match>, is_here: impl Fn(&Match) -> bool, name_chars: &[u32]) -> Vec<Hit> {
    found
        .into_iter()
        .map(|m| Hit {
            index: m.record as usize,
            text: m.text,
            score: if is_here(&m) {
                m.score + HERE_BOOST
            } else {
                m.score
            },
            name_chars: name_chars[m.record as usize],
        })
        .collect()
}

/// Best first; ties go to the shorter name, then file order (a total order, so the answer does
/// not depend on the order matches were found in).
fn better(a: &Hit, b: &Hit) -> Ordering {
    b.score
        .partial_cmp(&a.score)
        .unwrap_or(Ordering::Equal)
        .then(a.name_chars.cmp(&b.name_chars))
        .then(a.index.cmp(&b.index))
}

/// The best `keep` hits, best first (the rest dropped without being sorted).
fn best_first(hits: &mut Vec<Hit>, keep: usize) {
    if keep < hits.len() {
        hits.select_nth_unstable_by(keep, better);
        hits.truncate(keep);
    }
    hits.sort_unstable_by(better);
}

/// An item's search texts, in order of preference (a tie goes to the first).
pub(super) fn item_texts(item: &Item) -> Vec<(&str, Field)> {
    let mut texts = vec![(item.name.as_str(), Field::Name)];
    texts.extend(
        item.colloquial
            .iter()
            .map(|s| (s.as_str(), Field::Colloquial)),
    );
    texts.extend(item.aliases.iter().map(|s| (s.as_str(), Field::Alias)));
    texts.push((&item.name_en, Field::NameEn));
    texts.extend(
        item.colloquial_en
            .iter()
            .map(|s| (s.as_str(), Field::ColloquialEn)),
    );
    texts.push((&item.description, Field::Description));
    if let Some(en) = &item.description_en {
        texts.push((en, Field::DescriptionEn));
    }
    texts
}

/// A point's search texts, in order of preference.
pub(super) fn point_texts(point: &Point) -> Vec<(&str, Field)> {
    let mut texts = vec![
        (point.name.as_str(), Field::Name),
        (&point.subdistrict, Field::Place),
        (&point.district, Field::Place),
        (&point.address, Field::Address),
    ];
    let english = [
        (&point.name_en, Field::NameEn),
        (&point.subdistrict_en, Field::PlaceEn),
        (&point.district_en, Field::PlaceEn),
        (&point.address_en, Field::AddressEn),
    ];
    texts.extend(
        english
            .into_iter()
            .filter_map(|(text, field)| Some((text.as_deref()?, field))),
    );
    texts
}
