//! Searching the catalogue: every item and point scored against the query (the ranking itself is
//! `shared::domain::search`), filters applied across the two lists, best first.

use std::cmp::Ordering;

use chrono::NaiveDateTime;
use linli_shared::api::{ItemHit, PointHit, SearchResponse};
use linli_shared::directory::{Item, Point};
use linli_shared::domain::geo::Location;
use linli_shared::domain::hours::is_open_at;
use linli_shared::domain::search::{Field, Pass, Query, STRONG_MATCH, SearchText, best_match};
use linli_shared::query::SearchQuery;

use super::Catalog;
use super::nearby::{distance_m, order_points};

/// Added to the score of an item offered at the kiosk's own point, and of that point: enough
/// to lift it over others of the same kind of match, not over a better match.
const HERE_BOOST: f32 = 0.1;

impl Catalog {
    /// Items and points matching the request, best first. `now` is local time, for "open now".
    pub fn search(&self, request: &SearchQuery, now: NaiveDateTime) -> SearchResponse {
        let query = Query::parse(&request.text);
        let (item_allowed, point_allowed) = self.filters(request, now);
        let here: Option<u32> = request
            .at
            .as_ref()
            .and_then(|id| self.point_index(id.as_str()));
        // Which items the kiosk's own point offers, looked up once per query, not per item.
        let mut offered_here = vec![false; self.items.len()];
        if let Some(h) = here {
            for &i in &self.points[h as usize].items {
                offered_here[i as usize] = true;
            }
        }
        let boosted = |matched: Option<(f32, usize)>, is_here: bool| {
            matched.map(|(s, t)| (if is_here { s + HERE_BOOST } else { s }, t))
        };

        let rank = |pass: Pass| {
            let items = ranked(
                self.items
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| item_allowed[*i]),
                |index, it| boosted(best_match(&query, &it.texts, pass), offered_here[index]),
                |it| it.item.name.chars().count(),
            );
            let points = ranked(
                self.points
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| point_allowed[*i]),
                |index, p| {
                    let is_here = here == Some(index as u32);
                    boosted(best_match(&query, &p.texts, pass), is_here)
                },
                |p| p.point.name.chars().count(),
            );
            (items, points)
        };
        let (mut items, mut points) = rank(Pass::Exact);
        let best = items
            .first()
            .into_iter()
            .chain(points.first())
            .map(|h| h.score)
            .fold(0.0, f32::max);
        if best < STRONG_MATCH {
            // Nothing matched well as typed: allow a wrong or missing character.
            (items, points) = rank(Pass::Fuzzy);
        }

        let total_items = items.len() as u32;
        let total_points = points.len() as u32;
        items.truncate(request.limit);
        let from = self.origin(request.near, here);
        let points = self.order_point_hits(points, request, here, from, now);
        SearchResponse {
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
                        matched: it.texts[h.text].original.clone(),
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
                        open_now: is_open_at(&p.hours, &p.closures, now),
                        distance_m: from.map(|from| distance_m(from, p)),
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
        let closed = |p: u32| {
            let p = &self.points[p as usize].point;
            request.open_first && !is_open_at(&p.hours, &p.closures, now)
        };
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

    /// Which items and points pass the filters. Filters cross over: a district filter keeps the
    /// items offered in that district, a category filter keeps the points offering such items.
    fn filters(&self, request: &SearchQuery, now: NaiveDateTime) -> (Vec<bool>, Vec<bool>) {
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

struct Hit {
    index: usize,
    text: usize,
    score: f32,
    name_len: usize,
}

/// Scores every candidate and sorts best first; ties go to the shorter name, then file order.
fn ranked<'a, T: 'a>(
    candidates: impl Iterator<Item = (usize, &'a T)>,
    score: impl Fn(usize, &T) -> Option<(f32, usize)>,
    name_len: impl Fn(&T) -> usize,
) -> Vec<Hit> {
    let mut hits: Vec<Hit> = candidates
        .filter_map(|(index, c)| {
            score(index, c).map(|(score, text)| Hit {
                index,
                text,
                score,
                name_len: name_len(c),
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(Ordering::Equal)
            .then(a.name_len.cmp(&b.name_len))
            .then(a.index.cmp(&b.index))
    });
    hits
}

pub(super) fn item_texts(item: &Item) -> Vec<SearchText> {
    let mut texts = vec![SearchText::new(&item.name, Field::Name)];
    texts.extend(
        item.colloquial
            .iter()
            .map(|s| SearchText::new(s, Field::Colloquial)),
    );
    texts.extend(
        item.aliases
            .iter()
            .map(|s| SearchText::new(s, Field::Alias)),
    );
    texts.push(SearchText::new(&item.name_en, Field::NameEn));
    texts.push(SearchText::new(&item.description, Field::Description));
    if let Some(en) = &item.description_en {
        texts.push(SearchText::new(en, Field::DescriptionEn));
    }
    texts
}

pub(super) fn point_texts(point: &Point) -> Vec<SearchText> {
    let mut texts = vec![
        SearchText::new(&point.name, Field::Name),
        SearchText::new(&point.subdistrict, Field::Place),
        SearchText::new(&point.district, Field::Place),
        SearchText::new(&point.address, Field::Address),
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
            .filter_map(|(text, field)| Some(SearchText::new(text.as_ref()?, field))),
    );
    texts
}
