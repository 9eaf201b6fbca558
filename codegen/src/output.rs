//! Stage 6, write or check: put the generated files on disk, or (with `check`) compare them
//! with what is there and report every difference without touching anything.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One file of the output, its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// What `write` changed, or what `check` found different.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    pub changed: Vec<PathBuf>,
    pub missing: Vec<PathBuf>,
    pub stray: Vec<PathBuf>,
    /// What the write changed in the crate's public API ([`crate::api`]); filled by callers
    /// that compare the listings.
    pub api: Vec<crate::api::RustChange>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.stray.is_empty()
    }

    pub fn describe(&self, root: &Path) -> String {
        let mut lines = Vec::new();
        let show = |p: &PathBuf| root.join(p).display().to_string();
        lines.extend(self.changed.iter().map(|p| format!("  differs: {}", show(p))));
        lines.extend(self.missing.iter().map(|p| format!("  missing: {}", show(p))));
        lines.extend(self.stray.iter().map(|p| format!("  stray (not generated): {}", show(p))));
        lines.join("\n")
    }
}

/// Compares `files` with the contents of `root`. Files under `root` that are not in `files`
/// are stray, except those under an ignored folder name (such as `target`).
pub fn diff(root: &Path, files: &[GeneratedFile], ignored_dirs: &[&str]) -> Result<Changes> {
    let mut changes = Changes::default();
    for file in files {
        match std::fs::read(root.join(&file.path)) {
            Ok(existing) if existing == file.contents.as_bytes() => {}
            Ok(_) => changes.changed.push(file.path.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => changes.missing.push(file.path.clone()),
            Err(e) => return Err(Error::new(format!("cannot read: {e}")).in_file(root.join(&file.path))),
        }
    }
    let expected: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for path in list_files(root, ignored_dirs)? {
        if !expected.contains(path.as_path()) {
            changes.stray.push(path);
        }
    }
    Ok(changes)
}

/// Writes what differs, deletes stray files, and returns what it changed.
pub fn write(root: &Path, files: &[GeneratedFile], ignored_dirs: &[&str]) -> Result<Changes> {
    let changes = diff(root, files, ignored_dirs)?;
    let io = |path: &Path, e: std::io::Error| Error::new(format!("cannot write: {e}")).in_file(path);
    for file in files {
        let path = root.join(&file.path);
        if changes.changed.contains(&file.path) || changes.missing.contains(&file.path) {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            std::fs::write(&path, &file.contents).map_err(|e| io(&path, e))?;
        }
    }
    for stray in &changes.stray {
        let path = root.join(stray);
        std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
    }
    remove_empty_dirs(root);
    Ok(changes)
}

/// Every file under `root`, relative to it, sorted; a missing root has no files.
fn list_files(root: &Path, ignored_dirs: &[&str]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let dir = root.join(&relative);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::new(format!("cannot list: {e}")).in_file(dir)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::new(format!("cannot list: {e}")).in_file(&dir))?;
            let name = entry.file_name();
            let path = relative.join(&name);
            let kind = entry.file_type().map_err(|e| Error::new(e.to_string()).in_file(entry.path()))?;
            if kind.is_dir() {
                if !ignored_dirs.iter().any(|d| name == *d) {
                    stack.push(path);
                }
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn remove_empty_dirs(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                remove_empty_dirs(&entry.path());
                // Fails (and is meant to) when the folder still has files.
                let _ = std::fs::remove_dir(entry.path());
            }
        }
    }
}
