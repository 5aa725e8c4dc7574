//! Every address of the console, under `/staff` (the server answers the console's page for
//! each of them: `server/src/http/static_files.rs`).

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::api::encode;
use crate::pages::accounts::AccountsPage;
use crate::pages::audit::AuditPage;
use crate::pages::categories::CategoriesPage;
use crate::pages::directory::DirectoryPage;
use crate::pages::directory_file::DirectoryFilePage;
use crate::pages::draft::DraftPage;
use crate::pages::insights::InsightsPage;
use crate::pages::item::ItemPage;
use crate::pages::new_record::{NewItemPage, NewPointPage};
use crate::pages::not_found::NotFoundPage;
use crate::pages::password::PasswordPage;
use crate::pages::point::PointPage;
use crate::pages::publish::PublishPage;

pub const DIRECTORY: &str = "/staff";
pub const DRAFT: &str = "/staff/draft";
pub const PUBLISH: &str = "/staff/publish";
pub const ACCOUNTS: &str = "/staff/accounts";
pub const AUDIT: &str = "/staff/audit";
pub const CATEGORIES: &str = "/staff/categories";
pub const NEW_ITEM: &str = "/staff/new/item";
pub const NEW_POINT: &str = "/staff/new/point";
pub const PASSWORD: &str = "/staff/password";
pub const DIRECTORY_FILE: &str = "/staff/file";
pub const INSIGHTS: &str = "/staff/insights";

pub fn item(id: &str) -> String {
    format!("/staff/items/{}", encode(id))
}

pub fn point(id: &str) -> String {
    format!("/staff/points/{}", encode(id))
}

#[component]
pub fn ConsoleRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFoundPage/> }>
            <Route path=path!("/staff") view=DirectoryPage/>
            <Route path=path!("/staff/items/:id") view=ItemPage/>
            <Route path=path!("/staff/points/:id") view=PointPage/>
            <Route path=path!("/staff/draft") view=DraftPage/>
            <Route path=path!("/staff/publish") view=PublishPage/>
            <Route path=path!("/staff/accounts") view=AccountsPage/>
            <Route path=path!("/staff/audit") view=AuditPage/>
            <Route path=path!("/staff/categories") view=CategoriesPage/>
            <Route path=path!("/staff/new/item") view=NewItemPage/>
            <Route path=path!("/staff/new/point") view=NewPointPage/>
            <Route path=path!("/staff/password") view=PasswordPage/>
            <Route path=path!("/staff/file") view=DirectoryFilePage/>
            <Route path=path!("/staff/insights") view=InsightsPage/>
        </Routes>
    }
}
