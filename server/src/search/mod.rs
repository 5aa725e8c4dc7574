//! The in-memory directory index: the whole directory as read from the database, with every
//! searchable text prepared once. Searches and detail pages read it without touching the
//! database; it is rebuilt whenever the directory's version changes (see `refresh`).

pub mod refresh;

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use linli_shared::api::{
    CategorySummary, ItemDetail, ItemHit, ItemSummary, PointDetail, PointHit, PointSummary,
    SearchResponse,
};
use linli_shared::directory::{Category, Channel, DirectoryFile, Item, Point};
use linli_shared::domain::hours::{Weekday, intervals_on, is_open_at};
use linli_shared::domain::search::{Field, Pass, Query, STRONG_MATCH, SearchText, best_match};

/// Most points listed on an item's page; the rest are counted in `total_points`.
pub const MAX_POINTS_PER_ITEM: usize = 200;

/// What a search asks for, already validated by the HTTP layer.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub category: Option<String>,
    pub channel: Option<Channel>,
    /// Matches a point's district (区/县) or subdistrict (街道/乡镇).
    pub district: Option<String>,
    pub open_now: bool,
    pub limit: usize,
}

struct IndexedItem {
    item: Item,
    texts: Vec<SearchText>,
    /// Indexes into `points` of the points that offer this item.
    points: Vec<u32>,
}

struct IndexedPoint {
    point: Point,
    texts: Vec<SearchText>,
    items: Vec<u32>,
}

pub struct DirectoryIndex {
    version: i64,
    categories: Vec<Category>,
    items: Vec<IndexedItem>,
    points: Vec<IndexedPoint>,
    item_by_id: HashMap<String, usize>,
    point_by_id: HashMap<String, usize>,
}

impl DirectoryIndex {
    /// Builds the index from a validated directory.
    pub fn build(version: i64, file: DirectoryFile) -> DirectoryIndex {
        let item_by_id: HashMap<String, usize> = file
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id.clone(), i))
            .collect();
        let point_by_id: HashMap<String, usize> = file
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let mut items: Vec<IndexedItem> = file
            .items
            .into_iter()
            .map(|item| IndexedItem {
                texts: item_texts(&item),
                item,
                points: Vec::new(),
            })
            .collect();
        let points: Vec<IndexedPoint> = file
            .points
            .into_iter()
            .enumerate()
            .map(|(p, point)| {
                let offered: Vec<u32> = point
                    .items
                    .iter()
                    .filter_map(|id| item_by_id.get(id))
                    .map(|&i| i as u32)
                    .collect();
                for &i in &offered {
                    items[i as usize].points.push(p as u32);
                }
                IndexedPoint {
                    texts: point_texts(&point),
                    point,
                    items: offered,
                }
            })
            .collect();
        DirectoryIndex {
            version,
            categories: file.categories,
            items,
            points,
            item_by_id,
            point_by_id,
        }
    }

    pub fn version(&self) -> i64 {
        self.version
    }

    pub fn item_count(&self) -> usize {
        self.items.len()
    }

    pub fn point_count(&self) -> usize {
        self.points.len()
    }

    pub fn has_category(&self, id: &str) -> bool {
        self.categories.iter().any(|c| c.id == id)
    }

    pub fn categories(&self) -> Vec<CategorySummary> {
        let mut categories: Vec<&Category> = self.categories.iter().collect();
        categories.sort_by_key(|c| c.sort);
        categories
            .into_iter()
            .map(|c| CategorySummary {
                id: c.id.clone(),
                name: c.name.clone(),
                name_en: c.name_en.clone(),
                item_count: self
                    .items
                    .iter()
                    .filter(|i| i.item.category == c.id)
                    .count() as u32,
            })
            .collect()
    }

    /// Items and points matching the request, best first. `now` is local time, for "open now".
    pub fn search(&self, request: &SearchRequest, now: NaiveDateTime) -> SearchResponse {
        let query = Query::parse(&request.query);
        let (item_allowed, point_allowed) = self.filters(request, now);

        let rank = |pass: Pass| {
            let items = ranked(
                self.items
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| item_allowed[*i]),
                |it| best_match(&query, &it.texts, pass),
                |it| it.item.name.chars().count(),
            );
            let points = ranked(
                self.points
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| point_allowed[*i]),
                |p| best_match(&query, &p.texts, pass),
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
        points.truncate(request.limit);
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
                        score: h.score,
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
                        kind: p.kind,
                        district: p.district.clone(),
                        subdistrict: p.subdistrict.clone(),
                        address: p.address.clone(),
                        phone: p.phone.clone(),
                        open_now: is_open_at(&p.hours, &p.closures, now),
                        score: h.score,
                    }
                })
                .collect(),
            total_items,
            total_points,
        }
    }

    /// Which items and points pass the filters. Filters cross over: a district filter keeps the
    /// items offered in that district, a category filter keeps the points offering such items.
    fn filters(&self, request: &SearchRequest, now: NaiveDateTime) -> (Vec<bool>, Vec<bool>) {
        let item_filtered = request.category.is_some() || request.channel.is_some();
        let point_filtered = request.district.is_some() || request.open_now;

        let mut items: Vec<bool> = self
            .items
            .iter()
            .map(|it| {
                request
                    .category
                    .as_ref()
                    .is_none_or(|c| &it.item.category == c)
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

    pub fn item_detail(&self, id: &str, now: NaiveDateTime) -> Option<ItemDetail> {
        let it = &self.items[*self.item_by_id.get(id)?];
        let category = self
            .categories
            .iter()
            .find(|c| c.id == it.item.category)?
            .clone();
        let mut points: Vec<PointSummary> = it
            .points
            .iter()
            .map(|&p| {
                let p = &self.points[p as usize].point;
                PointSummary {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    kind: p.kind,
                    subdistrict: p.subdistrict.clone(),
                    address: p.address.clone(),
                    phone: p.phone.clone(),
                    open_now: is_open_at(&p.hours, &p.closures, now),
                }
            })
            .collect();
        // Open ones first; otherwise the directory's order (stable sort).
        points.sort_by_key(|p| !p.open_now);
        let total_points = points.len() as u32;
        points.truncate(MAX_POINTS_PER_ITEM);
        Some(ItemDetail {
            item: it.item.clone(),
            category,
            points,
            total_points,
        })
    }

    pub fn point_detail(&self, id: &str, now: NaiveDateTime) -> Option<PointDetail> {
        let ip = &self.points[*self.point_by_id.get(id)?];
        let p = &ip.point;
        Some(PointDetail {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: p.kind,
            district: p.district.clone(),
            subdistrict: p.subdistrict.clone(),
            address: p.address.clone(),
            lat: p.lat,
            lng: p.lng,
            phone: p.phone.clone(),
            hours: p.hours.clone(),
            closures: p.closures.clone(),
            open_now: is_open_at(&p.hours, &p.closures, now),
            today: if linli_shared::domain::hours::closure_on(&p.closures, now.date()).is_some() {
                Vec::new()
            } else {
                intervals_on(&p.hours, Weekday::of(now.date()))
            },
            items: ip
                .items
                .iter()
                .map(|&i| {
                    let item = &self.items[i as usize].item;
                    ItemSummary {
                        id: item.id.clone(),
                        name: item.name.clone(),
                        name_en: item.name_en.clone(),
                        category: item.category.clone(),
                    }
                })
                .collect(),
        })
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
    score: impl Fn(&T) -> Option<(f32, usize)>,
    name_len: impl Fn(&T) -> usize,
) -> Vec<Hit> {
    let mut hits: Vec<Hit> = candidates
        .filter_map(|(index, c)| {
            score(c).map(|(score, text)| Hit {
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

fn item_texts(item: &Item) -> Vec<SearchText> {
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
    texts
}

fn point_texts(point: &Point) -> Vec<SearchText> {
    vec![
        SearchText::new(&point.name, Field::Name),
        SearchText::new(&point.subdistrict, Field::Place),
        SearchText::new(&point.district, Field::Place),
        SearchText::new(&point.address, Field::Address),
    ]
}
