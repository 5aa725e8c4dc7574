//! A province-scale directory for benchmarks: thousands of points across many districts, the
//! demo's items plus their common variants (新办/变更/补办/注销), deterministic for a given seed.

use chrono::NaiveDate;
use linli_shared::directory::{Break, Closure, DirectoryFile, HoursRule, Point, PointKind};
use linli_shared::domain::hours::{ClockTime, Weekday};
use linli_shared::ids::{ItemId, PointId};

use super::{DEMO_DIRECTORY, parse_directory};

/// How big a directory to make.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub points: usize,
    pub items: usize,
    /// Item-at-point offerings in all (spread unevenly: centers offer more than stations).
    pub offerings: usize,
    pub seed: u64,
}

impl Scale {
    /// The province the benchmark uses: Liaoning has about 5,800 streets, towns and urban
    /// communities plus its villages' stations.
    pub const PROVINCE: Scale = Scale {
        points: 15_000,
        items: 300,
        offerings: 500_000,
        seed: 2026,
    };
}

const CITIES: [&str; 14] = [
    "沈阳",
    "大连",
    "鞍山",
    "抚顺",
    "本溪",
    "丹东",
    "锦州",
    "营口",
    "阜新",
    "辽阳",
    "盘锦",
    "铁岭",
    "朝阳",
    "葫芦岛",
];
const DISTRICT_SUFFIXES: [&str; 8] = [
    "和平区",
    "铁西区",
    "新城区",
    "开发区",
    "北区",
    "东区",
    "县",
    "南区",
];
const NAME_PARTS: [&str; 40] = [
    "和平", "新华", "长青", "光明", "东风", "兴隆", "胜利", "建设", "幸福", "友谊", "春城", "朝阳",
    "白塔", "南湖", "北陵", "太原", "永安", "富民", "团结", "红旗", "青年", "丰收", "兴华", "锦华",
    "长江", "黄河", "松花", "泰山", "金桥", "银河", "翠湖", "玉泉", "花园", "桃源", "柳林", "枫叶",
    "振兴", "盛京", "辽河", "滨海",
];
const VARIANTS: [(&str, &str); 4] = [
    ("新办", "new application"),
    ("变更", "change of details"),
    ("补办", "replacement"),
    ("注销", "cancellation"),
];

/// Builds the directory. Item ids and names stay unique; every item is offered somewhere.
pub fn generate(scale: Scale) -> DirectoryFile {
    let mut rng = fastrand::Rng::with_seed(scale.seed);
    let demo = parse_directory(DEMO_DIRECTORY).expect("the demo directory is valid");

    let mut items = demo.items.clone();
    let mut n = 0;
    while items.len() < scale.items {
        let base = &demo.items[n % demo.items.len()];
        let (zh, en) = VARIANTS[(n / demo.items.len()) % VARIANTS.len()];
        let round = n / (demo.items.len() * VARIANTS.len());
        let mut item = base.clone();
        item.id =
            ItemId::parse(&format!("{}-v{}", base.id, n)).expect("a slug and a number make a slug");
        item.name = format!("{}（{zh}{}）", base.name, suffix(round));
        item.name_en = format!("{} ({en})", base.name_en);
        item.colloquial.clear();
        item.aliases.clear();
        item.colloquial_en.clear();
        items.push(item);
        n += 1;
    }
    items.truncate(scale.items);

    let mut points = Vec::with_capacity(scale.points);
    let mut subdistrict = String::new();
    let mut district = String::new();
    for i in 0..scale.points {
        // Every 40th point starts a new district, every 8th a new street or town with its center.
        if i % 40 == 0 {
            district = format!(
                "{}市{}{}",
                CITIES[(i / 40) % CITIES.len()],
                pick(&mut rng, &NAME_PARTS),
                DISTRICT_SUFFIXES[(i / 40 / CITIES.len()) % DISTRICT_SUFFIXES.len()]
            );
        }
        let starts_subdistrict = i % 8 == 0;
        let rural = (i / 8) % 3 == 2;
        if starts_subdistrict {
            let tail = if rural { "镇" } else { "街道" };
            subdistrict = format!(
                "{}{}{}",
                pick(&mut rng, &NAME_PARTS),
                pick(&mut rng, &NAME_PARTS),
                tail
            );
        }
        let (kind, name) = match (starts_subdistrict, rural) {
            (true, false) => (
                PointKind::StreetCenter,
                format!("{subdistrict}社区服务中心"),
            ),
            (true, true) => (PointKind::TownCenter, format!("{subdistrict}社区服务中心")),
            (false, false) => (
                PointKind::CommunityStation,
                format!("{}{}社区服务站", pick(&mut rng, &NAME_PARTS), i % 97),
            ),
            (false, true) => (
                PointKind::VillageStation,
                format!("{}{}村服务站", pick(&mut rng, &NAME_PARTS), i % 89),
            ),
        };
        points.push(Point {
            id: PointId::parse(&format!("p{i:05}")).expect("p and digits make a slug"),
            name: format!("{district}{name}"),
            name_en: None,
            kind,
            district: district.clone(),
            district_en: None,
            subdistrict: subdistrict.clone(),
            subdistrict_en: None,
            address_en: None,
            address: format!(
                "{subdistrict}{}路{}号",
                pick(&mut rng, &NAME_PARTS),
                rng.u32(1..400)
            ),
            lat: 38.7 + rng.f64() * 4.5,
            lng: 119.7 + rng.f64() * 5.6,
            phone: format!("024-{:08}", rng.u32(20_000_000..89_999_999)),
            hours: hours(&mut rng),
            closures: vec![Closure {
                from: NaiveDate::from_ymd_opt(2026, 10, 1).expect("valid date"),
                to: NaiveDate::from_ymd_opt(2026, 10, 7).expect("valid date"),
                reason: "国庆节".to_owned(),
                reason_en: Some("National Day".to_owned()),
            }],
            items: Vec::new(),
        });
    }

    // Centers offer about three times what a station offers; the total comes to `offerings`.
    let weight = |p: &Point| match p.kind {
        PointKind::StreetCenter | PointKind::TownCenter => 3.0,
        _ => 1.0,
    };
    let total_weight: f64 = points.iter().map(weight).sum();
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut assigned = 0usize;
    for (i, point) in points.iter_mut().enumerate() {
        let remaining_points = scale.points - i;
        let share = (scale.offerings as f64 * weight(point) / total_weight).round() as usize;
        let left = scale.offerings.saturating_sub(assigned);
        let k = if remaining_points == 1 {
            left
        } else {
            share.min(left)
        }
        .min(items.len());
        rng.shuffle(&mut order);
        point.items = order[..k].iter().map(|&j| items[j].id.clone()).collect();
        assigned += k;
    }
    // Every item is offered at least by the first point that has room for it.
    for (j, item) in items.iter().enumerate() {
        let p = j % points.len();
        if !points[p].items.contains(&item.id) {
            points[p].items.push(item.id.clone());
        }
    }

    DirectoryFile {
        format: demo.format,
        categories: demo.categories,
        items,
        points,
    }
}

fn suffix(round: usize) -> String {
    if round == 0 {
        String::new()
    } else {
        format!("{}", round + 1)
    }
}

fn pick<'a>(rng: &mut fastrand::Rng, list: &[&'a str]) -> &'a str {
    list[rng.usize(..list.len())]
}

fn t(h: u16, m: u16) -> ClockTime {
    ClockTime::from_hm(h, m).expect("valid time")
}

/// Weekdays 8:30-17:30 with lunch; a third also open Saturday, a sixth late on Tuesday/Thursday.
fn hours(rng: &mut fastrand::Rng) -> Vec<HoursRule> {
    let lunch = vec![Break {
        from: t(12, 0),
        to: t(13, 0),
    }];
    let mut rules = vec![HoursRule {
        days: Weekday::ALL[..5].to_vec(),
        opens: t(8, 30),
        closes: t(17, 30),
        breaks: lunch.clone(),
    }];
    match rng.u8(0..6) {
        0 | 1 => rules.push(HoursRule {
            days: vec![Weekday::Sat],
            opens: t(9, 0),
            closes: t(17, 0),
            breaks: lunch,
        }),
        2 => {
            rules[0].days = vec![Weekday::Mon, Weekday::Wed, Weekday::Fri];
            rules.push(HoursRule {
                days: vec![Weekday::Tue, Weekday::Thu],
                opens: t(10, 30),
                closes: t(20, 0),
                breaks: vec![Break {
                    from: t(13, 0),
                    to: t(14, 0),
                }],
            });
        }
        _ => {}
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_shared::domain::validate::validate;

    #[test]
    fn a_small_generated_directory_is_valid_and_sized_as_asked() {
        let scale = Scale {
            points: 400,
            items: 200,
            offerings: 9_000,
            seed: 7,
        };
        let file = generate(scale);
        assert_eq!(validate(&file), vec![]);
        assert_eq!(file.points.len(), 400);
        assert_eq!(file.items.len(), 200);
        let offerings: usize = file.points.iter().map(|p| p.items.len()).sum();
        assert!((9_000..9_000 + 200).contains(&offerings), "{offerings}");
    }

    #[test]
    fn the_same_seed_gives_the_same_directory() {
        let scale = Scale {
            points: 50,
            items: 150,
            offerings: 1_000,
            seed: 3,
        };
        assert_eq!(generate(scale), generate(scale));
    }
}
