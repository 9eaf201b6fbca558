//! `@documentation` HTML (the AWS models' dialect) to the Markdown rustdoc reads.
//!
//! Paragraphs, lists, links, code and emphasis are kept; other tags are dropped; entities are
//! decoded. Nothing can become a doctest: preformatted text is fenced as `text` and no line
//! starts with four spaces.

use proc_macro2::TokenStream;
use quote::quote;

pub fn to_markdown(html: &str) -> String {
    let mut out = Converter::default();
    let mut rest = html;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => match rest.find('>') {
                Some(end) => {
                    out.tag(&rest[1..end]);
                    rest = &rest[end + 1..];
                }
                None => {
                    out.text(rest);
                    rest = "";
                }
            },
            Some(start) => {
                out.text(&rest[..start]);
                rest = &rest[start..];
            }
            None => {
                out.text(rest);
                rest = "";
            }
        }
    }
    tidy(&out.buf)
}

/// `#[doc = "..."]` attributes, one per line, for the given documentation HTML.
pub fn doc_attrs(html: Option<&str>) -> TokenStream {
    attrs(html, false)
}

/// `#![doc = "..."]` attributes: a module's documentation of itself.
pub fn inner_doc_attrs(html: Option<&str>) -> TokenStream {
    attrs(html, true)
}

fn attrs(html: Option<&str>, inner: bool) -> TokenStream {
    let Some(html) = html else { return TokenStream::new() };
    let markdown = to_markdown(html);
    if markdown.is_empty() {
        return TokenStream::new();
    }
    markdown
        .lines()
        .map(|line| {
            let line = if line.is_empty() { String::new() } else { format!(" {line}") };
            if inner {
                quote!(#![doc = #line])
            } else {
                quote!(#[doc = #line])
            }
        })
        .collect()
}

#[derive(Default)]
struct Converter {
    buf: String,
    lists: Vec<bool>,
    pre: usize,
    code: usize,
    links: Vec<Option<String>>,
}

impl Converter {
    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        if self.pre > 0 {
            self.buf.push_str(&decoded);
            return;
        }
        for c in decoded.chars() {
            if c.is_whitespace() {
                if !self.buf.ends_with([' ', '\n']) && !self.buf.is_empty() {
                    self.buf.push(' ');
                }
                continue;
            }
            if self.code == 0 && matches!(c, '[' | ']' | '<' | '>' | '\\' | '`') {
                self.buf.push('\\');
            }
            self.buf.push(c);
        }
    }

    fn block(&mut self) {
        if self.buf.ends_with("- ") {
            return; // a paragraph opening a list item stays on the marker's line
        }
        while self.buf.ends_with(' ') {
            self.buf.pop();
        }
        if !self.buf.is_empty() {
            self.buf.push_str("\n\n");
        }
    }

    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/').trim_end_matches('/');
        let name = body.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("p" | "div" | "note" | "important" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4", _) => {
                self.block()
            }
            ("br", _) => self.buf.push('\n'),
            ("ul" | "ol", false) => {
                self.block();
                self.lists.push(name == "ol");
            }
            ("ul" | "ol", true) => {
                self.lists.pop();
                self.block();
            }
            ("li", false) => {
                while self.buf.ends_with(' ') {
                    self.buf.pop();
                }
                if !self.buf.is_empty() && !self.buf.ends_with('\n') {
                    self.buf.push('\n');
                }
                let depth = self.lists.len().clamp(1, 2) - 1;
                self.buf.push_str(&"  ".repeat(depth));
                self.buf.push_str("- ");
            }
            ("code" | "tt", false) if self.pre == 0 => {
                self.code += 1;
                self.buf.push('`');
            }
            ("code" | "tt", true) if self.pre == 0 => {
                self.code = self.code.saturating_sub(1);
                while self.buf.ends_with(' ') {
                    self.buf.pop();
                }
                self.buf.push('`');
                if self.buf.ends_with("``") {
                    // Empty code span: drop it rather than emit a stray fence.
                    self.buf.truncate(self.buf.len() - 2);
                }
            }
            ("pre", false) => {
                self.block();
                self.buf.push_str("```text\n");
                self.pre += 1;
            }
            ("pre", true) => {
                self.pre = self.pre.saturating_sub(1);
                if !self.buf.ends_with('\n') {
                    self.buf.push('\n');
                }
                self.buf.push_str("```\n\n");
            }
            ("b" | "strong", _) if self.pre == 0 => self.buf.push_str("**"),
            ("i" | "em", _) if self.pre == 0 => self.buf.push('*'),
            ("a", false) => {
                let href = attribute(body, "href");
                if href.is_some() {
                    self.buf.push('[');
                }
                self.links.push(href);
            }
            ("a", true) => {
                if let Some(Some(href)) = self.links.pop() {
                    self.buf.push_str(&format!("]({href})"));
                }
            }
            _ => {}
        }
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let quote = rest.chars().next()?;
    let value = if quote == '"' || quote == '\'' {
        let inner = &rest[1..];
        &inner[..inner.find(quote)?]
    } else {
        rest.split_whitespace().next()?
    };
    let value = decode_entities(value).replace(' ', "%20").replace(['(', ')'], "");
    (!value.is_empty()).then_some(value)
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Trims line ends, limits blank runs to one, and keeps indentation below code-block depth.
fn tidy(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let is_fence = line.starts_with("```");
        let line = if in_fence || is_fence {
            line.trim_end().to_owned()
        } else {
            let indent = line.len() - line.trim_start().len();
            format!("{}{}", " ".repeat(indent.min(2)), line.trim())
        };
        if is_fence {
            in_fence = !in_fence;
        }
        if line.is_empty() && !in_fence && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_common_tags() {
        let md = to_markdown(
            "<p>Starts the <code>Task</code> for <a href=\"https://x.test/a\">the app</a>.</p>\
             <ul><li><p><b>A</b> &amp; B</p></li><li>C [x]</li></ul><p>End &lt;3</p>",
        );
        assert_eq!(
            md,
            "Starts the `Task` for [the app](https://x.test/a).\n\n- **A** & B\n\n- C \\[x\\]\n\nEnd \\<3"
        );
    }

    #[test]
    fn preformatted_text_is_fenced_as_text() {
        let md = to_markdown("<p>Example:</p><pre>    indented\n  code</pre>");
        assert_eq!(md, "Example:\n\n```text\n    indented\n  code\n```");
    }

    #[test]
    fn no_line_becomes_an_indented_code_block() {
        let md = to_markdown("a\n        b <ul><li><ul><li><ul><li>deep</li></ul></li></ul></li></ul>");
        assert!(md.lines().all(|l| !l.starts_with("    ")), "{md}");
    }
}
