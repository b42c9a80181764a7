//! The Dockerfile rules, one file each, named after the rule.

pub mod copy_from_unknown_stage;
pub mod final_user_is_root;
pub mod instruction_before_from;
pub mod invalid_flag;
pub mod latest_base_image;
pub mod missing_user;
pub mod secret_in_arg_or_env;
pub mod syntax_error;
pub mod undefined_variable;
pub mod unknown_instruction;
pub mod untagged_base_image;
