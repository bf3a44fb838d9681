//! The record of writes.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::ChangeAction;

/// One recorded write.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Change {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: DateTime<Utc>,
    /// The name of the token that wrote it; null for the command line.
    pub token: Option<String>,
    pub action: ChangeAction,
    #[schema(example = "figures")]
    pub resource: String,
    #[schema(example = "2025-participants-tass-2025-10-22")]
    pub key: String,
    /// The resource before the write, as written (null on create).
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The resource after the write, as written (null on delete).
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}
