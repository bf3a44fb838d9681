//! forum-metrics: the sourced figures of the «Города России» forum as a REST/JSON API, and as
//! HTML pages for people (the explorer).
//!
//! Modules import one way, from the top down: `main` → `startup` → `api` and `pages` (neither
//! imports the other) → `web` (what handlers take from a request) → `serving` (everything
//! between the socket and the handlers) → `import`, `queries` (all SQL) → `domain`, `db` →
//! `error`. `config` sits beside `db`; `charts` and `ru` format for the API and the pages.

pub mod api;
pub mod charts;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod extract;
pub mod import;
pub mod pages;
pub mod queries;
pub mod ru;
pub mod serving;
pub mod startup;
pub mod web;
