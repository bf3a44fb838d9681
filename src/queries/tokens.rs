//! API tokens. The secret is random, shown once, and stored only as its SHA-256 hash:
//! a 256-bit random secret needs no slow hash, and lookup by hash stays one indexed query.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::DbConnection;
use crate::db::schema::tokens;
use crate::domain::TokenScope;
use crate::domain::models::{NewToken, TokenInfo};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::queries::stored;

const PREFIX: &str = "fm_";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tokens)]
struct TokenRow {
    name: String,
    scope: String,
    created_at: NaiveDateTime,
    last_used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

impl TryFrom<TokenRow> for TokenInfo {
    type Error = ApiError;
    fn try_from(row: TokenRow) -> ApiResult<Self> {
        Ok(TokenInfo {
            name: row.name,
            scope: stored(&row.scope)?,
            created_at: row.created_at.and_utc(),
            last_used_at: row.last_used_at.map(|t| t.and_utc()),
            revoked_at: row.revoked_at.map(|t| t.and_utc()),
        })
    }
}

pub fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{PREFIX}{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

pub fn validate_name(name: &str) -> ApiResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 100
        && name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::Validation(vec![FieldError::new(
            "name",
            "must be 1–100 characters: letters, digits, '-', '_' and '.', starting with a letter or digit",
        )]))
    }
}

/// Makes a token; the only time its secret exists outside the client.
pub fn create(conn: &mut DbConnection, name: &str, scope: TokenScope) -> ApiResult<NewToken> {
    validate_name(name)?;
    let exists: bool =
        diesel::select(diesel::dsl::exists(tokens::table.filter(tokens::name.eq(name)))).get_result(conn)?;
    if exists {
        return Err(ApiError::Conflict(format!(
            "a token named `{name}` already exists; names stay taken after revocation"
        )));
    }
    let secret = new_secret();
    let now = Utc::now().naive_utc();
    diesel::insert_into(tokens::table)
        .values((
            tokens::name.eq(name),
            tokens::scope.eq(scope.as_str()),
            tokens::token_hash.eq(hash(&secret)),
            tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(NewToken { name: name.to_string(), scope, created_at: now.and_utc(), token: secret })
}

pub fn list(conn: &mut DbConnection) -> ApiResult<Vec<TokenInfo>> {
    let rows: Vec<TokenRow> = tokens::table.order(tokens::id).select(TokenRow::as_select()).load(conn)?;
    rows.into_iter().map(TokenInfo::try_from).collect()
}

pub fn get(conn: &mut DbConnection, name: &str) -> ApiResult<TokenInfo> {
    let row: Option<TokenRow> =
        tokens::table.filter(tokens::name.eq(name)).select(TokenRow::as_select()).get_result(conn).optional()?;
    row.ok_or_else(|| ApiError::NotFound(format!("token `{name}` does not exist")))?.try_into()
}

/// Revokes a token for good; revoking twice is harmless.
pub fn revoke(conn: &mut DbConnection, name: &str) -> ApiResult<TokenInfo> {
    let token = get(conn, name)?;
    if token.revoked_at.is_none() {
        diesel::update(tokens::table.filter(tokens::name.eq(name)))
            .set(tokens::revoked_at.eq(Utc::now().naive_utc()))
            .execute(conn)?;
    }
    get(conn, name)
}

/// The live token this secret belongs to, if any.
pub fn authenticate(conn: &mut DbConnection, secret: &str) -> ApiResult<Option<TokenInfo>> {
    if !secret.starts_with(PREFIX) {
        return Ok(None);
    }
    let row: Option<TokenRow> = tokens::table
        .filter(tokens::token_hash.eq(hash(secret)))
        .filter(tokens::revoked_at.is_null())
        .select(TokenRow::as_select())
        .get_result(conn)
        .optional()?;
    row.map(TokenInfo::try_from).transpose()
}

/// Notes that a token was used for a write.
pub fn touch(conn: &mut DbConnection, name: &str) -> ApiResult<()> {
    diesel::update(tokens::table.filter(tokens::name.eq(name)))
        .set(tokens::last_used_at.eq(Utc::now().naive_utc()))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hashes_hex() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert!(a.starts_with("fm_") && a.len() == 3 + 64);
        assert_eq!(hash("fm_x").len(), 64);
        assert_ne!(hash(&a), a);
    }

    #[test]
    fn names() {
        assert!(validate_name("editor-anna").is_ok());
        assert!(validate_name("").is_err());
        assert!(validate_name("-x").is_err());
        assert!(validate_name("a b").is_err());
    }
}
