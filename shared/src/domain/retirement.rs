//! How much of the live directory one import may retire before it needs to be told that this is
//! meant. An empty or cut-off directory file can be perfectly valid, and importing it would take
//! every service off the kiosks while the server still says it is healthy.

use std::fmt;

/// The kinds of record an import retires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Category,
    Item,
    Point,
    Offering,
}

impl RecordKind {
    fn plural(self) -> &'static str {
        match self {
            RecordKind::Category => "categories",
            RecordKind::Item => "service items",
            RecordKind::Point => "service points",
            RecordKind::Offering => "item-at-point offerings",
        }
    }
}

/// For one kind of record: how many are live now, and how many the import would retire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retiring {
    pub kind: RecordKind,
    pub active: usize,
    pub retiring: usize,
}

impl Retiring {
    /// More than half of what is live now. Retiring exactly half is still allowed, so a
    /// two-point directory may lose one point.
    pub fn is_most(&self) -> bool {
        self.retiring * 2 > self.active
    }
}

/// An import refused because it would retire most of some kind of record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetiresMost(pub Vec<Retiring>);

impl fmt::Display for RetiresMost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "this import would retire ")?;
        for (i, r) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{} of {} {}", r.retiring, r.active, r.kind.plural())?;
        }
        write!(
            f,
            ": more than half. Is the file complete? Nothing was changed"
        )
    }
}

impl std::error::Error for RetiresMost {}

/// Refuses an import that would retire more than half of the live records of any kind.
pub fn check_retirement(counts: &[Retiring]) -> Result<(), RetiresMost> {
    let most: Vec<Retiring> = counts.iter().copied().filter(Retiring::is_most).collect();
    if most.is_empty() {
        Ok(())
    } else {
        Err(RetiresMost(most))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(active: usize, retiring: usize) -> Retiring {
        Retiring {
            kind: RecordKind::Point,
            active,
            retiring,
        }
    }

    #[test]
    fn more_than_half_is_most() {
        assert!(!points(10, 5).is_most());
        assert!(points(10, 6).is_most());
        assert!(!points(3, 1).is_most());
        assert!(points(3, 2).is_most());
        assert!(points(1, 1).is_most());
        assert!(!points(2, 1).is_most());
    }

    #[test]
    fn an_empty_directory_has_nothing_to_lose() {
        assert!(!points(0, 0).is_most());
        assert_eq!(check_retirement(&[points(0, 0)]), Ok(()));
    }

    #[test]
    fn an_empty_file_over_a_full_directory_is_refused_naming_every_kind() {
        let items = Retiring {
            kind: RecordKind::Item,
            active: 167,
            retiring: 167,
        };
        let refused = check_retirement(&[points(35, 35), items]).unwrap_err();
        assert_eq!(refused.0, vec![points(35, 35), items]);
        let text = refused.to_string();
        assert!(text.contains("35 of 35 service points"), "{text}");
        assert!(text.contains("167 of 167 service items"), "{text}");
    }

    #[test]
    fn only_the_kinds_that_lose_most_are_named() {
        let refused = check_retirement(&[
            points(100, 10),
            Retiring {
                kind: RecordKind::Offering,
                active: 1000,
                retiring: 900,
            },
        ])
        .unwrap_err();
        assert_eq!(refused.0.len(), 1);
        assert_eq!(refused.0[0].kind, RecordKind::Offering);
    }
}
