//! Reading press texts for figures (issue 25). `quote::locate` finds a curated quote in its
//! text.

pub mod quote;

pub use quote::{Span, locate};
