//! The Compose rules, one file each.

pub mod privileged_service;
pub mod yaml_syntax_error;
