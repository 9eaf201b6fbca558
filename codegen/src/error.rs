//! The one error type of the pipeline: every failure names where it happened.

use std::fmt;
use std::path::PathBuf;

/// A generation failure: which file, which shape (when known), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub file: Option<PathBuf>,
    pub shape: Option<String>,
    pub message: String,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error { file: None, shape: None, message: message.into() }
    }

    pub fn shape(shape: impl fmt::Display, message: impl Into<String>) -> Self {
        Error { file: None, shape: Some(shape.to_string()), message: message.into() }
    }

    /// Attaches the file the error came from, unless one is already known.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        if self.file.is_none() {
            self.file = Some(file.into());
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        if let Some(shape) = &self.shape {
            write!(f, "shape `{shape}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
