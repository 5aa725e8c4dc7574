//! Where things are: a location on the Earth and the great-circle distance between two.

use std::fmt;

/// The Earth's mean radius (IUGG), in metres. A sphere is within 0.5% of the ellipsoid: enough
/// to tell a resident which point is nearer and about how far it is.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Millionths of a degree per degree. A location is kept in whole millionths (about 11 cm), so
/// it compares exactly and writes back the same text it was read from.
const MICRO: f64 = 1_000_000.0;

/// A WGS-84 latitude and longitude, in whole millionths of a degree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location {
    lat_micro: i32,
    lng_micro: i32,
}

/// Why a text is not a location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationError {
    /// Not two decimal numbers separated by a comma.
    Format,
    /// A latitude outside -90..90 or a longitude outside -180..180.
    OutOfRange,
}

impl Location {
    /// A location from degrees, rounded to millionths; `None` outside -90..90 and -180..180 or
    /// when a number is not finite.
    pub fn new(lat: f64, lng: f64) -> Option<Location> {
        let micro = |degrees: f64, limit: f64| {
            (degrees.is_finite() && (-limit..=limit).contains(&degrees))
                .then(|| (degrees * MICRO).round() as i32)
        };
        Some(Location {
            lat_micro: micro(lat, 90.0)?,
            lng_micro: micro(lng, 180.0)?,
        })
    }

    /// Reads `lat,lng`: two plain decimal numbers (`39.1234,117.2`, `-33.9,151`), spaces around
    /// either allowed; no exponents, no `inf` or `NaN`.
    pub fn parse(text: &str) -> Result<Location, LocationError> {
        let (lat, lng) = text.split_once(',').ok_or(LocationError::Format)?;
        let (lat, lng) = (micro_degrees(lat.trim())?, micro_degrees(lng.trim())?);
        let within = |micro: i64, limit: i64| {
            i32::try_from(micro)
                .ok()
                .filter(|_| (-limit..=limit).contains(&micro))
                .ok_or(LocationError::OutOfRange)
        };
        Ok(Location {
            lat_micro: within(lat, 90_000_000)?,
            lng_micro: within(lng, 180_000_000)?,
        })
    }

    pub fn lat(self) -> f64 {
        f64::from(self.lat_micro) / MICRO
    }

    pub fn lng(self) -> f64 {
        f64::from(self.lng_micro) / MICRO
    }

    /// The great-circle distance to `other`, in metres (the haversine formula, which stays
    /// accurate for the short distances that matter here).
    pub fn distance_m(self, other: Location) -> f64 {
        distance_m(self.lat(), self.lng(), other.lat(), other.lng())
    }
}

/// Writes `lat,lng` with as few digits as say the same location: what `parse` reads back.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", Micro(self.lat_micro), Micro(self.lng_micro))
    }
}

/// Millionths of a degree written as a decimal without trailing zeros.
struct Micro(i32);

impl fmt::Display for Micro {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, fraction) = (abs / 1_000_000, abs % 1_000_000);
        if fraction == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let digits = format!("{fraction:06}");
            write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// A plain decimal number (an optional sign, digits, optionally a point and more digits) in
/// whole millionths, rounded half away from zero. Read with integers rather than as an `f64`,
/// so the app that parses `near=` carries no float parser (about 10 KB of wasm).
fn micro_degrees(text: &str) -> Result<i64, LocationError> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let plain = digits(whole)
        && digits(fraction)
        && !(whole.is_empty() && fraction.is_empty())
        && !unsigned.ends_with('.');
    if !plain {
        return Err(LocationError::Format);
    }
    let six = fraction.bytes().chain(std::iter::repeat(b'0')).take(6);
    let mut micro: i64 = 0;
    for digit in whole.bytes().chain(six) {
        micro = micro
            .checked_mul(10)
            .and_then(|m| m.checked_add(i64::from(digit - b'0')))
            .ok_or(LocationError::OutOfRange)?;
    }
    if fraction.as_bytes().get(6).is_some_and(|&d| d >= b'5') {
        micro += 1;
    }
    Ok(if negative { -micro } else { micro })
}

/// Degrees with exactly six decimals (`117.010500`), as map links want them; written with
/// integers, so the app carries no float formatting (about 13 KB of wasm).
pub struct SixDecimals(pub f64);

impl fmt::Display for SixDecimals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let micro = (self.0 * MICRO).round() as i64;
        let sign = if micro < 0 { "-" } else { "" };
        let abs = micro.unsigned_abs();
        write!(f, "{sign}{}.{:06}", abs / 1_000_000, abs % 1_000_000)
    }
}

/// The great-circle distance between two points given in degrees, in metres.
pub fn distance_m(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let d_phi = (lat2 - lat1).to_radians();
    let d_lambda = (lng2 - lng1).to_radians();
    let h = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    // `min` keeps rounding from taking asin out of its domain for antipodal points.
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn at(lat: f64, lng: f64) -> Location {
        Location::new(lat, lng).unwrap()
    }

    fn assert_near(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "{actual} is not within {tolerance} of {expected}"
        );
    }

    #[test]
    fn distances_along_great_circles_are_arcs_of_the_earths_radius() {
        let quarter = PI * EARTH_RADIUS_M / 2.0;
        assert_near(at(0.0, 0.0).distance_m(at(0.0, 90.0)), quarter, 1e-6);
        assert_near(at(0.0, 0.0).distance_m(at(90.0, 0.0)), quarter, 1e-6);
        assert_near(at(0.0, 0.0).distance_m(at(0.0, 180.0)), 2.0 * quarter, 1e-6);
        // One degree of latitude anywhere along a meridian: 111.195 km.
        let degree = PI * EARTH_RADIUS_M / 180.0;
        assert_near(at(39.0, 117.0).distance_m(at(40.0, 117.0)), degree, 1e-6);
        assert_near(at(-45.0, -70.0).distance_m(at(-44.0, -70.0)), degree, 1e-6);
        assert_eq!(at(39.1, 117.1).distance_m(at(39.1, 117.1)), 0.0);
    }

    #[test]
    fn known_city_distances() {
        // Published great-circle distances: Beijing-Shanghai about 1,067 km, Paris-London
        // about 343.5 km (a sphere differs from the ellipsoid by a few hundred metres here).
        let beijing = at(39.9042, 116.4074);
        let shanghai = at(31.2304, 121.4737);
        assert_near(beijing.distance_m(shanghai), 1_067_300.0, 1_000.0);
        assert_near(
            at(48.8566, 2.3522).distance_m(at(51.5074, -0.1278)),
            343_560.0,
            1_000.0,
        );
        // Symmetric.
        assert_eq!(beijing.distance_m(shanghai), shanghai.distance_m(beijing));
    }

    #[test]
    fn short_distances_and_the_date_line() {
        // 0.001 degree of latitude is 111.2 m; across the date line is near, not round the world.
        assert_near(at(39.1, 117.1).distance_m(at(39.101, 117.1)), 111.195, 0.01);
        assert_near(at(0.0, 179.9).distance_m(at(0.0, -179.9)), 22_239.0, 1.0);
        // Near the pole, opposite longitudes are close.
        assert_near(at(89.9, 0.0).distance_m(at(89.9, 180.0)), 22_239.0, 1.0);
    }

    #[test]
    fn parses_two_decimal_numbers_in_range() {
        let l = Location::parse("39.1234,117.2").unwrap();
        assert_eq!((l.lat(), l.lng()), (39.1234, 117.2));
        assert_eq!(Location::parse(" -33.9 , +151 ").unwrap(), at(-33.9, 151.0));
        assert_eq!(Location::parse("90,-180").unwrap(), at(90.0, -180.0));
        assert_eq!(Location::parse(".5,0").unwrap(), at(0.5, 0.0));
        for bad in [
            "",
            "39.1",
            "39.1;117.2",
            "a,b",
            "1e1,2",
            "inf,0",
            "NaN,0",
            "39.1,117.2,3",
            "1.,2",
            ".,2",
            "-,2",
            "--1,2",
            "0x1,2",
            "39.1 117.2",
        ] {
            assert_eq!(Location::parse(bad), Err(LocationError::Format), "{bad:?}");
        }
        for far in [
            "90.000001,0",
            "-91,0",
            "0,180.5",
            "0,-181",
            "1000000000000,0",
        ] {
            assert_eq!(
                Location::parse(far),
                Err(LocationError::OutOfRange),
                "{far:?}"
            );
        }
    }

    #[test]
    fn map_links_get_six_decimals() {
        assert_eq!(SixDecimals(117.0105).to_string(), "117.010500");
        assert_eq!(SixDecimals(-33.9).to_string(), "-33.900000");
        assert_eq!(SixDecimals(39.12345678).to_string(), "39.123457");
        assert_eq!(SixDecimals(0.0).to_string(), "0.000000");
    }

    #[test]
    fn rounds_to_the_millionth_half_away_from_zero() {
        let at = |text: &str| Location::parse(text).unwrap();
        assert_eq!(
            at("0.0000005,-0.0000005"),
            Location::new(0.000001, -0.000001).unwrap()
        );
        assert_eq!(at("0.00000049,0"), at("0,0"));
        assert_eq!(at("+39.1,117"), at("39.1,117"));
        assert_eq!(at(".5,1"), at("0.5,1"));
    }

    #[test]
    fn writes_what_it_reads_to_the_millionth() {
        for (text, written) in [
            ("39.1234,117.2", "39.1234,117.2"),
            ("-0.5,-0.000001", "-0.5,-0.000001"),
            ("90,-180", "90,-180"),
            ("39.12345678,117", "39.123457,117"),
            ("0,0", "0,0"),
        ] {
            let l = Location::parse(text).unwrap();
            assert_eq!(l.to_string(), written);
            assert_eq!(Location::parse(&l.to_string()), Ok(l));
        }
    }
}
