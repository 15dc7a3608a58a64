//! [`Quantity`]: a number in a sentence with what it counts ("around 14,000 soldiers").
//!
//! English rules. A quantity is a numeral (`14,000`, `3.5`, `14.000`) or a cardinal number
//! word (`three`, `twenty-five`), scaled by `thousand`/`million`/`billion`, possibly a range
//! (`25,000 to 30,000`, `between 5 and 10`), with its qualifier (`around`, `up to`, `more than`),
//! its currency or percent sign, and its head noun: the first plural or unit word in the next
//! few words ("30,000 additional North Korean *soldiers*") or the word a hyphen glues to it ("a
//! 27-*foot* statue"), stemmed and folded into a class so that "troops" and "soldiers" compare.
//!
//! Not quantities: ordinals (`3rd`, `first`), days of a month (`12 June`, `June 12`), clock
//! times (`10:30`), designations (`F-16`, `Article 5`), and number words used as references
//! (`the two countries`, `one of them`). A bare four-digit number from 1500 to 2100 is a year.

use std::ops::Range;

use super::token::{Token, tokens};
use crate::align::language::{Analyzer, canonical_number};

/// What kind of amount a [`Quantity`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// A count or measure of something (soldiers, years, kilometres).
    Amount,
    /// A calendar year (`1949`, `in 2024`).
    Year,
    /// A percentage.
    Percent,
    /// Money, with its currency code.
    Money(&'static str),
}

impl Measure {
    /// The name the JSON uses.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Amount => "amount",
            Measure::Year => "year",
            Measure::Percent => "percent",
            Measure::Money(_) => "money",
        }
    }
}

/// Whether a quantity is exact or a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The value itself (possibly approximate).
    Exact,
    /// At most the value ("up to 30,000").
    AtMost,
    /// At least the value ("more than two years").
    AtLeast,
}

/// A number found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The sentence's index in its document.
    pub sentence: usize,
    /// Byte range in the sentence text, from the qualifier to the head noun.
    pub range: Range<usize>,
    /// The value, or the low end of a range.
    pub low: f64,
    /// The value, or the high end of a range.
    pub high: f64,
    /// Hedged with "around", "about", "an estimated", ...
    pub approximate: bool,
    /// Exact value or a bound.
    pub bound: Bound,
    /// Amount, year, percent or money.
    pub measure: Measure,
    /// The class of the head noun (`soldier` for "troops"), when one was found.
    pub unit: Option<String>,
}

impl Quantity {
    /// Whether two quantities can both be true of the same thing: equal values, a value inside
    /// the other's range, or a bound the other meets ("up to 30,000" and "25,000 to 30,000").
    pub fn agrees_with(&self, other: &Quantity) -> bool {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        if close(self.low, other.low) && close(self.high, other.high) {
            return true;
        }
        let (a_lo, a_hi) = self.interval();
        let (b_lo, b_hi) = other.interval();
        let ranged = |q: &Quantity| q.bound != Bound::Exact || !close(q.low, q.high);
        (ranged(self) || ranged(other)) && a_lo <= b_hi && b_lo <= a_hi
    }

    fn interval(&self) -> (f64, f64) {
        match self.bound {
            Bound::Exact => (self.low, self.high),
            Bound::AtMost => (0.0, self.high),
            Bound::AtLeast => (self.low, f64::INFINITY),
        }
    }
}

/// Month names and their abbreviations (English), lower-case.
pub(crate) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

const APPROXIMATE: &[&str] = &[
    "around",
    "about",
    "approximately",
    "roughly",
    "some",
    "nearly",
    "almost",
    "estimated",
    "circa",
    "approx",
    "reportedly",
];
const AT_MOST: &[&str] = &[
    "up to",
    "as many as",
    "no more than",
    "fewer than",
    "less than",
    "under",
    "at most",
];
const AT_LEAST: &[&str] = &[
    "more than",
    "over",
    "at least",
    "upwards of",
    "in excess of",
    "above",
];

/// Nouns that count without a plural -s.
const UNIT_WORDS: &[&str] = &[
    "people",
    "children",
    "men",
    "women",
    "personnel",
    "staff",
    "police",
    "km",
    "kg",
    "mph",
    "percent",
    // Measures whose plural has no `s`, or that are abbreviated.
    "feet",
    "foot",
    "ft",
    "cm",
    "mm",
    "lb",
    "lbs",
];

/// Head-noun classes: words that count the same thing.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "soldier",
        &["troop", "fighter", "servicemen", "serviceman", "militari"],
    ),
    ("peopl", &["person", "individu"]),
    ("kilometr", &["km", "kilomet"]),
    ("kilogram", &["kg"]),
    ("tonn", &["ton"]),
    ("foot", &["feet", "ft"]),
    ("metr", &["meter"]),
    ("centimetr", &["cm", "centimet"]),
    ("millimetr", &["mm", "millimet"]),
    ("lb", &["lbs"]),
];

fn number_word(word: &str) -> Option<f64> {
    // A match, not a search of lists: every word of a text is looked up.
    Some(match word {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" | "dozen" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        _ => return None,
    })
}

fn multiplier(word: &str) -> Option<f64> {
    match word {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "mn" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}

fn currency_sign(text: &str) -> Option<&'static str> {
    match text {
        "$" => Some("USD"),
        "€" => Some("EUR"),
        "£" => Some("GBP"),
        "¥" => Some("JPY"),
        _ => None,
    }
}

fn currency_word(word: &str) -> Option<&'static str> {
    match word {
        "dollar" | "dollars" | "usd" => Some("USD"),
        "euro" | "euros" | "eur" => Some("EUR"),
        "pound" | "pounds" | "gbp" => Some("GBP"),
        "rouble" | "roubles" | "ruble" | "rubles" => Some("RUB"),
        "yuan" => Some("CNY"),
        _ => None,
    }
}

/// The class of a head noun: its stem, with synonyms folded together.
pub fn unit_class(word: &str, analyzer: &Analyzer) -> String {
    let stem = analyzer.stem(&word.to_lowercase());
    SYNONYMS
        .iter()
        .find(|(_, others)| others.contains(&stem.as_str()))
        .map_or(stem, |(class, _)| (*class).to_owned())
}

/// A number read at token `i`: its value, the index after it, and whether it was a word.
fn read_number(t: &[Token], i: usize) -> Option<(f64, usize, bool)> {
    let tok = t.get(i)?;
    let (mut value, mut next, word) = if let Some(n) = canonical_number(tok.text) {
        (n.parse::<f64>().ok()?, i + 1, false)
    } else if let Some(n) = tok.with_lowered(number_word) {
        let mut n = n;
        let mut next = i + 1;
        // "twenty-five"
        if n >= 20.0
            && t.get(next).is_some_and(|h| h.text == "-" && !h.spaced)
            && let Some(unit) = t.get(next + 1).and_then(|u| u.with_lowered(number_word))
            && unit < 10.0
        {
            n += unit;
            next += 2;
        }
        (n, next, true)
    } else if tok.with_lowered(|lower| lower == "a")
        && t.get(i + 1)
            .is_some_and(|n| n.text.eq_ignore_ascii_case("dozen"))
    {
        (12.0, i + 2, true)
    } else {
        return None;
    };
    while let Some(m) = t.get(next).and_then(|m| m.with_lowered(multiplier)) {
        value *= m;
        next += 1;
    }
    Some((value, next, word))
}

/// Whether token `i` reads as a day of a month or a clock time.
fn is_date_or_time(t: &[Token], i: usize, value: f64) -> bool {
    let is_month =
        |k: Option<&Token>| k.is_some_and(|k| MONTHS.contains(&k.lower().trim_end_matches('.')));
    let day = (1.0..=31.0).contains(&value) && value.fract() == 0.0;
    let clock = t.get(i + 1).is_some_and(|c| c.text == ":" && !c.spaced)
        && t.get(i + 2)
            .is_some_and(|d| !d.spaced && d.text.starts_with(|c: char| c.is_ascii_digit()));
    let minutes = i >= 2
        && t[i - 1].text == ":"
        && !t[i - 1].spaced
        && !t[i].spaced
        && t[i - 2].text.starts_with(|c: char| c.is_ascii_digit());
    let meridian = t.get(i + 1).is_some_and(|m| {
        matches!(
            m.lower().as_str(),
            "am" | "pm" | "a.m" | "p.m" | "a.m." | "p.m."
        )
    });
    clock
        || minutes
        || meridian
        || (day && (is_month(i.checked_sub(1).and_then(|p| t.get(p))) || is_month(t.get(i + 1))))
}

/// Whether the number at `i` is part of a name or model (`F-16`, `Article 5`).
fn is_designation(t: &[Token], i: usize, digits: &str) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| t.get(p)) else {
        return false;
    };
    if prev.text == "-" && !t[i].spaced {
        return i >= 2 && t.get(i - 2).is_some_and(|w| w.is_word() && !prev.spaced);
    }
    prev.is_capitalised() && prev.is_word() && i >= 2 && digits.len() <= 3 && !digits.contains(',')
}

/// The qualifier before token `i`: how many tokens it takes, and what it says.
fn qualifier(t: &[Token], i: usize) -> (usize, bool, Bound) {
    let words = |n: usize| -> Option<String> {
        let start = i.checked_sub(n)?;
        let ws: Vec<String> = t[start..i].iter().map(|w| w.text.to_lowercase()).collect();
        Some(ws.join(" "))
    };
    for n in [3, 2, 1] {
        let Some(phrase) = words(n) else { continue };
        if AT_MOST.contains(&phrase.as_str()) {
            return (n, false, Bound::AtMost);
        }
        if AT_LEAST.contains(&phrase.as_str()) {
            return (n, false, Bound::AtLeast);
        }
        if n == 1 && APPROXIMATE.contains(&phrase.as_str()) {
            // "an estimated" takes its article along.
            let article = i >= 2 && matches!(t[i - 2].text.to_lowercase().as_str(), "an" | "a");
            return (if article { 2 } else { 1 }, true, Bound::Exact);
        }
    }
    (0, false, Bound::Exact)
}

/// The head noun after token `from`: its token index, if one is in the next few words.
fn head(t: &[Token], from: usize, value: f64, analyzer: &Analyzer) -> Option<usize> {
    let mut first_lower = None;
    for (k, tok) in t.iter().enumerate().skip(from).take(4) {
        if !tok.is_word() {
            break;
        }
        let lower = tok.lower();
        if analyzer.is_stop_word(&lower) || number_word(&lower).is_some() {
            break;
        }
        let plural = lower.chars().count() > 3 && lower.ends_with('s') && !lower.ends_with("ss");
        if plural || UNIT_WORDS.contains(&lower.as_str()) || currency_word(&lower).is_some() {
            return Some(k);
        }
        if first_lower.is_none() && !tok.is_capitalised() {
            first_lower = Some(k);
        }
    }
    // A singular head only for one of something ("one soldier", "1 km").
    first_lower.filter(|_| value == 1.0)
}

/// The head noun of a number used as a compound adjective ("a 27-foot statue", "a 3-day
/// visit", "a 115-year-old monument"): the word glued to it by a hyphen, singular whatever the
/// number. `next` is the token after the number.
fn glued_head(t: &[Token], next: usize, analyzer: &Analyzer) -> Option<usize> {
    t.get(next).filter(|h| h.text == "-" && !h.spaced)?;
    let word = t.get(next + 1).filter(|w| !w.spaced && w.is_word())?;
    let lower = word.lower();
    let numeric = word.text.chars().next().is_some_and(|c| c.is_ascii_digit());
    // A lone letter is a designation ("3-D"), and "a 1-in-5 chance" a ratio: not measures.
    (!numeric
        && lower.chars().count() > 1
        && number_word(&lower).is_none()
        && !analyzer.is_stop_word(&lower))
    .then_some(next + 1)
}

/// The quantities of one sentence, `index` in its document.
pub fn quantities(index: usize, text: &str, analyzer: &Analyzer) -> Vec<Quantity> {
    quantities_in(index, &tokens(text), analyzer)
}

/// [`quantities`], from the sentence's [`tokens`] already made.
pub fn quantities_in(index: usize, t: &[Token], analyzer: &Analyzer) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let Some((low, mut next, word)) = read_number(t, i) else {
            i += 1;
            continue;
        };
        let lower = t[i].lowered();
        let prev = i.checked_sub(1).map(|p| t[p].lowered());
        let referential = word
            && (matches!(
                prev.as_deref(),
                Some(
                    "the"
                        | "these"
                        | "those"
                        | "both"
                        | "his"
                        | "her"
                        | "its"
                        | "their"
                        | "our"
                        | "my"
                        | "your"
                        | "every"
                        | "each"
                )
            ) || (lower == "one" && next == i + 1));
        if referential || is_date_or_time(t, i, low) || (!word && is_designation(t, i, t[i].text)) {
            i = next;
            continue;
        }
        // A range: "25,000 to 30,000", "5-10", "between 5 and 10".
        let mut high = low;
        let between = prev.as_deref() == Some("between");
        if let Some(link) = t.get(next)
            && (matches!(link.text, "to" | "-" | "–" | "—") || (between && link.text == "and"))
            && let Some((h, after, _)) = read_number(t, next + 1)
            && h >= low
        {
            high = h;
            next = after;
        }
        let (q_len, approximate, bound) = qualifier(t, if between { i - 1 } else { i });
        let mut start = i - q_len - usize::from(between);
        let mut measure = Measure::Amount;
        if let Some(c) = i.checked_sub(1).and_then(|p| currency_sign(t[p].text))
            && q_len == 0
        {
            measure = Measure::Money(c);
            start = i - 1;
        }
        let mut end = t[next - 1].range.end;
        let mut unit = None;
        if let Some(p) = t.get(next)
            && (p.text == "%" || matches!(p.lower().as_str(), "percent" | "pct"))
        {
            measure = Measure::Percent;
            end = p.range.end;
            next += 1;
        } else if let Some(h) =
            glued_head(t, next, analyzer).or_else(|| head(t, next, high, analyzer))
        {
            let lower = t[h].lower();
            match currency_word(&lower) {
                Some(c) => measure = Measure::Money(c),
                None => unit = Some(unit_class(&lower, analyzer)),
            }
            end = t[h].range.end;
            next = h + 1;
            // An age: "115-year-old" is all one figure.
            if let (Some(hyphen), Some(old)) = (t.get(next), t.get(next + 1))
                && hyphen.text == "-"
                && !hyphen.spaced
                && !old.spaced
                && old.lowered() == "old"
            {
                end = old.range.end;
                next += 2;
            }
        }
        let year = !word
            && unit.is_none()
            && measure == Measure::Amount
            && low == high
            && t[i].text.len() == 4
            && t[i].text.chars().all(|c| c.is_ascii_digit())
            && (1500.0..=2100.0).contains(&low);
        if year {
            measure = Measure::Year;
        }
        // A number word with nothing counted ("one of them") says nothing checkable.
        if !(word && unit.is_none() && measure == Measure::Amount) {
            out.push(Quantity {
                sentence: index,
                range: t[start].range.start..end,
                low,
                high,
                approximate,
                bound,
                measure,
                unit,
            });
        }
        i = next.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<(String, f64, f64, Measure, Option<String>)> {
        let a = Analyzer::for_code("eng");
        quantities(0, text, &a)
            .into_iter()
            .map(|q| (text[q.range].to_owned(), q.low, q.high, q.measure, q.unit))
            .collect()
    }

    fn unit(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn counts_take_their_qualifier_and_head_noun() {
        assert_eq!(
            q("A total of around 14,000 soldiers from North Korea fought."),
            vec![(
                "around 14,000 soldiers".into(),
                14e3,
                14e3,
                Measure::Amount,
                unit("soldier")
            )]
        );
        assert_eq!(
            q("It will send about 6,000 military engineers and builders."),
            vec![(
                "about 6,000 military engineers".into(),
                6e3,
                6e3,
                Measure::Amount,
                unit("engin")
            )]
        );
        let found = &quantities(
            0,
            "Western officials believe an estimated 11,000 soldiers were sent.",
            &Analyzer::for_code("eng"),
        )[0];
        assert!(found.approximate && found.bound == Bound::Exact);
    }

    #[test]
    fn troops_and_soldiers_are_one_class() {
        let a = q("Some 8,000 North Korean troops are stationed there.");
        assert_eq!(a[0].4, unit("soldier"));
        assert_eq!(a[0].0, "Some 8,000 North Korean troops");
    }

    #[test]
    fn ranges_and_bounds() {
        assert_eq!(
            q("Pyongyang may deploy an additional 25,000 to 30,000 soldiers."),
            vec![(
                "25,000 to 30,000 soldiers".into(),
                25e3,
                30e3,
                Measure::Amount,
                unit("soldier")
            )]
        );
        let a = Analyzer::for_code("eng");
        let up = &quantities(0, "up to 30,000 North Koreans could be involved", &a)[0];
        assert_eq!((up.bound, up.high), (Bound::AtMost, 30e3));
        let over = &quantities(0, "which has lasted more than two years", &a)[0];
        assert_eq!(
            (over.bound, over.low, over.unit.as_deref()),
            (Bound::AtLeast, 2.0, Some("year"))
        );
        assert!(up.agrees_with(&quantities(0, "25,000 to 30,000 soldiers", &a)[0]));
        let a14 = &quantities(0, "around 14,000 soldiers", &a)[0];
        let a11 = &quantities(0, "11,000 soldiers", &a)[0];
        assert!(!a14.agrees_with(a11) && a14.agrees_with(a14));
    }

    #[test]
    fn number_words_and_multipliers() {
        assert_eq!(
            q("The war has been going on for three years."),
            vec![(
                "three years".into(),
                3.0,
                3.0,
                Measure::Amount,
                unit("year")
            )]
        );
        assert_eq!(q("twenty-five tanks")[0].1, 25.0);
        assert_eq!(q("a budget of $5 million")[0].0, "$5 million");
        assert_eq!(q("a budget of $5 million")[0].3, Measure::Money("USD"));
        assert_eq!(q("2.5 million people")[0].1, 2.5e6);
        assert_eq!(q("Turnout was 61.5% in the east.")[0].3, Measure::Percent);
    }

    #[test]
    fn years_are_not_counts() {
        assert_eq!(
            q("Kim Il Sung visited the Soviet Union in 1949."),
            vec![("1949".into(), 1949.0, 1949.0, Measure::Year, None)]
        );
        assert_eq!(
            q("They signed a partnership in 2024 during a visit.")[0].3,
            Measure::Year
        );
        // A four-digit number that counts something is a count.
        assert_eq!(q("Some 2000 soldiers were sent.")[0].3, Measure::Amount);
    }

    #[test]
    fn dates_ordinals_times_and_designations_are_not_counts() {
        assert!(q("On 12 June the 3rd battalion left at 10:30 for the first time.").is_empty());
        assert!(q("On June 12, the 21st brigade moved.").is_empty());
        assert!(q("They flew F-16 jets under Article 5.").is_empty());
        assert!(q("They flew the F-16.").is_empty());
        assert!(q("Yes, yes, F-16 jets flew.").is_empty());
        let mixed = q("On 12 June 2024, the 3rd battalion of 500 soldiers arrived.");
        assert_eq!(
            mixed
                .iter()
                .map(|m| (m.0.as_str(), m.3))
                .collect::<Vec<_>>(),
            vec![("2024", Measure::Year), ("500 soldiers", Measure::Amount)]
        );
    }

    #[test]
    fn references_are_not_counts() {
        assert!(q("The two countries signed a pact.").is_empty());
        assert!(q("One of the two countries was attacked.").is_empty());
        assert!(q("It was the second meeting this year.").is_empty());
        assert_eq!(q("Two ministers met.").len(), 1);
    }

    fn one(text: &str) -> Quantity {
        let mut found = quantities(0, text, &Analyzer::for_code("eng"));
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.remove(0)
    }

    #[test]
    fn figures_agree_when_both_can_be_true_of_one_thing() {
        let agree = |a: &str, b: &str| one(a).agrees_with(&one(b)) && one(b).agrees_with(&one(a));
        assert!(agree(
            "They sent 14,000 soldiers.",
            "They sent 14,000 soldiers."
        ));
        assert!(agree(
            "They sent up to 30,000 soldiers.",
            "They sent 25,000 soldiers."
        ));
        assert!(agree(
            "They sent more than 20 soldiers.",
            "They sent 25 soldiers."
        ));
        assert!(agree(
            "They sent 10 to 20 soldiers.",
            "They sent 15 soldiers."
        ));
        assert!(!agree(
            "They sent up to 10 soldiers.",
            "They sent 50 soldiers."
        ));
        assert!(!agree(
            "They sent more than 20 soldiers.",
            "They sent 5 soldiers."
        ));
        assert!(!agree("They sent 25 soldiers.", "They sent 26 soldiers."));
        assert!(!agree(
            "They sent 10 to 20 soldiers.",
            "They sent 25 soldiers."
        ));
    }

    /// Whether the figures of two one-figure sentences agree, both ways round.
    fn agree(a: &str, b: &str) -> bool {
        one(a).agrees_with(&one(b)) && one(b).agrees_with(&one(a))
    }

    #[test]
    fn figures_that_differ_only_by_rounding_agree() {
        // 2.01 × 10⁶ is 2,009,999.9999999998 in floating point.
        assert!(agree(
            "They sent 2.01 million soldiers.",
            "They sent 2,010,000 soldiers."
        ));
        assert!(agree(
            "It cost 1.07 billion dollars.",
            "It cost 1,070,000,000 dollars."
        ));
        assert!(!agree(
            "They sent 2.01 million soldiers.",
            "They sent 2,011,000 soldiers."
        ));
    }

    #[test]
    fn overlapping_ranges_and_bounds_agree() {
        assert!(agree(
            "They sent up to 30 soldiers.",
            "They sent more than 20 soldiers."
        ));
        assert!(agree(
            "They sent 10 to 20 soldiers.",
            "They sent 15 to 25 soldiers."
        ));
        assert!(!agree(
            "They sent up to 10 soldiers.",
            "They sent more than 20 soldiers."
        ));
        assert!(!agree(
            "They sent 10 to 20 soldiers.",
            "They sent 25 to 30 soldiers."
        ));
    }

    #[test]
    fn a_dozen_is_read_with_its_article() {
        for (text, phrase) in [
            ("A dozen soldiers left.", "A dozen soldiers"),
            ("Police sent a dozen soldiers.", "a dozen soldiers"),
            ("The police sent a dozen soldiers.", "a dozen soldiers"),
        ] {
            let found = q(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!((found[0].0.as_str(), found[0].2), (phrase, 12.0), "{text}");
        }
    }

    #[test]
    fn a_range_written_with_a_hyphen_is_not_a_clock_time_or_a_model() {
        assert_eq!(
            q("They sent 10-20 soldiers."),
            vec![(
                "10-20 soldiers".into(),
                10.0,
                20.0,
                Measure::Amount,
                unit("soldier")
            )]
        );
        assert!(q("They left at 10:20 with soldiers.").is_empty());
    }

    #[test]
    fn a_colon_or_a_dash_after_a_figure_does_not_hide_it() {
        let values = |t: &str| q(t).iter().map(|f| f.2).collect::<Vec<_>>();
        // A colon with a space after it ends a clause; 500 is not an hour.
        assert_eq!(
            values("Losses reached 500: 20 were officers."),
            [500.0, 20.0]
        );
        // A dash that is not a hyphen does not make a model number ("F-16").
        assert_eq!(values("They sent troops—500 soldiers in all."), [500.0]);
        // A sentence may begin with a minus sign.
        assert_eq!(values("-5 degrees were recorded."), [5.0]);
    }

    #[test]
    fn the_head_noun_is_the_counted_thing_near_the_figure() {
        let units = |t: &str| q(t).into_iter().map(|f| f.4).collect::<Vec<_>>();
        // A number word starts a new figure; "weeks" is not what the 500 count.
        assert_eq!(units("They counted 500 two weeks later.")[0], None);
        // "bus" is not a plural; the stops are counted.
        assert_eq!(units("They built 5 bus stops."), [unit("stop")]);
        // A singular head only for one, and never a capitalised word.
        assert_eq!(units("They sent 1 Russian officer."), [unit("offic")]);
        assert_eq!(units("They sent 1 soldier."), [unit("soldier")]);
        assert_eq!(units("They sent 5 soldier."), [None]);
    }

    #[test]
    fn one_alone_is_a_reference_but_one_million_a_count() {
        assert!(q("One day they sent soldiers.").is_empty());
        assert_eq!(
            q("They sent one million soldiers."),
            vec![(
                "one million soldiers".into(),
                1e6,
                1e6,
                Measure::Amount,
                unit("soldier")
            )]
        );
    }

    #[test]
    fn and_joins_a_range_only_after_between() {
        let values = |t: &str| q(t).iter().map(|f| (f.1, f.2)).collect::<Vec<_>>();
        assert_eq!(
            q("They sent between 5 and 10 soldiers."),
            vec![(
                "between 5 and 10 soldiers".into(),
                5.0,
                10.0,
                Measure::Amount,
                unit("soldier")
            )]
        );
        assert_eq!(
            values("They lost 5 and 10 were hurt."),
            [(5.0, 5.0), (10.0, 10.0)]
        );
    }

    #[test]
    fn a_number_word_counts_only_when_it_counts_something() {
        assert!(q("Two of them left early.").is_empty());
        assert_eq!(
            q("Turnout rose by five percent."),
            vec![("five percent".into(), 5.0, 5.0, Measure::Percent, None)]
        );
    }

    #[test]
    fn clock_times_with_a_meridian_are_not_counts() {
        assert!(q("They met at 5 pm with soldiers.").is_empty());
        assert!(q("They met at 5 p.m. with soldiers.").is_empty());
        assert_eq!(q("They met 5 soldiers.").len(), 1);
    }

    /// A number glued to its noun by a hyphen is a measure of that noun, singular as the
    /// compound wants it ("a 27-foot statue"), an age takes its "-old", and feet count like
    /// any other unit: one figure a reader can compare, or see given on one side only.
    #[test]
    fn compound_adjectives_and_feet_are_measures_of_their_noun() {
        assert_eq!(
            q("Workers took down the 27-foot (8.2-meter) tall monument."),
            vec![
                ("27-foot".into(), 27.0, 27.0, Measure::Amount, unit("foot")),
                ("8.2-meter".into(), 8.2, 8.2, Measure::Amount, unit("metr")),
            ]
        );
        assert_eq!(
            q("They removed a 115-year-old monument."),
            vec![(
                "115-year-old".into(),
                115.0,
                115.0,
                Measure::Amount,
                unit("year")
            )]
        );
        assert_eq!(q("It stood 27 feet tall.")[0].4, unit("foot"));
        assert_eq!(q("It stood 27 ft tall.")[0].4, unit("foot"));
        assert_eq!(q("A 5-kilometre walk.")[0].4, q("A 5 km walk.")[0].4);
        assert_eq!(q("A 3-day visit.")[0].4, unit("day"));
        // Not a measure: a range, a score, a lone letter, a spaced dash.
        assert_eq!(q("They sent 5-10 soldiers.")[0].0, "5-10 soldiers");
        assert_eq!(q("It was a 3-D film.")[0].4, None);
        assert_eq!(q("It had a 1-in-5 chance.")[0].4, None);
        assert_eq!(q("It was 3 - day old.")[0].4, None);
    }

    #[test]
    fn every_number_word_has_its_value() {
        let small = [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ];
        for (value, word) in small.iter().enumerate() {
            assert_eq!(number_word(word), Some(value as f64), "{word}");
        }
        let tens = [
            "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        ];
        for (k, word) in tens.iter().enumerate() {
            assert_eq!(number_word(word), Some(20.0 + 10.0 * k as f64), "{word}");
        }
        assert_eq!(number_word("dozen"), Some(12.0));
        assert_eq!(number_word("hundred"), Some(100.0));
        for word in ["thousand", "Three", "twentyone", "", "a"] {
            assert_eq!(number_word(word), None, "{word}");
        }
    }

    #[test]
    fn number_words_and_multipliers_give_their_values() {
        let value = |t: &str| one(t).high;
        assert_eq!(value("They sent thirty soldiers."), 30.0);
        assert_eq!(value("They sent ninety soldiers."), 90.0);
        assert_eq!(value("They sent a dozen soldiers."), 12.0);
        assert_eq!(value("They sent hundred soldiers."), 100.0);
        assert_eq!(value("They sent 3 hundred soldiers."), 300.0);
        assert_eq!(value("They sent 5 thousand soldiers."), 5e3);
        assert_eq!(value("They spent 2 billion dollars."), 2e9);
        assert_eq!(value("They spent 2 bn dollars."), 2e9);
        assert_eq!(value("They spent 1 trillion dollars."), 1e12);
        assert_eq!(value("They spent 1 tn dollars."), 1e12);
    }

    #[test]
    fn money_is_read_in_every_currency_sign_and_word() {
        let currency = |t: &str| one(t).measure;
        for (text, code) in [
            ("It cost $5.", "USD"),
            ("It cost €5.", "EUR"),
            ("It cost £5.", "GBP"),
            ("It cost ¥5.", "JPY"),
            ("It cost 5 dollars.", "USD"),
            ("It cost 5 euros.", "EUR"),
            ("It cost 5 pounds.", "GBP"),
            ("It cost 5 roubles.", "RUB"),
            ("It cost 5 rubles.", "RUB"),
            ("It cost 5 yuan.", "CNY"),
        ] {
            assert_eq!(currency(text), Measure::Money(code), "{text}");
        }
    }

    #[test]
    fn every_measure_has_its_json_name() {
        let names: Vec<&str> = [
            Measure::Amount,
            Measure::Year,
            Measure::Percent,
            Measure::Money("EUR"),
        ]
        .into_iter()
        .map(Measure::name)
        .collect();
        assert_eq!(names, ["amount", "year", "percent", "money"]);
    }
}
