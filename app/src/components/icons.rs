//! Simple line icons for the category tiles (drawn here, 24x24, stroke only), so a resident can
//! find a category by picture as well as by name.

use leptos::prelude::*;

/// The SVG path data for a category id; a generic service icon for ids it does not know.
fn path_for(category: &str) -> &'static str {
    match category {
        "employment-social-security" => "M4 8h16v11H4zM9 8V5h6v3M4 13h16",
        "health-family-planning" => "M12 4v16M4 12h16M8 4h8v16H8z",
        "elderly" => "M10 4a2 2 0 1 0 0 .1M9 8h3l2 5h3M10 8l-2 6 3 1 1 5M16 13l2 7",
        "children-youth" => "M12 5a3 3 0 1 0 0 .1M8 20l1-7h6l1 7M6 12l3-2h6l3 2",
        "disabled" => "M11 4a2 2 0 1 0 0 .1M11 7v6h5l2 5M8 11a6 6 0 1 0 7 7",
        "social-assistance" => "M12 20s-7-4.5-7-10a4 4 0 0 1 7-2 4 4 0 0 1 7 2c0 5.5-7 10-7 10z",
        "funeral" => "M12 3c3 3 3 6 0 9-3-3-3-6 0-9zM6 21h12M9 21v-6h6v6",
        "culture-education-sports" => "M4 6l8-3 8 3-8 3zM7 8v5c3 2 7 2 10 0V8M20 6v6",
        "legal-safety" => "M12 3l8 3v6c0 5-4 8-8 9-4-1-8-4-8-9V6zM9 12l2 2 4-4",
        "rural-production" => {
            "M12 21V9M12 13c-4 0-6-3-6-6 4 0 6 3 6 6zM12 11c4 0 6-3 6-6-4 0-6 3-6 6z"
        }
        "convenience" => "M5 9l1-5h12l1 5M4 9h16v11H4zM9 20v-5h6v5",
        "volunteering" => "M7 11l3-3 3 2 4-4M4 14l5 4h6l5-5-2-2-4 3",
        "housing-civil-affairs" => "M3 11l9-7 9 7M6 9v11h12V9M10 20v-5h4v5",
        "veterans" => "M12 3l2.5 5 5.5.8-4 3.9 1 5.5-5-2.7-5 2.7 1-5.5-4-3.9 5.5-.8z",
        _ => "M4 4h16v16H4zM8 9h8M8 13h8M8 17h5",
    }
}

#[component]
pub fn CategoryIcon(category: String) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="48" height="48" aria-hidden="true" focusable="false">
            <path d=path_for(&category) fill="none" stroke="currentColor" stroke-width="1.8"
                stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}
