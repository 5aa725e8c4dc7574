//! The in-memory directory index: the whole directory as read from the database, with every
//! searchable text prepared once. Searches and detail pages read it without touching the
//! database; it is rebuilt whenever the directory's version changes (see `refresh`).

pub mod refresh;

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use linli_shared::api::{
    CategoryItems, CategorySummary, ItemDetail, ItemHit, ItemSummary, Overview, PointDetail,
    PointHit, PointSummary, SearchResponse,
};
use linli_shared::directory::{Category, Channel, DirectoryFile, Item, Point};
use linli_shared::domain::hours::{Weekday, closure_on, intervals_on, is_open_at, next_opening};
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
    /// The kiosk's own service point: its items and itself come first.
    pub at: Option<String>,
}

/// Added to the score of an item offered at the kiosk's own point, and of that point: enough
/// to lift it over others of the same kind of match, not over a better match.
const HERE_BOOST: f32 = 0.1;

/// How many items the home screen lists as most asked.
pub const POPULAR_ITEMS: usize = 8;

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
        let item_by_id = positions_by_id(file.items.iter().map(|i| &i.id));
        let point_by_id = positions_by_id(file.points.iter().map(|p| &p.id));
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

    /// Categories, the most asked items and the districts: the home and search screens' frame.
    pub fn overview(&self) -> Overview {
        let mut popular: Vec<&IndexedItem> = self
            .items
            .iter()
            .filter(|i| i.item.popularity > 0)
            .collect();
        popular.sort_by_key(|i| std::cmp::Reverse(i.item.popularity));
        let mut districts: Vec<String> = self
            .points
            .iter()
            .flat_map(|p| [p.point.district.clone(), p.point.subdistrict.clone()])
            .collect();
        districts.sort();
        districts.dedup();
        Overview {
            categories: self.categories(),
            popular: popular
                .into_iter()
                .take(POPULAR_ITEMS)
                .map(|i| item_summary(&i.item))
                .collect(),
            districts,
        }
    }

    /// A category and its items, most asked first, then in directory order.
    pub fn category_items(&self, id: &str) -> Option<CategoryItems> {
        let category = self.categories.iter().find(|c| c.id == id)?.clone();
        let mut items: Vec<&Item> = self
            .items
            .iter()
            .map(|i| &i.item)
            .filter(|i| i.category == id)
            .collect();
        items.sort_by_key(|i| std::cmp::Reverse(i.popularity));
        Some(CategoryItems {
            category,
            items: items.into_iter().map(item_summary).collect(),
        })
    }

    /// Items and points matching the request, best first. `now` is local time, for "open now".
    pub fn search(&self, request: &SearchRequest, now: NaiveDateTime) -> SearchResponse {
        let query = Query::parse(&request.query);
        let (item_allowed, point_allowed) = self.filters(request, now);
        let here: Option<u32> = request
            .at
            .as_ref()
            .and_then(|id| self.point_by_id.get(id))
            .map(|&p| p as u32);
        let boosted = |matched: Option<(f32, usize)>, is_here: bool| {
            matched.map(|(s, t)| (if is_here { s + HERE_BOOST } else { s }, t))
        };

        let rank = |pass: Pass| {
            let items = ranked(
                self.items
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| item_allowed[*i]),
                |_, it| {
                    let offered_here = here.is_some_and(|h| it.points.contains(&h));
                    boosted(best_match(&query, &it.texts, pass), offered_here)
                },
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
                        kind: p.kind,
                        district: p.district.clone(),
                        subdistrict: p.subdistrict.clone(),
                        address: p.address.clone(),
                        phone: p.phone.clone(),
                        open_now: is_open_at(&p.hours, &p.closures, now),
                        score: h.score.min(1.0),
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

    /// An item and the points offering it: the kiosk's own point (`at`) first, then open ones.
    pub fn item_detail(
        &self,
        id: &str,
        at: Option<&str>,
        now: NaiveDateTime,
    ) -> Option<ItemDetail> {
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
                    here: at == Some(p.id.as_str()),
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
        // Here first, then open ones; otherwise the directory's order (stable sort).
        points.sort_by_key(|p| (!p.here, !p.open_now));
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
        let closure_today = closure_on(&p.closures, now.date());
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
            weekday: Weekday::of(now.date()),
            today: if closure_today.is_some() {
                Vec::new()
            } else {
                intervals_on(&p.hours, Weekday::of(now.date()))
            },
            opens_next: next_opening(&p.hours, &p.closures, now),
            closed_today_for: closure_today.map(|c| c.reason.clone()),
            items: ip
                .items
                .iter()
                .map(|&i| item_summary(&self.items[i as usize].item))
                .collect(),
        })
    }
}

/// Each id with its position in its list.
fn positions_by_id<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

fn item_summary(item: &Item) -> ItemSummary {
    ItemSummary {
        id: item.id.clone(),
        name: item.name.clone(),
        name_en: item.name_en.clone(),
        category: item.category.clone(),
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
