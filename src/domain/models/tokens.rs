//! API tokens as they are listed and made.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A token as listed: never the secret.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TokenInfo {
    #[schema(example = "editor-anna")]
    pub name: String,
    pub scope: crate::domain::TokenScope,
    pub created_at: DateTime<Utc>,
    /// When a write last used it, to the minute; null if never.
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A new token: the secret is shown here once and never again.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct NewToken {
    #[schema(example = "editor-anna")]
    pub name: String,
    pub scope: crate::domain::TokenScope,
    pub created_at: DateTime<Utc>,
    /// The bearer token. Store it now: only its hash is kept.
    #[schema(example = "fm_3f9a…")]
    pub token: String,
}

/// What a new token is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    #[schema(example = "editor-anna", pattern = "^[A-Za-z0-9][A-Za-z0-9_.-]*$", min_length = 1, max_length = 100)]
    pub name: String,
    pub scope: crate::domain::TokenScope,
}
