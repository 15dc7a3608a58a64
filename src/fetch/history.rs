//! How a page changed: choosing an earlier fetch of a URL from the cache to compare with the
//! page as it is now (`--since PREVIOUS|DATE`), and times as people read them (UTC).

use super::Page;

/// Which earlier fetch to compare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// The fetch just before the current one.
    Previous,
    /// The newest fetch at or before this time (milliseconds since the Unix epoch).
    At(u64),
}

impl Since {
    /// Reads `PREVIOUS` (any case) or a UTC date: `YYYY-MM-DD` (the end of that day),
    /// `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (a space for the `T` and a final `Z` are
    /// allowed).
    ///
    /// # Errors
    /// A reason in words when `text` is neither.
    pub fn parse(text: &str) -> Result<Since, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("previous") {
            return Ok(Since::Previous);
        }
        let bad = || {
            format!("{t:?} is neither PREVIOUS nor a date such as 2026-03-01 or 2026-03-01T14:30")
        };
        let t = t.strip_suffix(['Z', 'z']).unwrap_or(t);
        let (date, time) = match t.split_once(['T', 't', ' ']) {
            Some((d, tm)) => (d, Some(tm)),
            None => (t, None),
        };
        let mut ymd = date.split('-').map(|p| p.parse::<i64>().ok());
        let (Some(Some(y)), Some(Some(m)), Some(Some(d)), None) =
            (ymd.next(), ymd.next(), ymd.next(), ymd.next())
        else {
            return Err(bad());
        };
        if !(1970..=9999).contains(&y)
            || !(1..=12).contains(&m)
            || !(1..=days_in(y, m)).contains(&d)
        {
            return Err(bad());
        }
        let day_ms = days_from_civil(y, m, d) * 86_400_000;
        let within = match time {
            None => 86_400_000 - 1,
            Some(tm) => {
                let parts: Vec<Option<i64>> = tm.split(':').map(|p| p.parse().ok()).collect();
                let (h, mi, s) = match parts.as_slice() {
                    [Some(h), Some(mi)] => (*h, *mi, 0),
                    [Some(h), Some(mi), Some(s)] => (*h, *mi, *s),
                    _ => return Err(bad()),
                };
                if !(0..24).contains(&h) || !(0..60).contains(&mi) || !(0..60).contains(&s) {
                    return Err(bad());
                }
                // The whole second named.
                ((h * 60 + mi) * 60 + s) * 1000 + 999
            }
        };
        u64::try_from(day_ms + within)
            .map(Since::At)
            .map_err(|_| bad())
    }
}

/// The fetch in `history` (oldest first) that `since` names, among those before `now`.
///
/// # Errors
/// A reason in words: no earlier fetch, or none at or before the date (naming the earliest).
pub fn earlier<'a>(history: &'a [Page], now: &Page, since: Since) -> Result<&'a Page, String> {
    let before: Vec<&Page> = history
        .iter()
        .filter(|p| p.fetched_ms < now.fetched_ms)
        .collect();
    match since {
        Since::Previous => before
            .last()
            .copied()
            .ok_or_else(|| "no earlier fetch in the cache to compare with".to_owned()),
        Since::At(ms) => before
            .iter()
            .rev()
            .find(|p| p.fetched_ms <= ms)
            .copied()
            .ok_or_else(|| match before.first() {
                Some(first) => format!(
                    "no fetch at or before {}; the earliest is from {}",
                    time(ms),
                    time(first.fetched_ms)
                ),
                None => "no earlier fetch in the cache to compare with".to_owned(),
            }),
    }
}

/// A time as `2026-03-01 14:30:05 UTC`.
pub fn time(ms: u64) -> String {
    let secs = i64::try_from(ms / 1000).unwrap_or(i64::MAX);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

fn days_in(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: u64) -> Page {
        Page {
            url: "u".into(),
            final_url: "u".into(),
            content_type: None,
            fetched_ms: ms,
            bytes: ms.to_string().into_bytes(),
        }
    }

    #[test]
    fn dates_and_previous_are_read() {
        assert_eq!(Since::parse("previous"), Ok(Since::Previous));
        assert_eq!(Since::parse("PREVIOUS"), Ok(Since::Previous));
        // 2026-03-01 is day 20513 since the epoch.
        let day = 20_513 * 86_400_000;
        assert_eq!(
            Since::parse("2026-03-01"),
            Ok(Since::At(day + 86_400_000 - 1))
        );
        assert_eq!(
            Since::parse("2026-03-01T14:30Z"),
            Ok(Since::At(day + (14 * 60 + 30) * 60_000 + 999))
        );
        assert_eq!(
            Since::parse("2026-03-01 00:00:05"),
            Ok(Since::At(day + 5999))
        );
        for bad in [
            "yesterday",
            "2026-02-30",
            "2026-13-01",
            "2026-03-01T25:00",
            "2026-3",
            "",
        ] {
            assert!(Since::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(time(day + 5999), "2026-03-01 00:00:05 UTC");
        assert_eq!(time(0), "1970-01-01 00:00:00 UTC");
    }

    #[test]
    fn the_earlier_fetch_is_chosen_before_now() {
        let history = [at(1_000), at(2_000), at(3_000)];
        let now = at(3_000);
        assert_eq!(earlier(&history, &now, Since::Previous), Ok(&history[1]));
        assert_eq!(earlier(&history, &now, Since::At(1_500)), Ok(&history[0]));
        assert_eq!(earlier(&history, &now, Since::At(9_000)), Ok(&history[1]));
        assert!(
            earlier(&history, &now, Since::At(500))
                .expect_err("none")
                .contains("the earliest is from 1970-01-01 00:00:01 UTC")
        );
        assert!(earlier(&history[2..], &now, Since::Previous).is_err());
    }
}
