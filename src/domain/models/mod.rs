//! The resources as the API shows them and takes them, a module per resource. A resource's
//! input form is also its form in an import bundle; objects refer to each other by natural key.

use utoipa::ToSchema;

mod agreements;
mod catalogue;
mod changes;
mod editions;
mod figures;
mod people;
mod sessions;
mod tokens;

pub use agreements::*;
pub use catalogue::*;
pub use changes::*;
pub use editions::*;
pub use figures::*;
pub use people::*;
pub use sessions::*;
pub use tokens::*;

/// A natural key as other resources cite it (documentation type).
#[derive(ToSchema)]
#[schema(value_type = String, pattern = "^[a-z0-9][a-z0-9_.-]*$", min_length = 1, max_length = 200)]
#[allow(dead_code)]
struct KeyType(String);

fn default_language() -> String {
    "ru".into()
}
