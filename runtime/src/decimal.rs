//! Exact comparison of decimal numbers written as text (`-?digits(.digits)?([eE][+-]?digits)?`,
//! as JSON writes numbers and as `BigInteger` and `BigDecimal` hold them), for `@range` on
//! bigInteger and bigDecimal members. Linear in the length of the text, without expanding the
//! exponent: `1e9223372036854775807` costs what its 21 characters cost.

use std::cmp::Ordering;

/// A decimal number read from its text, as `sign × 0.digits × 10^point`, `digits` without
/// leading or trailing zeros (none at all for zero). Ordered, and equal, as numbers are.
pub struct Decimal<'a> {
    negative: bool,
    /// The significant digits, split in two slices of the text (before and after the point).
    digits: (&'a [u8], &'a [u8]),
    point: i128,
}

impl<'a> Decimal<'a> {
    /// `None` when `text` is not a decimal number.
    pub fn parse(text: &'a str) -> Option<Self> {
        let (coefficient, exponent) = match text.split_once(['e', 'E']) {
            Some((c, e)) => (c, exponent(e)?),
            None => (text, 0),
        };
        let (negative, coefficient) = match coefficient.as_bytes().first() {
            Some(b'-') => (true, &coefficient[1..]),
            Some(b'+') => (false, &coefficient[1..]),
            _ => (false, coefficient),
        };
        let (integer, fraction) = coefficient.split_once('.').unwrap_or((coefficient, ""));
        let (integer, fraction) = (integer.as_bytes(), fraction.as_bytes());
        if (integer.is_empty() && fraction.is_empty())
            || !integer.iter().chain(fraction).all(u8::is_ascii_digit)
        {
            return None;
        }
        let lead = |s: &[u8]| s.iter().take_while(|&&b| b == b'0').count();
        let trail = |s: &[u8]| s.iter().rev().take_while(|&&b| b == b'0').count();
        let integer = &integer[lead(integer)..];
        let (digits, point) = if integer.is_empty() {
            // 0.000ddd: the point moves right past the fraction's leading zeros.
            let zeros = lead(fraction);
            let fraction = &fraction[zeros..];
            ((&fraction[..fraction.len() - trail(fraction)], &[][..]), -(zeros as i128))
        } else if trail(fraction) == fraction.len() {
            (((&integer[..integer.len() - trail(integer)]), &[][..]), integer.len() as i128)
        } else {
            ((integer, &fraction[..fraction.len() - trail(fraction)]), integer.len() as i128)
        };
        let zero = digits.0.is_empty() && digits.1.is_empty();
        Some(Decimal {
            negative: negative && !zero,
            digits,
            point: if zero { 0 } else { point.checked_add(exponent)? },
        })
    }

    fn is_zero(&self) -> bool {
        self.digits.0.is_empty() && self.digits.1.is_empty()
    }

    fn magnitude_cmp(&self, other: &Self) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        let digits = |d: &Self| d.digits.0.iter().chain(d.digits.1.iter()).copied();
        // Same position of the first digit: the digit sequences decide (no trailing zeros, so
        // a proper prefix is the smaller number).
        self.point.cmp(&other.point).then_with(|| digits(self).cmp(digits(other)))
    }
}

/// `[+-]?digits`, as an exponent is written.
fn exponent(text: &str) -> Option<i128> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl Ord for Decimal<'_> {
    /// Zero is zero whatever its sign or spelling.
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.magnitude_cmp(other),
            (true, true) => other.magnitude_cmp(self),
        }
    }
}

impl PartialOrd for Decimal<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Decimal<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal<'_> {}

/// How the number `a` compares with the number `b`; `None` when either is not a decimal number.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    Some(Decimal::parse(a)?.cmp(&Decimal::parse(b)?))
}

#[cfg(test)]
mod tests {
    use super::compare;
    use std::cmp::Ordering::{Equal, Greater, Less};

    #[test]
    fn spellings_of_one_number_are_equal() {
        for (a, b) in [
            ("100", "1e2"),
            ("100", "1E+2"),
            ("0.001", "1e-3"),
            ("00123.4500", "123.45"),
            ("-0", "0"),
            ("0.000", "-0e99"),
            ("12.5", "125e-1"),
            ("+5", "5"),
            (".5", "0.5"),
            ("5.", "5"),
            ("-1.50", "-15E-1"),
        ] {
            assert_eq!(compare(a, b), Some(Equal), "{a} = {b}");
            assert_eq!(compare(b, a), Some(Equal), "{b} = {a}");
        }
    }

    #[test]
    fn orders_as_numbers_do() {
        // Each number is smaller than the next one.
        let ascending = [
            "-1e400",
            "-92233720368547758080",
            "-9223372036854775808",
            "-10",
            "-9.99",
            "-1",
            "-0.5",
            "-1e-400",
            "0",
            "1e-400",
            "0.0999",
            "0.1",
            "0.10000000000000000000001",
            "1",
            "9007199254740992",
            "9007199254740993",
            "9223372036854775807",
            "9223372036854775808",
            "1e400",
        ];
        for (i, a) in ascending.iter().enumerate() {
            for (j, b) in ascending.iter().enumerate() {
                assert_eq!(compare(a, b), Some(i.cmp(&j)), "{a} against {b}");
            }
        }
    }

    #[test]
    fn agrees_with_f64_where_f64_is_exact() {
        let values = [-3.25, -2.0, -0.125, 0.0, 0.5, 1.0, 7.75, 1024.0, 1e10, 123456.0625];
        for a in values {
            for b in values {
                let texts = [(a.to_string(), b.to_string()), (format!("{a:e}"), format!("{b:E}"))];
                for (x, y) in texts {
                    assert_eq!(compare(&x, &y), a.partial_cmp(&b), "{x} against {y}");
                }
            }
        }
        assert_eq!(compare("2", "1"), Some(Greater));
        assert_eq!(compare("1", "2"), Some(Less));
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in [
            "", "-", ".", "1.2.3", "--5", "1e", "1e+", "1e+-1", "1e++1", "1e-+1", "abc", "1 ", "0x10", "NaN",
            "Infinity", "1e1e1",
        ] {
            assert_eq!(compare(bad, "1"), None, "{bad:?}");
            assert_eq!(compare("1", bad), None, "{bad:?}");
        }
        // An exponent beyond i128 is not a number this can place.
        assert_eq!(compare("1e999999999999999999999999999999999999999", "1"), None);
    }
}
