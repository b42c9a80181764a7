//! The Compose file's keys and the shape of their values, written from the
//! Compose specification (compose-spec `schema/compose-spec.json` as shipped
//! in Docker Compose v2.40, and the docs.docker.com Compose file reference).
//!
//! This is our own typed data, not the JSON schema: it says what CP101
//! (`unknown-key`) and CP102 (`invalid-value`) need and no more, and where
//! Docker Compose is stricter or looser than its schema (it casts `cpus`,
//! `mem_limit`, durations and booleans after validating), the formats below
//! follow what `docker compose config` does, which the oracle test checks.

/// What a value may be.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// Not checked.
    Any,
    /// A scalar in the given format.
    Scalar(Format),
    /// A sequence of the item kind.
    List(&'static Kind),
    /// A mapping with known keys.
    Object(&'static Object),
    /// A mapping from free names to values of one kind.
    Dict(&'static Kind),
    /// One kind per node shape (scalar, sequence, mapping).
    Shapes(&'static Shapes),
}

/// The kinds a value may take by its shape; an absent shape is a type error.
#[derive(Debug)]
pub struct Shapes {
    pub scalar: Option<Kind>,
    pub list: Option<Kind>,
    pub mapping: Option<Kind>,
    /// Whether null (`key:` with nothing) is allowed.
    pub null: bool,
}

/// A mapping with known keys.
#[derive(Debug)]
pub struct Object {
    pub fields: &'static [Field],
    /// Whether `x-` extension keys are allowed here.
    pub extensions: bool,
    /// Whether the mapping may be null (`networks: { front: }`).
    pub null: bool,
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
}

impl Object {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|field| field.name == name)
    }
}

/// The format of a scalar.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    /// A string (a plain number, boolean or null is a type error).
    String,
    /// A string or null.
    NullableString,
    /// A string or a number.
    StringOrNumber,
    /// Any scalar: string, number, boolean or null.
    ScalarValue,
    /// A boolean, or a string Compose reads as one (`"true"`, `yes`).
    Bool,
    /// A boolean and nothing else.
    StrictBool,
    /// A number, or a string holding an integer.
    Integer,
    /// A number, or a string holding a number (`cpus: "0.5"`).
    Number,
    /// A byte size: a number, or a string such as `512m` or `1.5GB`.
    ByteSize,
    /// A byte size that must be a string (`deploy.resources.limits.memory`).
    ByteSizeString,
    /// A duration string such as `1m30s`.
    Duration,
    /// A number, or a string holding a number or a duration.
    NumberOrDuration,
    /// A published port, short syntax: `[HOST_IP:][HOST:]CONTAINER[/PROTO]`.
    PortShort,
    /// A port number or range, as a number or string.
    PortNumber,
    /// One of these words.
    Enum(&'static [&'static str]),
    /// `pull_policy`: a word or `every_<duration>`.
    PullPolicy,
}

const fn field(name: &'static str, kind: Kind) -> Field {
    Field { name, kind }
}

const fn object(fields: &'static [Field]) -> Object {
    Object { fields, extensions: true, null: false }
}

/// A closed mapping without `x-` keys (a few spec objects have none).
const fn closed(fields: &'static [Field]) -> Object {
    Object { fields, extensions: false, null: false }
}

const ANY: Kind = Kind::Any;
const STRING: Kind = Kind::Scalar(Format::String);
const NULLABLE_STRING: Kind = Kind::Scalar(Format::NullableString);
const STRING_OR_NUMBER: Kind = Kind::Scalar(Format::StringOrNumber);
const SCALAR_VALUE: Kind = Kind::Scalar(Format::ScalarValue);
const BOOL: Kind = Kind::Scalar(Format::Bool);
const STRICT_BOOL: Kind = Kind::Scalar(Format::StrictBool);
const INTEGER: Kind = Kind::Scalar(Format::Integer);
const NUMBER: Kind = Kind::Scalar(Format::Number);
const BYTE_SIZE: Kind = Kind::Scalar(Format::ByteSize);
const BYTE_SIZE_STRING: Kind = Kind::Scalar(Format::ByteSizeString);
const DURATION: Kind = Kind::Scalar(Format::Duration);
const NUMBER_OR_DURATION: Kind = Kind::Scalar(Format::NumberOrDuration);
const PORT_NUMBER: Kind = Kind::Scalar(Format::PortNumber);

const LIST_OF_STRINGS: Kind = Kind::List(&STRING);
const STRING_OR_LIST: Kind = Kind::Shapes(&Shapes {
    scalar: Some(STRING),
    list: Some(LIST_OF_STRINGS),
    mapping: None,
    null: false,
});
/// `environment`, `labels`, `args`: `KEY=VALUE` strings or a mapping of scalars.
const LIST_OR_DICT: Kind = Kind::Shapes(&Shapes {
    scalar: None,
    list: Some(LIST_OF_STRINGS),
    mapping: Some(Kind::Dict(&SCALAR_VALUE)),
    null: false,
});
const COMMAND: Kind = Kind::Shapes(&Shapes {
    scalar: Some(STRING),
    list: Some(LIST_OF_STRINGS),
    mapping: None,
    null: true,
});
const OPTIONS: Kind = Kind::Dict(&STRING_OR_NUMBER);
const EXTERNAL: Kind = Kind::Shapes(&Shapes {
    scalar: Some(BOOL),
    list: None,
    mapping: Some(Kind::Object(&object(&[field("name", STRING)]))),
    null: false,
});

/// The top level of a Compose file.
pub static TOP_LEVEL: Object = object(&[
    field("version", STRING),
    field("name", STRING),
    field("include", Kind::List(&INCLUDE)),
    field("services", Kind::Dict(&Kind::Object(&SERVICE))),
    field("models", Kind::Dict(&Kind::Object(&MODEL))),
    field("networks", Kind::Dict(&Kind::Object(&NETWORK))),
    field("volumes", Kind::Dict(&Kind::Object(&VOLUME))),
    field("secrets", Kind::Dict(&Kind::Object(&SECRET))),
    field("configs", Kind::Dict(&Kind::Object(&CONFIG))),
]);

const INCLUDE: Kind = Kind::Shapes(&Shapes {
    scalar: Some(STRING),
    list: None,
    mapping: Some(Kind::Object(&closed(&[
        field("path", STRING_OR_LIST),
        field("env_file", STRING_OR_LIST),
        field("project_directory", STRING),
    ]))),
    null: false,
});

pub static SERVICE: Object = object(&[
    field("annotations", LIST_OR_DICT),
    field("attach", BOOL),
    field("blkio_config", Kind::Object(&BLKIO_CONFIG)),
    field("build", BUILD),
    field("cap_add", LIST_OF_STRINGS),
    field("cap_drop", LIST_OF_STRINGS),
    field("cgroup", Kind::Scalar(Format::Enum(&["host", "private"]))),
    field("cgroup_parent", STRING),
    field("command", COMMAND),
    field("configs", SERVICE_CONFIGS_OR_SECRETS),
    field("container_name", STRING),
    field("cpu_count", INTEGER),
    field("cpu_percent", INTEGER),
    field("cpu_period", NUMBER_OR_DURATION),
    field("cpu_quota", NUMBER_OR_DURATION),
    field("cpu_rt_period", NUMBER_OR_DURATION),
    field("cpu_rt_runtime", NUMBER_OR_DURATION),
    field("cpu_shares", INTEGER),
    field("cpus", NUMBER),
    field("cpuset", STRING),
    field(
        "credential_spec",
        Kind::Object(&object(&[
            field("config", STRING),
            field("file", STRING),
            field("registry", STRING),
        ])),
    ),
    field("depends_on", DEPENDS_ON),
    field("deploy", Kind::Object(&DEPLOY)),
    field("develop", Kind::Object(&DEVELOP)),
    field("device_cgroup_rules", LIST_OF_STRINGS),
    field("devices", Kind::List(&DEVICE)),
    field("dns", STRING_OR_LIST),
    field("dns_opt", LIST_OF_STRINGS),
    field("dns_search", STRING_OR_LIST),
    field("domainname", STRING),
    field("entrypoint", COMMAND),
    field("env_file", ENV_FILE),
    field("environment", LIST_OR_DICT),
    field("expose", Kind::List(&STRING_OR_NUMBER)),
    field("extends", EXTENDS),
    field("external_links", LIST_OF_STRINGS),
    field("extra_hosts", EXTRA_HOSTS),
    field("gpus", GPUS),
    field("group_add", Kind::List(&STRING_OR_NUMBER)),
    field("healthcheck", Kind::Object(&HEALTHCHECK)),
    field("hostname", STRING),
    field("image", STRING),
    field("init", BOOL),
    field("ipc", STRING),
    field("isolation", STRING),
    field("label_file", STRING_OR_LIST),
    field("labels", LIST_OR_DICT),
    field("links", LIST_OF_STRINGS),
    field("logging", Kind::Object(&LOGGING)),
    field("mac_address", STRING),
    field("mem_limit", BYTE_SIZE),
    field("mem_reservation", BYTE_SIZE),
    field("mem_swappiness", INTEGER),
    field("memswap_limit", BYTE_SIZE),
    field("models", ANY),
    field("network_mode", STRING),
    field("networks", SERVICE_NETWORKS),
    field("oom_kill_disable", BOOL),
    field("oom_score_adj", INTEGER),
    field("pid", NULLABLE_STRING),
    field("pids_limit", INTEGER),
    field("platform", STRING),
    field("ports", Kind::List(&PORT)),
    field("post_start", Kind::List(&Kind::Object(&SERVICE_HOOK))),
    field("pre_stop", Kind::List(&Kind::Object(&SERVICE_HOOK))),
    field("privileged", BOOL),
    field("profiles", LIST_OF_STRINGS),
    field("provider", ANY),
    field("pull_policy", Kind::Scalar(Format::PullPolicy)),
    field("pull_refresh_after", STRING),
    field("read_only", BOOL),
    field("restart", STRING),
    field("runtime", STRING),
    field("scale", INTEGER),
    field("secrets", SERVICE_CONFIGS_OR_SECRETS),
    field("security_opt", LIST_OF_STRINGS),
    field("shm_size", BYTE_SIZE),
    field("stdin_open", BOOL),
    field("stop_grace_period", DURATION),
    field("stop_signal", STRING),
    field("storage_opt", ANY),
    field("sysctls", LIST_OR_DICT),
    field("tmpfs", STRING_OR_LIST),
    field("tty", BOOL),
    field("ulimits", Kind::Dict(&ULIMIT)),
    field("use_api_socket", STRICT_BOOL),
    field("user", STRING),
    field("userns_mode", STRING),
    field("uts", STRING),
    field("volumes", Kind::List(&SERVICE_VOLUME)),
    field("volumes_from", LIST_OF_STRINGS),
    field("working_dir", STRING),
]);

const BUILD: Kind = Kind::Shapes(&Shapes {
    scalar: Some(STRING),
    list: None,
    mapping: Some(Kind::Object(&object(&[
        field("context", STRING),
        field("dockerfile", STRING),
        field("dockerfile_inline", STRING),
        field("entitlements", LIST_OF_STRINGS),
        field("args", LIST_OR_DICT),
        field("ssh", LIST_OR_DICT),
        field("labels", LIST_OR_DICT),
        field("cache_from", LIST_OF_STRINGS),
        field("cache_to", LIST_OF_STRINGS),
        field("no_cache", BOOL),
        field("additional_contexts", LIST_OR_DICT),
        field("network", STRING),
        field("provenance", ANY),
        field("sbom", ANY),
        field("pull", BOOL),
        field("target", STRING),
        field("shm_size", BYTE_SIZE),
        field("extra_hosts", EXTRA_HOSTS),
        field("isolation", STRING),
        field("privileged", BOOL),
        field("secrets", SERVICE_CONFIGS_OR_SECRETS),
        field("tags", LIST_OF_STRINGS),
        field("ulimits", Kind::Dict(&ULIMIT)),
        field("platforms", LIST_OF_STRINGS),
    ]))),
    null: false,
});

const BLKIO_LIMIT: Kind = Kind::Object(&closed(&[field("path", STRING), field("rate", BYTE_SIZE)]));
static BLKIO_CONFIG: Object = closed(&[
    field("device_read_bps", Kind::List(&BLKIO_LIMIT)),
    field("device_read_iops", Kind::List(&BLKIO_LIMIT)),
    field("device_write_bps", Kind::List(&BLKIO_LIMIT)),
    field("device_write_iops", Kind::List(&BLKIO_LIMIT)),
    field("weight", INTEGER),
    field(
        "weight_device",
        Kind::List(&Kind::Object(&closed(&[field("path", STRING), field("weight", INTEGER)]))),
    ),
]);

const DEPENDS_ON: Kind = Kind::Shapes(&Shapes {
    scalar: None,
    list: Some(LIST_OF_STRINGS),
    mapping: Some(Kind::Dict(&Kind::Object(&object(&[
        field("restart", BOOL),
        field("required", STRICT_BOOL),
        field(
            "condition",
            Kind::Scalar(Format::Enum(&[
                "service_started",
                "service_healthy",
                "service_completed_successfully",
            ])),
        ),
    ])))),
    null: false,
});

const DEVICE: Kind = Kind::Shapes(&Shapes {
    scalar: Some(STRING),
    list: None,
    mapping: Some(Kind::Object(&object(&[
        field("source", STRING),
        field("target", STRING),
        field("permissions", STRING),
    ]))),
    null: false,
});

const ENV_FILE: Kind = Kind::Shapes(&Shapes {
    scalar: Some(STRING),
    list: Some(Kind::List(&Kind::Shapes(&Shapes {
        scalar: Some(STRING),
        list: None,
        mapping: Some(Kind::Object(&closed(&[
            field("path", STRING),
            field("format", STRING),
            field("required", BOOL),
        ]))),
        null: false,
    }))),
    mapping: None,
    null: false,
});

const EXTENDS: Kind = Kind::Shapes(&Shapes {
    scalar: Some(STRING),
    list: None,
    mapping: Some(Kind::Object(&closed(&[field("service", STRING), field("file", STRING)]))),
    null: false,
});

const EXTRA_HOSTS: Kind = Kind::Shapes(&Shapes {
    scalar: None,
    list: Some(LIST_OF_STRINGS),
    mapping: Some(Kind::Dict(&STRING_OR_LIST)),
    null: false,
});

const GPUS: Kind = Kind::Shapes(&Shapes {
    scalar: Some(Kind::Scalar(Format::Enum(&["all"]))),
    list: Some(Kind::List(&Kind::Any)),
    mapping: None,
    null: false,
});

pub static HEALTHCHECK: Object = object(&[
    field("disable", BOOL),
    field("interval", DURATION),
    field("retries", INTEGER),
    field("test", STRING_OR_LIST),
    field("timeout", DURATION),
    field("start_period", DURATION),
    field("start_interval", DURATION),
]);

static LOGGING: Object = object(&[
    field("driver", STRING),
    field(
        "options",
        Kind::Dict(&Kind::Shapes(&Shapes {
            scalar: Some(STRING_OR_NUMBER),
            list: None,
            mapping: None,
            null: true,
        })),
    ),
]);

const SERVICE_NETWORKS: Kind = Kind::Shapes(&Shapes {
    scalar: None,
    list: Some(LIST_OF_STRINGS),
    mapping: Some(Kind::Dict(&Kind::Object(&Object {
        fields: &[
            field("aliases", LIST_OF_STRINGS),
            field("interface_name", STRING),
            field("ipv4_address", STRING),
            field("ipv6_address", STRING),
            field("link_local_ips", LIST_OF_STRINGS),
            field("mac_address", STRING),
            field("driver_opts", OPTIONS),
            field("priority", NUMBER),
            field("gw_priority", NUMBER),
        ],
        extensions: true,
        null: true,
    }))),
    null: false,
});

const PORT: Kind = Kind::Shapes(&Shapes {
    scalar: Some(Kind::Scalar(Format::PortShort)),
    list: None,
    mapping: Some(Kind::Object(&PORT_LONG)),
    null: false,
});

pub static PORT_LONG: Object = object(&[
    field("name", STRING),
    field("mode", STRING),
    field("host_ip", STRING),
    field("target", PORT_NUMBER),
    field("published", PORT_NUMBER),
    field("protocol", STRING),
    field("app_protocol", STRING),
]);

static SERVICE_HOOK: Object = object(&[
    field("command", COMMAND),
    field("user", STRING),
    field("privileged", BOOL),
    field("working_dir", STRING),
    field("environment", LIST_OR_DICT),
]);

const SERVICE_CONFIGS_OR_SECRETS: Kind = Kind::List(&Kind::Shapes(&Shapes {
    scalar: Some(STRING),
    list: None,
    mapping: Some(Kind::Object(&object(&[
        field("source", STRING),
        field("target", STRING),
        field("uid", STRING),
        field("gid", STRING),
        field("mode", NUMBER),
    ]))),
    null: false,
}));

const ULIMIT: Kind = Kind::Shapes(&Shapes {
    scalar: Some(INTEGER),
    list: None,
    mapping: Some(Kind::Object(&object(&[field("hard", INTEGER), field("soft", INTEGER)]))),
    null: false,
});

const SERVICE_VOLUME: Kind = Kind::Shapes(&Shapes {
    scalar: Some(STRING),
    list: None,
    mapping: Some(Kind::Object(&object(&[
        field(
            "type",
            Kind::Scalar(Format::Enum(&["bind", "volume", "tmpfs", "cluster", "npipe", "image"])),
        ),
        field("source", STRING),
        field("target", STRING),
        field("read_only", BOOL),
        field("consistency", STRING),
        field(
            "bind",
            Kind::Object(&object(&[
                field("propagation", STRING),
                field("create_host_path", BOOL),
                field(
                    "recursive",
                    Kind::Scalar(Format::Enum(&["enabled", "disabled", "writable", "readonly"])),
                ),
                field("selinux", Kind::Scalar(Format::Enum(&["z", "Z"]))),
            ])),
        ),
        field(
            "volume",
            Kind::Object(&object(&[
                field("labels", LIST_OR_DICT),
                field("nocopy", BOOL),
                field("subpath", STRING),
            ])),
        ),
        field("tmpfs", Kind::Object(&object(&[field("size", BYTE_SIZE), field("mode", NUMBER)]))),
        field("image", Kind::Object(&object(&[field("subpath", STRING)]))),
    ]))),
    null: false,
});

const RESOURCE_LIMITS: Object =
    object(&[field("cpus", NUMBER), field("memory", BYTE_SIZE_STRING), field("pids", INTEGER)]);

const UPDATE_CONFIG: Object = object(&[
    field("parallelism", INTEGER),
    field("delay", DURATION),
    field("failure_action", STRING),
    field("monitor", DURATION),
    field("max_failure_ratio", NUMBER),
    field("order", Kind::Scalar(Format::Enum(&["start-first", "stop-first"]))),
]);

pub static DEPLOY: Object = Object {
    fields: &[
        field("mode", STRING),
        field("endpoint_mode", STRING),
        field("replicas", INTEGER),
        field("labels", LIST_OR_DICT),
        field("rollback_config", Kind::Object(&UPDATE_CONFIG)),
        field("update_config", Kind::Object(&UPDATE_CONFIG)),
        field(
            "resources",
            Kind::Object(&object(&[
                field("limits", Kind::Object(&RESOURCE_LIMITS)),
                field(
                    "reservations",
                    Kind::Object(&object(&[
                        field("cpus", NUMBER),
                        field("memory", BYTE_SIZE_STRING),
                        field("generic_resources", Kind::List(&Kind::Any)),
                        field("devices", Kind::List(&Kind::Any)),
                    ])),
                ),
            ])),
        ),
        field(
            "restart_policy",
            Kind::Object(&object(&[
                field("condition", STRING),
                field("delay", DURATION),
                field("max_attempts", INTEGER),
                field("window", DURATION),
            ])),
        ),
        field(
            "placement",
            Kind::Object(&object(&[
                field("constraints", LIST_OF_STRINGS),
                field(
                    "preferences",
                    Kind::List(&Kind::Object(&object(&[field("spread", STRING)]))),
                ),
                field("max_replicas_per_node", INTEGER),
            ])),
        ),
    ],
    extensions: true,
    null: true,
};

static DEVELOP: Object = Object {
    fields: &[field(
        "watch",
        Kind::List(&Kind::Object(&object(&[
            field("ignore", STRING_OR_LIST),
            field("include", STRING_OR_LIST),
            field("path", STRING),
            field(
                "action",
                Kind::Scalar(Format::Enum(&[
                    "rebuild",
                    "sync",
                    "restart",
                    "sync+restart",
                    "sync+exec",
                ])),
            ),
            field("target", STRING),
            field("exec", Kind::Object(&SERVICE_HOOK)),
            field("initial_sync", STRICT_BOOL),
        ]))),
    )],
    extensions: true,
    null: true,
};

static NETWORK: Object = Object {
    fields: &[
        field("name", STRING),
        field("driver", STRING),
        field("driver_opts", OPTIONS),
        field(
            "ipam",
            Kind::Object(&object(&[
                field("driver", STRING),
                field(
                    "config",
                    Kind::List(&Kind::Object(&object(&[
                        field("subnet", STRING),
                        field("ip_range", STRING),
                        field("gateway", STRING),
                        field("aux_addresses", Kind::Dict(&STRING)),
                    ]))),
                ),
                field("options", Kind::Dict(&STRING)),
            ])),
        ),
        field("external", EXTERNAL),
        field("internal", BOOL),
        field("enable_ipv4", BOOL),
        field("enable_ipv6", BOOL),
        field("attachable", BOOL),
        field("labels", LIST_OR_DICT),
    ],
    extensions: true,
    null: true,
};

static VOLUME: Object = Object {
    fields: &[
        field("name", STRING),
        field("driver", STRING),
        field("driver_opts", OPTIONS),
        field("external", EXTERNAL),
        field("labels", LIST_OR_DICT),
    ],
    extensions: true,
    null: true,
};

static SECRET: Object = object(&[
    field("name", STRING),
    field("environment", STRING),
    field("file", STRING),
    field("external", EXTERNAL),
    field("labels", LIST_OR_DICT),
    field("driver", STRING),
    field("driver_opts", OPTIONS),
    field("template_driver", STRING),
]);

static CONFIG: Object = object(&[
    field("name", STRING),
    field("content", STRING),
    field("environment", STRING),
    field("file", STRING),
    field("external", EXTERNAL),
    field("labels", LIST_OR_DICT),
    field("template_driver", STRING),
]);

static MODEL: Object = object(&[
    field("name", STRING),
    field("model", STRING),
    field("context_size", INTEGER),
    field("runtime_flags", LIST_OF_STRINGS),
]);
