//! Ids of the directory's records, as types that can only hold a valid id.
//!
//! An id is a slug: 1 to 64 of `a-z`, `0-9` and `-`, not starting with `-` (`dibao`,
//! `xiyingmen-center`). Parsing is the only way to make one, so a function that takes an
//! `ItemId` never has to ask whether it was checked. On the wire and in files an id is a plain
//! string; a malformed one fails to deserialize.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest id, in bytes (ids are ASCII).
pub const MAX_ID_LEN: usize = 64;

/// Whether `id` is a well-formed slug.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Why a text is not an id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a valid id (1-{MAX_ID_LEN} of a-z, 0-9 and '-', not starting with '-')")]
pub struct InvalidId(pub String);

macro_rules! slug_id {
    ($(#[doc = $doc:literal])* $name:ident) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[a-z0-9][a-z0-9-]{0,63}$"))]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(text: &str) -> Result<$name, InvalidId> {
                $name::try_from(text.to_owned())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;

            fn try_from(text: String) -> Result<$name, InvalidId> {
                if is_slug(&text) {
                    Ok($name(text))
                } else {
                    Err(InvalidId(text))
                }
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_id! {
    /// A service item (事项), e.g. `dibao`.
    ItemId
}
slug_id! {
    /// A service point (服务点), e.g. `xiyingmen-center`.
    PointId
}
slug_id! {
    /// A category of items, e.g. `social-assistance`.
    CategoryId
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii_words_joined_by_hyphens() {
        for good in ["dibao", "a", "xiyingmen-center", "p-001", &"a".repeat(64)] {
            assert!(ItemId::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "-lead",
            "Dibao",
            "低保",
            "a b",
            "a/b",
            "a\0",
            &"a".repeat(65),
        ] {
            assert_eq!(PointId::parse(bad), Err(InvalidId(bad.to_owned())), "{bad}");
        }
    }

    #[test]
    fn ids_are_plain_strings_on_the_wire_and_checked_on_the_way_in() {
        let id: CategoryId = serde_json::from_str("\"health\"").unwrap();
        assert_eq!(id, "health");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"health\"");
        let bad = serde_json::from_str::<CategoryId>("\"Health Care\"").unwrap_err();
        assert!(bad.to_string().contains("not a valid id"), "{bad}");
    }
}
