//! The catalogue: the whole directory in memory, one immutable snapshot per directory version,
//! with everything prepared once that does not change until the next version.
//!
//! - `mod.rs` (here): the snapshot, built from a directory file; lookups by id.
//! - `views`: what the pages show (overview, categories, an item, a point).
//! - `search`: ranking items and points for a query, with filters; the candidates come from an
//!   inverted index per version (`shared::domain::search::index`), the filters from
//!   `filters` (bitsets).
//! - `nearby`: the points nearest a location (a spatial index) and the order of point lists.
//! - `refresh`: keeping the snapshot in step with the database, swapped whole.
//!
//! Requests read the snapshot without touching the database, so a page never mixes two versions.

mod filters;
mod nearby;
pub mod refresh;
pub mod search;
pub mod views;

use std::collections::HashMap;

use linli_shared::api::{CategorySummary, ItemSummary, Overview};
use linli_shared::directory::{Category, DirectoryFile, FORMAT_TAG, Item, Point};
use linli_shared::domain::draft::DraftKind;
use linli_shared::domain::geo::Location;
use linli_shared::domain::search::index::{SearchIndex, SearchIndexBuilder};

/// How many items the home screen lists as most asked.
pub const POPULAR_ITEMS: usize = 8;

struct CatalogItem {
    item: Item,
    /// Indexes into `Catalog::points` of the points that offer this item.
    points: Vec<u32>,
}

struct CatalogPoint {
    point: Point,
    /// Indexes into `Catalog::items` of the items offered here.
    items: Vec<u32>,
}

/// One version of the directory, ready to answer from.
pub struct Catalog {
    version: i64,
    categories: Vec<Category>,
    items: Vec<CatalogItem>,
    points: Vec<CatalogPoint>,
    item_by_id: HashMap<String, u32>,
    point_by_id: HashMap<String, u32>,
    /// Every point by where it is.
    near: nearby::NearIndex,
    /// Per category (same order as `categories`), its items most asked first.
    items_by_category: Vec<Vec<u32>>,
    /// The home and search screens' frame; the same for every request of this version.
    overview: Overview,
    /// The items' and the points' search texts, indexed.
    item_search: SearchIndex,
    point_search: SearchIndex,
    /// Each item's and point's name length in characters (ties in the ranking go to the shorter).
    item_name_chars: Vec<u32>,
    point_name_chars: Vec<u32>,
    filters: filters::FilterIndex,
    /// The matches of broad queries asked in this version.
    broad: search::BroadQueries,
}

impl Catalog {
    /// Builds the snapshot from a validated directory.
    pub fn build(version: i64, file: DirectoryFile) -> Catalog {
        let item_by_id = positions_by_id(file.items.iter().map(|i| i.id.as_str()));
        let point_by_id = positions_by_id(file.points.iter().map(|p| p.id.as_str()));
        let mut items: Vec<CatalogItem> = file
            .items
            .into_iter()
            .map(|item| CatalogItem {
                item,
                points: Vec::new(),
            })
            .collect();
        let points: Vec<CatalogPoint> = file
            .points
            .into_iter()
            .enumerate()
            .map(|(p, point)| {
                let offered: Vec<u32> = point
                    .items
                    .iter()
                    .filter_map(|id| item_by_id.get(id.as_str()).copied())
                    .collect();
                for &i in &offered {
                    items[i as usize].points.push(p as u32);
                }
                CatalogPoint {
                    point,
                    items: offered,
                }
            })
            .collect();
        let near = nearby::NearIndex::build(points.iter().map(|p| &p.point));
        let items_by_category = items_by_category(&file.categories, &items);
        let overview = overview(&file.categories, &items, &points, &items_by_category);
        let mut builder = SearchIndexBuilder::new();
        for it in &items {
            builder.record(search::item_texts(&it.item));
        }
        let item_search = builder.build();
        let mut builder = SearchIndexBuilder::new();
        for p in &points {
            builder.record(search::point_texts(&p.point));
        }
        let point_search = builder.build();
        let filters = filters::FilterIndex::build(
            &file.categories,
            &items.iter().map(|i| &i.item).collect::<Vec<_>>(),
            points.iter().map(|p| (&p.point, p.items.as_slice())),
        );
        Catalog {
            item_name_chars: items
                .iter()
                .map(|i| i.item.name.chars().count() as u32)
                .collect(),
            point_name_chars: points
                .iter()
                .map(|p| p.point.name.chars().count() as u32)
                .collect(),
            item_search,
            point_search,
            filters,
            broad: Default::default(),
            version,
            categories: file.categories,
            items,
            points,
            item_by_id,
            point_by_id,
            near,
            items_by_category,
            overview,
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

    /// The search indexes' size, items and points together: distinct texts, heap bytes of the
    /// prepared texts and of the postings.
    pub fn search_index_size(&self) -> (usize, usize, usize) {
        let (item_texts, item_postings) = self.item_search.heap_bytes();
        let (point_texts, point_postings) = self.point_search.heap_bytes();
        (
            self.item_search.text_count() + self.point_search.text_count(),
            item_texts + point_texts,
            item_postings + point_postings,
        )
    }

    fn category_position(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.id == id)
    }

    pub fn has_category(&self, id: &str) -> bool {
        self.category_position(id).is_some()
    }

    /// Whether an item of this id is in the directory (the app's page for it exists).
    pub fn has_item(&self, id: &str) -> bool {
        self.item_by_id.contains_key(id)
    }

    /// Whether a service point of this id is in the directory.
    pub fn has_point(&self, id: &str) -> bool {
        self.point_by_id.contains_key(id)
    }

    /// The directory this snapshot was built from, whole and in order (what a draft is published
    /// onto, without reading the database again).
    pub fn to_file(&self) -> DirectoryFile {
        DirectoryFile {
            format: FORMAT_TAG.to_owned(),
            categories: self.categories.clone(),
            items: self.items.iter().map(|i| i.item.clone()).collect(),
            points: self.points.iter().map(|p| p.point.clone()).collect(),
        }
    }

    /// A record as published, in the directory file format (what a staff draft edits).
    pub fn record(&self, kind: DraftKind, id: &str) -> Option<serde_json::Value> {
        let value = match kind {
            DraftKind::Category => {
                serde_json::to_value(&self.categories[self.category_position(id)?])
            }
            DraftKind::Item => serde_json::to_value(&self.item(id)?.item),
            DraftKind::Point => {
                serde_json::to_value(&self.points[self.point_index(id)? as usize].point)
            }
        };
        value.ok()
    }

    /// The live items, in the directory file's order.
    pub fn item_records(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().map(|i| &i.item)
    }

    /// The live service points, in the directory file's order.
    pub fn point_records(&self) -> impl Iterator<Item = &Point> {
        self.points.iter().map(|p| &p.point)
    }

    /// The live categories, in order.
    pub fn category_records(&self) -> &[Category] {
        &self.categories
    }

    /// A live item as the directory has it.
    pub fn item_record(&self, id: &str) -> Option<&Item> {
        self.item(id).map(|i| &i.item)
    }

    /// A live service point as the directory has it.
    pub fn point_record(&self, id: &str) -> Option<&Point> {
        self.point_index(id).map(|p| &self.points[p as usize].point)
    }

    fn item(&self, id: &str) -> Option<&CatalogItem> {
        self.item_by_id.get(id).map(|&i| &self.items[i as usize])
    }

    fn point_index(&self, id: &str) -> Option<u32> {
        self.point_by_id.get(id).copied()
    }

    /// Which points are open at `now`'s minute (computed once per minute and version).
    fn open_at(&self, now: chrono::NaiveDateTime) -> std::sync::Arc<filters::OpenAt> {
        self.filters
            .open_at(now, self.points.iter().map(|p| &p.point))
    }

    /// Where distances are measured from: the resident (`near`), else the kiosk's own point.
    fn origin(&self, near: Option<Location>, here: Option<u32>) -> Option<Location> {
        near.or_else(|| {
            let p = &self.points[here? as usize].point;
            Location::new(p.lat, p.lng)
        })
    }
}

/// Each id with its position in its list.
fn positions_by_id<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, u32> {
    ids.enumerate()
        .map(|(i, id)| (id.to_owned(), i as u32))
        .collect()
}

/// Each category's items, most asked first, then in directory order (a stable sort).
fn items_by_category(categories: &[Category], items: &[CatalogItem]) -> Vec<Vec<u32>> {
    let position: HashMap<&str, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut lists = vec![Vec::new(); categories.len()];
    for (i, it) in items.iter().enumerate() {
        if let Some(&c) = position.get(it.item.category.as_str()) {
            lists[c].push(i as u32);
        }
    }
    for list in &mut lists {
        list.sort_by_key(|&i| std::cmp::Reverse(items[i as usize].item.popularity));
    }
    lists
}

fn overview(
    categories: &[Category],
    items: &[CatalogItem],
    points: &[CatalogPoint],
    items_by_category: &[Vec<u32>],
) -> Overview {
    let mut ordered: Vec<usize> = (0..categories.len()).collect();
    ordered.sort_by_key(|&c| categories[c].sort);
    let categories = ordered
        .into_iter()
        .map(|c| CategorySummary {
            id: categories[c].id.clone(),
            name: categories[c].name.clone(),
            name_en: categories[c].name_en.clone(),
            item_count: items_by_category[c].len() as u32,
        })
        .collect();

    let mut popular: Vec<&Item> = items
        .iter()
        .map(|i| &i.item)
        .filter(|i| i.popularity > 0)
        .collect();
    popular.sort_by_key(|i| std::cmp::Reverse(i.popularity));
    popular.truncate(POPULAR_ITEMS);

    let mut districts: Vec<String> = points
        .iter()
        .flat_map(|p| [&p.point.district, &p.point.subdistrict])
        .cloned()
        .collect();
    districts.sort();
    districts.dedup();
    let districts_en = points
        .iter()
        .flat_map(|p| {
            [
                (&p.point.district, &p.point.district_en),
                (&p.point.subdistrict, &p.point.subdistrict_en),
            ]
        })
        .filter_map(|(zh, en)| Some((zh.clone(), en.clone()?)))
        .collect();

    Overview {
        categories,
        popular: popular.into_iter().map(item_summary).collect(),
        districts,
        districts_en,
    }
}

fn item_summary(item: &Item) -> ItemSummary {
    ItemSummary {
        id: item.id.clone(),
        name: item.name.clone(),
        name_en: item.name_en.clone(),
        category: item.category.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Catalog {
        let text = include_str!("../../../shared/tests/fixtures/tiny-directory.json");
        Catalog::build(1, crate::directory::parse_directory(text).unwrap())
    }

    #[test]
    fn the_overview_is_prepared_once_per_version() {
        let catalog = tiny();
        let overview = catalog.overview();
        let mut sorted = overview.districts.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(overview.districts, sorted, "sorted, each once");
        let counted: u32 = overview.categories.iter().map(|c| c.item_count).sum();
        assert_eq!(counted as usize, catalog.item_count());
        assert!(overview.popular.len() <= POPULAR_ITEMS);
    }

    #[test]
    fn a_categorys_items_are_most_asked_first() {
        let catalog = tiny();
        for c in &catalog.overview().categories {
            let listed = catalog.category_items(c.id.as_str()).unwrap();
            let popularity: Vec<u32> = listed
                .items
                .iter()
                .map(|i| catalog.item(i.id.as_str()).unwrap().item.popularity)
                .collect();
            assert!(
                popularity.windows(2).all(|w| w[0] >= w[1]),
                "{popularity:?}"
            );
        }
        assert!(catalog.category_items("no-such-category").is_none());
    }
}
