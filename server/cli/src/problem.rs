//! Messages about the run itself (a file that cannot be read, a broken
//! configuration), as opposed to findings in the checked files. They go to
//! stderr; errors make the exit status 2.

/// How bad a problem is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Level {
    /// Something could not be checked: the exit status becomes 2.
    Error,
    /// Worth knowing, changes nothing (a named file that was skipped).
    Warning,
}

/// One message about the run.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Problem {
    pub level: Level,
    /// The message, starting with the path it is about when there is one
    /// (`path:line:col: ...` for a place in a configuration file).
    pub message: String,
}

impl Problem {
    pub fn error(message: impl Into<String>) -> Problem {
        Problem { level: Level::Error, message: message.into() }
    }

    pub fn warning(message: impl Into<String>) -> Problem {
        Problem { level: Level::Warning, message: message.into() }
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}
