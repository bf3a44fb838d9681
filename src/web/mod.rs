//! What handlers take from a request, for the API and the pages alike: strict query parameters,
//! JSON bodies checked against their schemas, and tokens.

pub mod auth;
pub mod body;
pub mod params;
