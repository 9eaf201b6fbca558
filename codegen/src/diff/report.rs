//! The diff written out: text for people, JSON for tools.

use std::fmt::Write;

use serde_json::{json, Value};

use super::{Report, Severity};

/// What the text report shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Show documentation-only changes too (always in the JSON).
    pub documentation: bool,
}

const SEVERITIES: [Severity; 4] = [Severity::Error, Severity::Danger, Severity::Warning, Severity::Note];

/// One block per severity, worst first; under each event, what it does to the generated Rust
/// API; then the Rust changes no event accounts for, and a summary line.
pub fn text(report: &Report, old_name: &str, new_name: &str, options: TextOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "diff {old_name} -> {new_name}");
    if let Some(service) = &report.service {
        let _ = writeln!(out, "service {service}");
    }
    // Several events may name one member; its Rust changes are shown under the first.
    let mut shown_rust = std::collections::BTreeSet::new();
    let hidden = report.events.iter().filter(|e| e.is_documentation() && !options.documentation).count();
    for severity in SEVERITIES {
        let shown: Vec<_> = report
            .events
            .iter()
            .filter(|e| e.severity == severity && (options.documentation || !e.is_documentation()))
            .collect();
        if shown.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} ({})", severity.name(), shown.len());
        for event in shown {
            let _ = writeln!(out, "  {:<26} {}: {}", event.id, event.shape, event.message);
            if !shown_rust.insert(event.shape.as_str()) {
                continue;
            }
            for change in report.rust_changes_of(&event.shape) {
                let _ = writeln!(out, "  {:<26}   rust: {}", "", rust_line(change));
            }
        }
    }
    let event_shapes: std::collections::BTreeSet<&str> =
        report.events.iter().map(|e| e.shape.as_str()).collect();
    let unexplained: Vec<_> =
        report.rust.iter().filter(|c| !event_shapes.contains(c.origin.as_str())).collect();
    if !unexplained.is_empty() {
        let _ =
            writeln!(out, "\nRUST API changes that follow from the changes above ({})", unexplained.len());
        for change in unexplained {
            let _ = writeln!(out, "  {} (from {})", rust_line(change), change.origin);
        }
    }
    let count = |s: Severity| {
        report
            .events
            .iter()
            .filter(|e| e.severity == s && (options.documentation || !e.is_documentation()))
            .count()
    };
    let breaking = report.rust.iter().filter(|c| c.breaking).count();
    let _ = writeln!(
        out,
        "\nsummary: {} ERROR, {} DANGER, {} WARNING, {} NOTE{}; Rust API: {} breaking, {} added",
        count(Severity::Error),
        count(Severity::Danger),
        count(Severity::Warning),
        count(Severity::Note),
        if hidden > 0 {
            format!(" (and {hidden} documentation NOTEs, which --docs shows)")
        } else {
            String::new()
        },
        breaking,
        report.rust.len() - breaking
    );
    out
}

fn rust_line(change: &crate::api::RustChange) -> String {
    if change.breaking {
        format!("BREAKS `{}`: {}", change.path, change.message)
    } else {
        format!("adds `{}`: {}", change.path, change.message)
    }
}

/// Every event (documentation included) and every Rust change, as one JSON document.
pub fn json(report: &Report, old_name: &str, new_name: &str) -> Value {
    let rust = |c: &crate::api::RustChange| json!({ "path": c.path, "breaking": c.breaking, "message": c.message, "origin": c.origin });
    let events: Vec<Value> = report
        .events
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "severity": e.severity.name(),
                "shape": e.shape,
                "message": e.message,
                "rust": report.rust_changes_of(&e.shape).map(rust).collect::<Vec<_>>(),
            })
        })
        .collect();
    let count = |s: Severity| report.events.iter().filter(|e| e.severity == s).count();
    json!({
        "old": old_name,
        "new": new_name,
        "service": report.service.as_ref().map(|s| s.to_string()),
        "events": events,
        "rust": report.rust.iter().map(rust).collect::<Vec<_>>(),
        "summary": {
            "ERROR": count(Severity::Error),
            "DANGER": count(Severity::Danger),
            "WARNING": count(Severity::Warning),
            "NOTE": count(Severity::Note),
            "rust_breaking": report.rust.iter().filter(|c| c.breaking).count(),
        },
    })
}
