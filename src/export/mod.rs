//! Export: an alignment written out for other programs and for people.
//!
//! - [`json`]: the public contract of `diptych align --format json` (`align-json.md`);
//! - [`text`]: a plain side-by-side rendering for pipes and terminals, laid out by
//!   [`crate::layout`] exactly as the reader lays it out.

pub mod json;
pub mod text;
