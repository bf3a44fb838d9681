//! forum-metrics: the sourced figures of the «Города России» forum as a REST/JSON API, and as
//! HTML pages for people (the explorer).
//!
//! Layers, outside in: `http` (one module per resource, one route table), `pages` (the
//! explorer's pages, on the same queries), `import` (bundles),
//! `queries` (all SQL), `domain` (models, the headline rule, validation), `db` (connection,
//! pool, migrations per backend); `config` and `startup` tie them together, `error` holds
//! every error a client can see; `charts` draws SVG and `ru` gives the Russian words both
//! charts and pages (`pages`, server-rendered beside `http`, on the same `queries`) use.

pub mod charts;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod extract;
pub mod http;
pub mod import;
pub mod pages;
pub mod queries;
pub mod ru;
pub mod startup;
