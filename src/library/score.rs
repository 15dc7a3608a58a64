//! The shared-content score of a pair: how much of both articles the alignment links.
//!
//! It is the aligner's own measure ([`crate::align::shared_content`]; the combined engine uses
//! it to tell pairs that share little), re-exported here where library mode ranks with it.

pub use crate::align::alignment::{SHARES_LITTLE, shared_content};
