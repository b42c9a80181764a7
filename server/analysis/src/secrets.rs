//! Which names and values are credentials, for both languages: CP019 reads
//! Compose environments with it, DF032 and DF033 will read ARG and ENV.
//!
//! RULES.md ("Secret names" and "Precision notes › Secrets") is the
//! specification. A name is split into word tokens (on `_`, `-`, `.` and
//! case changes); its last token, or its last two, must name a credential,
//! because an application prefix on all its settings (`SECRET_LANGUAGE`)
//! does not make a secret. A value is a secret only when it could be one:
//! not a path, boolean, number, duration, empty string or placeholder.

/// Whether an environment or build-argument name holds a credential.
pub fn is_secret_name(name: &str) -> bool {
    let tokens = tokens(name);
    let Some(last) = tokens.last().map(String::as_str) else { return false };
    let exempt =
        ["public", "version", "file", "path", "url", "uri", "id", "length", "expiry", "ttl"];
    if tokens.iter().any(|token| exempt.contains(&token.as_str()) && token != "id")
        || exempt.contains(&last)
    {
        return false;
    }
    let secret_words = [
        "password",
        "passwd",
        "pwd",
        "pw",
        "pass",
        "passphrase",
        "secret",
        "token",
        "apikey",
        "auth",
        "credential",
        "credentials",
    ];
    if secret_words.contains(&last) {
        return true;
    }
    let pair = match tokens.len() {
        0 | 1 => None,
        len => Some((tokens[len - 2].as_str(), last)),
    };
    matches!(
        pair,
        Some((
            "api" | "private" | "access" | "secret" | "app" | "master" | "encryption" | "signing",
            "key"
        ))
    )
}

/// Whether a literal value could be a credential: not empty, a path, a
/// boolean, a number, a duration or an obvious placeholder.
pub fn could_be_secret_value(value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    let is_path =
        value.starts_with(['/', '~']) || value.starts_with("./") || value.starts_with("../");
    let is_key_file =
        [".pem", ".key", ".crt", ".p12", ".txt", ".json"].iter().any(|ext| lower.ends_with(ext))
            && !value.contains(' ');
    let is_bool = matches!(lower.as_str(), "true" | "false" | "yes" | "no" | "on" | "off");
    let is_number = value.parse::<f64>().is_ok();
    let is_duration = crate::compose::values::is_duration(value) && value.len() <= 8;
    let is_placeholder = (value.starts_with('<') && value.ends_with('>'))
        || lower.starts_with("your_")
        || lower.starts_with("your-")
        || lower.starts_with("your ")
        || (value.len() >= 3 && value.chars().all(|c| c == value.chars().next().unwrap_or('x')))
        || matches!(
            lower.as_str(),
            "xxx" | "placeholder" | "replace_me" | "replace-me" | "none" | "null" | "-"
        );
    !(is_path || is_key_file || is_bool || is_number || is_duration || is_placeholder)
}

/// The lower-case word tokens of a name: `dbPassword_FILE` is `db`,
/// `password`, `file`.
pub fn tokens(name: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for character in name.chars() {
        if matches!(character, '_' | '-' | '.' | ' ') {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            previous = None;
            continue;
        }
        let case_change = previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
            && character.is_ascii_uppercase();
        if case_change && !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
        }
        current.push(character.to_ascii_lowercase());
        previous = Some(character);
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for name in [
            "DB_PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "POSTGRES_PASSWORD",
            "GITHUB_TOKEN",
            "JWT_SECRET",
            "API_KEY",
            "apiKey",
            "STRIPE_APIKEY",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_ACCESS_KEY",
            "PRIVATE_KEY",
            "SECRET_KEY",
            "APP_KEY",
            "REDIS_PASS",
            "DB_PW",
            "dbPassword",
            "BASIC_AUTH",
            "GOOGLE_CREDENTIALS",
            "NEXTAUTH_SECRET",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn names_that_are_not_secrets() {
        for name in [
            "DATABASE_PASSWORD_FILE",
            "PASSWORD_PATH",
            "PUBLIC_KEY",
            "JWT_PUBLIC_KEY",
            "TOKEN_VERSION",
            "AUTH_URL",
            "CLIENT_ID",
            "AWS_ACCESS_KEY_ID",
            "PASSWORD_LENGTH",
            "TOKEN_EXPIRY",
            "TOKEN_TTL",
            "SECRET_LANGUAGE",
            "POSTGRES_HOST_AUTH_METHOD",
            "PASSWORD_HASH_ROUNDS",
            "KEY",
            "MONKEY",
            "PASSENGER",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn values_that_cannot_be_secrets() {
        for value in [
            "",
            "/run/secrets/db",
            "./certs/key.pem",
            "server.key",
            "true",
            "no",
            "5432",
            "1.5",
            "30s",
            "<your-token>",
            "YOUR_API_TOKEN",
            "xxx",
            "********",
        ] {
            assert!(!could_be_secret_value(value), "{value:?}");
        }
        for value in [
            "hunter2",
            "s3cr3t!",
            "changeme",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "example",
        ] {
            assert!(could_be_secret_value(value), "{value:?}");
        }
    }
}
