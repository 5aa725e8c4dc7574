//! What the pages show, read from one catalogue snapshot: the overview, the categories, an item
//! with the points offering it, a point with its hours.

use chrono::NaiveDateTime;
use linli_shared::api::{
    CategoryItems, CategorySummary, ItemDetail, Overview, PointDetail, PointSummary,
};
use linli_shared::domain::hours::{Weekday, closure_on, intervals_on, is_open_at, next_opening};
use linli_shared::query::ItemQuery;

use super::nearby::{distance_m, order_points};
use super::{Catalog, item_summary};

/// Most points listed on an item's page; the rest are counted in `total_points`.
pub const MAX_POINTS_PER_ITEM: usize = 200;

impl Catalog {
    /// Categories, the most asked items and the districts: the home and search screens' frame.
    pub fn overview(&self) -> &Overview {
        &self.overview
    }

    /// The categories in display order, with how many items each holds.
    pub fn categories(&self) -> &[CategorySummary] {
        &self.overview.categories
    }

    /// A category and its items, most asked first, then in directory order.
    pub fn category_items(&self, id: &str) -> Option<CategoryItems> {
        let c = self.category_position(id)?;
        Some(CategoryItems {
            category: self.categories[c].clone(),
            items: self.items_by_category[c]
                .iter()
                .map(|&i| item_summary(&self.items[i as usize].item))
                .collect(),
        })
    }

    /// An item and the points offering it, in the request's order (see [`ItemQuery`]): the
    /// kiosk's own point first, then open ones unless `open_first` is off, each group nearest
    /// first when a location is known (`near`, else the kiosk's point), else in the
    /// directory's order; the first [`MAX_POINTS_PER_ITEM`] of that order.
    pub fn item_detail(
        &self,
        id: &str,
        request: &ItemQuery,
        now: NaiveDateTime,
    ) -> Option<ItemDetail> {
        let it = self.item(id)?;
        let category = self.categories[self.category_position(it.item.category.as_str())?].clone();
        let here = request
            .at
            .as_ref()
            .and_then(|id| self.point_index(id.as_str()));
        let from = self.origin(request.near, here);
        // Which points are open this minute: computed once a minute for every request.
        let open = self.open_at(now);
        let is_open = |p: u32| open.point(p);
        let group = |p: u32| {
            if Some(p) == here {
                0
            } else if request.open_first && !is_open(p) {
                2
            } else {
                1
            }
        };
        let listed = order_points(
            &self.near,
            it.points.iter().copied(),
            group,
            from,
            MAX_POINTS_PER_ITEM,
        );
        let points = listed
            .into_iter()
            .map(|index| {
                let p = &self.points[index as usize].point;
                PointSummary {
                    here: Some(index) == here,
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
                    open_now: is_open(index),
                    distance_m: from.map(|from| distance_m(from, p)),
                    opens_next: if is_open(index) {
                        None
                    } else {
                        next_opening(&p.hours, &p.closures, now)
                    },
                    date: Some(now.date()),
                }
            })
            .collect();
        Some(ItemDetail {
            item: it.item.clone(),
            category,
            points,
            total_points: it.points.len() as u32,
        })
    }

    /// A point's hours, whether it is open now, and the items it handles.
    pub fn point_detail(&self, id: &str, now: NaiveDateTime) -> Option<PointDetail> {
        let cp = &self.points[self.point_index(id)? as usize];
        let p = &cp.point;
        let closure_today = closure_on(&p.closures, now.date());
        // The items category by category, in the home screen's order (each in the directory's).
        let mut items = Vec::with_capacity(cp.items.len());
        let mut categories = Vec::new();
        for category in &self.overview.categories {
            let before = items.len();
            items.extend(
                cp.items
                    .iter()
                    .map(|&i| &self.items[i as usize].item)
                    .filter(|item| item.category == category.id)
                    .map(item_summary),
            );
            if items.len() > before {
                categories.push(CategorySummary {
                    item_count: (items.len() - before) as u32,
                    ..category.clone()
                });
            }
        }
        Some(PointDetail {
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
            lat: p.lat,
            lng: p.lng,
            phone: p.phone.clone(),
            hours: p.hours.clone(),
            closures: p.closures.clone(),
            open_now: is_open_at(&p.hours, &p.closures, now),
            weekday: Weekday::of(now.date()),
            date: now.date(),
            today: if closure_today.is_some() {
                Vec::new()
            } else {
                intervals_on(&p.hours, Weekday::of(now.date()))
            },
            opens_next: next_opening(&p.hours, &p.closures, now),
            closed_today_for: closure_today.map(|c| c.reason.clone()),
            closed_today_for_en: closure_today.and_then(|c| c.reason_en.clone()),
            items,
            categories,
        })
    }
}
