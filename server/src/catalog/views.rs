//! What the pages show, read from one catalogue snapshot: the overview, the categories, an item
//! with the points offering it, a point with its hours.

use chrono::NaiveDateTime;
use linli_shared::api::{
    CategoryItems, CategorySummary, ItemDetail, Overview, PointDetail, PointSummary,
};
use linli_shared::domain::hours::{Weekday, closure_on, intervals_on, is_open_at, next_opening};

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

    /// An item and the points offering it: the kiosk's own point (`at`) first, then open ones.
    pub fn item_detail(
        &self,
        id: &str,
        at: Option<&str>,
        now: NaiveDateTime,
    ) -> Option<ItemDetail> {
        let it = self.item(id)?;
        let category = self.categories[self.category_position(it.item.category.as_str())?].clone();
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

    /// A point's hours, whether it is open now, and the items it handles.
    pub fn point_detail(&self, id: &str, now: NaiveDateTime) -> Option<PointDetail> {
        let cp = &self.points[self.point_index(id)? as usize];
        let p = &cp.point;
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
            items: cp
                .items
                .iter()
                .map(|&i| item_summary(&self.items[i as usize].item))
                .collect(),
        })
    }
}
