//! The Dockerfile rules, one file each.

pub mod final_user_is_root;
pub mod syntax_error;
