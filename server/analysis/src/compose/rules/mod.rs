//! The Compose rules, one file each.

pub mod capabilities_not_dropped;
pub mod duplicate_key;
pub mod invalid_value;
pub mod port_bound_to_all_interfaces;
pub mod privileged_service;
pub mod runtime_socket_mounted;
pub mod secret_in_environment;
pub mod undefined_reference;
pub mod unknown_key;
pub mod yaml_syntax_error;
