//! `date`: a WCO `DateTimeString` is a real calendar date in the format its `formatCode` names
//! (102: `CCYYMMDD`; 304: `CCYYMMDDhhmmss` followed by `Z` or a `+hh`/`-hh` offset, as the DMS
//! `DateTimeFormatCodeType` defines them), and optionally not in the future and not older than
//! some days (CDS12016: acceptance date neither in the future nor more than 180 days ago).
//!
//! "Today" is the validator's clock ([`crate::Options::today`]): the system's UTC date unless a
//! day is set, so tests and re-validation of old messages give stable answers.

use super::{Ctx, State};
use crate::rules::Violation;
use std::fmt;

/// A calendar day (proleptic Gregorian), counted in days from 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

impl Day {
    /// The day of a year, month (1-12) and day of month, if it exists (no 30 February).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days_in = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        if !(1..=12).contains(&month) || day == 0 || day > days_in[month as usize - 1] {
            return None;
        }
        // Days from civil (H. Hinnant's algorithm): years start in March, eras of 400 years.
        let y = i64::from(year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    /// A day written `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Day::from_ymd(digits(&b[0..4])? as i32, digits(&b[5..7])?, digits(&b[8..10])?)
    }

    /// Today's date in UTC, by the system clock.
    pub fn today() -> Day {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Day((secs / 86_400) as i64)
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        ((yoe + era * 400 + i64::from(m <= 2)) as i32, m, d)
    }

    /// Days from `earlier` to `self`.
    pub fn days_since(self, earlier: Day) -> i64 {
        self.0 - earlier.0
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
}

/// The UTC day a `DateTimeString` names, or why it does not name one.
pub(crate) fn parse(v: &str, format: Option<&str>) -> Result<Day, String> {
    let b = v.as_bytes();
    let format = format.unwrap_or(if b.len() == 8 { "102" } else { "304" });
    let date = |b: &[u8]| {
        let (y, m, d) = (digits(&b[0..4]), digits(&b[4..6]), digits(&b[6..8]));
        match (y, m, d) {
            (Some(y), Some(m), Some(d)) => {
                Day::from_ymd(y as i32, m, d).ok_or_else(|| format!("'{v}' is not a calendar date"))
            }
            _ => Err(format!("'{v}' is not CCYYMMDD digits")),
        }
    };
    match format {
        "102" if b.len() == 8 => date(b),
        "102" => Err(format!("'{v}' is not CCYYMMDD (format 102)")),
        "304" if (b.len() == 15 && b[14] == b'Z') || (b.len() == 17 && matches!(b[14], b'+' | b'-')) => {
            let day = date(b)?;
            let (h, mi, s) = (digits(&b[8..10]), digits(&b[10..12]), digits(&b[12..14]));
            let (Some(h), Some(mi), Some(s)) = (h, mi, s) else {
                return Err(format!("'{v}' is not CCYYMMDDhhmmss digits"));
            };
            if h > 23 || mi > 59 || s > 59 {
                return Err(format!("'{v}' is not a time of day"));
            }
            let offset = if b[14] == b'Z' {
                0
            } else {
                let hh = digits(&b[15..17]).filter(|&h| h <= 14).ok_or_else(|| format!("'{v}' has no valid offset"))?;
                if b[14] == b'-' { -i64::from(hh) } else { i64::from(hh) }
            };
            // The UTC day of the instant.
            let minutes = day.0 * 1440 + i64::from(h * 60 + mi) - offset * 60;
            Ok(Day(minutes.div_euclid(1440)))
        }
        "304" => Err(format!("'{v}' is not CCYYMMDDhhmmss with Z or +hh/-hh (format 304)")),
        other => Err(format!("format code '{other}' is not 102 or 304")),
    }
}

/// Even fields are `DateTimeString` texts (at their end), odd ones their `formatCode` (at their
/// start, so always before their text).
pub(super) fn value(
    st: &mut State,
    f: usize,
    v: &str,
    not_future: bool,
    max_age_days: Option<u32>,
    cx: &Ctx<'_>,
) -> Option<Violation> {
    if f % 2 == 1 {
        st.text = Some(super::trim(v).to_string());
        return None;
    }
    let format = st.text.take();
    let day = match parse(super::trim(v), format.as_deref()) {
        Ok(d) => d,
        Err(detail) => return Some(Violation { detail }),
    };
    let age = cx.today.days_since(day);
    if not_future && age < 0 {
        return Some(Violation { detail: format!("{day} is in the future (today is {})", cx.today) });
    }
    match max_age_days {
        Some(max) if age > i64::from(max) => {
            Some(Violation { detail: format!("{day} is {age} days before {} (at most {max})", cx.today) })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run_on};
    use super::*;

    #[test]
    fn days_round_trip_and_reject_impossible_dates() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day::parse("2000-03-01").unwrap().days_since(Day::parse("2000-02-28").unwrap()), 2);
        assert_eq!(Day::parse("2100-03-01").unwrap().days_since(Day::parse("2100-02-28").unwrap()), 1);
        for s in ["1969-12-31", "2024-02-29", "2026-11-28", "9999-12-31", "0001-01-01"] {
            assert_eq!(Day::parse(s).unwrap().to_string(), s);
        }
        // One separator wrong, or a length wrong with both in place (cargo-mutants: `||` made
        // `&&` in the shape check was not caught).
        let shapes = ["2026-11/28", "2026/11-28", "2026-11-288", "2026-11-2"];
        for s in
            ["2023-02-29", "2026-13-01", "2026-04-31", "2026-00-10", "26-11-28", "2026/11/28"].into_iter().chain(shapes)
        {
            assert_eq!(Day::parse(s), None, "{s}");
        }
    }

    /// Every day of eight centuries, against a count made day by day from the calendar's
    /// definition (month lengths; a leap year is divisible by 4, not by 100 unless by 400):
    /// the day's number, its year, month and day back, and the day after each month's last
    /// refused (cargo-mutants: the century rules of the leap year, and terms of `ymd` that
    /// matter only on a century's or a 400-year era's days, were not caught).
    #[test]
    fn every_day_of_eight_centuries_counts_and_round_trips() {
        // 370 years of 365 days and 90 leap days (93 multiples of 4, less 1700, 1800, 1900).
        let mut n = -(370 * 365 + 90);
        for y in 1600..2400 {
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            for m in 1..=12u32 {
                let last = match m {
                    2 if leap => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                for d in 1..=last {
                    assert_eq!(Day::from_ymd(y, m, d), Some(Day(n)), "{y}-{m}-{d}");
                    assert_eq!(Day(n).ymd(), (y, m, d), "{n}");
                    n += 1;
                }
                assert_eq!(Day::from_ymd(y, m, last + 1), None, "{y}-{m}-{}", last + 1);
            }
        }
        assert_eq!(Day(n), Day::from_ymd(2400, 1, 1).unwrap());
        for (s, leap) in [("1900-02-29", false), ("2000-02-29", true), ("2100-02-29", false), ("2400-02-29", true)] {
            assert_eq!(Day::parse(s).map(|d| d.to_string()), leap.then(|| s.to_string()), "{s}");
        }
    }

    /// Today by the system clock is a day of this century, not of 1970 or past its end
    /// (cargo-mutants: `secs / 86_400` made `%` or `*` was not caught).
    #[test]
    fn today_is_a_day_of_this_century() {
        let today = Day::today();
        assert!(today >= Day::from_ymd(2026, 12, 7).unwrap() && today < Day::from_ymd(2100, 1, 1).unwrap(), "{today}");
    }

    #[test]
    fn formats_102_and_304() {
        let d = |s| Day::parse(s).unwrap();
        assert_eq!(parse("20201231", Some("102")), Ok(d("2020-12-31")));
        assert_eq!(parse("20220826111102Z", Some("304")), Ok(d("2022-08-26")));
        // 01:00 at +01 is midnight UTC; 00:30 at +01 is the day before in UTC.
        assert_eq!(parse("20210101010000+01", Some("304")), Ok(d("2021-01-01")));
        assert_eq!(parse("20210101003000+01", Some("304")), Ok(d("2020-12-31")));
        assert_eq!(parse("20201231233000-02", Some("304")), Ok(d("2021-01-01")));
        assert!(parse("20210230", Some("102")).unwrap_err().contains("not a calendar date"));
        assert!(parse("20201231", Some("304")).is_err());
        assert!(parse("20201231120000Z", Some("102")).is_err());
        assert!(parse("20201231246000Z", Some("304")).unwrap_err().contains("time of day"));
        // Hour 24 is no time of day in a 304 date-time (24:00 would be the next day's 00:00).
        assert!(parse("20201231240000Z", Some("304")).unwrap_err().contains("time of day"));
        assert!(parse("20201231235959Z", Some("304")).is_ok());
        assert!(parse("20201231236000Z", Some("304")).unwrap_err().contains("time of day"));
        assert!(parse("20201231235960Z", Some("304")).unwrap_err().contains("time of day"));
        assert!(parse("2020123112000Z", None).is_err());
        // No formatCode: the length tells (cargo-mutants: `==` made `!=` there was not caught).
        assert_eq!(parse("20201231", None), Ok(d("2020-12-31")));
        assert_eq!(parse("20220826111102Z", None), Ok(d("2022-08-26")));
        assert!(parse("20201231", Some("203")).unwrap_err().contains("102 or 304"));
        assert!(parse("2020é231", Some("102")).is_err());
        assert!(parse("", None).is_err());
    }

    #[test]
    fn not_in_the_future_nor_too_old_by_the_injected_clock() {
        let c = Check::Date {
            fields: vec!["AcceptanceDateTime/DateTimeString".into()],
            not_future: true,
            max_age_days: Some(180),
        };
        let on = |today: &str, v: &str| run_on(&c, &[(1, "304"), (0, v)], Day::parse(today).unwrap());
        assert!(on("2022-08-26", "20220826111102Z").is_empty());
        assert!(on("2022-08-26", "20220227000000Z").is_empty(), "180 days before");
        assert_eq!(on("2022-08-26", "20220226000000Z"), ["2022-02-26 is 181 days before 2022-08-26 (at most 180)"]);
        assert_eq!(
            on("2022-08-26", "20201231010000+01"),
            ["2020-12-31 is 603 days before 2022-08-26 (at most 180)"],
            "TT_IM014a, rejected by CDS with CDS12016 on 2022-08-26"
        );
        assert_eq!(on("2022-08-26", "20220827000000Z"), ["2022-08-27 is in the future (today is 2022-08-26)"]);
        assert_eq!(on("2022-08-26", "20220230000000Z"), ["'20220230000000Z' is not a calendar date"]);
    }
}
