//! Lookarounds at the edges of an anchored pattern, checked as separate automata.
//!
//! No automaton has lookarounds, but one evaluated at a fixed position needs none: in
//! `^(?!aws:)[\p{L}:]*$` every match starts at 0 (`^` without the `m` flag), so the lookahead
//! is only ever asked about position 0, which is the question `^(?:aws:)` answers on its own.
//! Likewise a lookbehind just before the end anchor, as in `^[a-z.]*(?<!\.)$`, is asked about
//! the end of the value only: `(?:\.)$`. The pattern matches exactly when the rest of it does
//! and each such guard gives the answer its lookaround wants; all of them run in time linear in
//! the value (a `regex::RegexSet`), where a backtracking engine may not.
//!
//! "At the edge" means: between the start of the pattern and the lookahead, only `^` and group
//! openings (between the lookbehind and the end, only group closings and `$`), and none of
//! those groups, nor the pattern itself, has an alternative or a quantifier, so the lookaround
//! is evaluated once per match, at that position. Anything else is left to backtracking.
//!
//! The input is ECMA-262 source for unicode mode ([`super::decide`]'s), whose syntax is strict:
//! `{` only opens a quantifier, and escapes and classes are read whole.

/// A pattern split into the part an automaton runs and the guards beside it, all ECMA-262
/// source for unicode mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub main: String,
    pub guards: Vec<Guard>,
}

/// One edge lookaround: `source` is its body anchored where it is evaluated (`^(?:body)` for a
/// lookahead, `(?:body)$` for a lookbehind); the pattern needs it to match when `must_match`
/// (a positive lookaround), not to match otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guard {
    pub source: String,
    pub must_match: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A group opening: a lookahead, a lookbehind (each with whether it is negative), or a
    /// plain (capturing, non-capturing or named) group.
    Ahead(bool),
    Behind(bool),
    Plain,
    Close,
    Alternative,
    Quantifier,
    Start,
    End,
    /// Anything that matches characters: a literal, an escape, a class, `.`.
    Atom,
}

/// The pattern's edge lookarounds taken out, or `None` when it has none that can be.
pub fn split(source: &str) -> Option<Split> {
    let tokens = tokenize(source)?;
    let groups = Groups::of(&tokens)?;
    if groups.top_alternative {
        return None;
    }
    let plain = |open: usize| {
        tokens[open].0 == Token::Plain && !groups.alternative[open] && !groups.quantified(&tokens, open)
    };
    let mut removed: Vec<(usize, usize)> = Vec::new();
    let mut guards = Vec::new();
    let text = |from: usize, to: usize| &source[from..to];

    // From the start: `^`, plain group openings, lookaheads.
    let (mut i, mut anchored) = (0, false);
    while i < tokens.len() {
        match tokens[i].0 {
            Token::Start => anchored = true,
            Token::Plain if plain(i) => {}
            Token::Ahead(negative) if anchored && !groups.quantified(&tokens, i) => {
                let close = groups.close[i];
                let body = text(tokens[i].2, tokens[close].1);
                guards.push(Guard { source: format!("^(?:{body})"), must_match: !negative });
                removed.push((tokens[i].1, tokens[close].2));
                i = close;
            }
            _ => break,
        }
        i += 1;
    }
    // From the end: `$`, plain group closings, lookbehinds.
    let (mut j, mut anchored) = (tokens.len(), false);
    while j > i {
        let at = j - 1;
        match tokens[at].0 {
            Token::End => anchored = true,
            Token::Close => {
                let open = groups.open[at];
                match tokens[open].0 {
                    Token::Plain if !groups.alternative[open] => {}
                    Token::Behind(negative) if anchored && open >= i => {
                        let body = text(tokens[open].2, tokens[at].1);
                        guards.push(Guard { source: format!("(?:{body})$"), must_match: !negative });
                        removed.push((tokens[open].1, tokens[at].2));
                        j = open;
                        continue;
                    }
                    _ => break,
                }
            }
            _ => break,
        }
        j = at;
    }
    if guards.is_empty() {
        return None;
    }
    removed.sort_unstable();
    let mut main = String::with_capacity(source.len());
    let mut from = 0;
    for (start, end) in removed {
        main.push_str(&source[from..start]);
        from = end;
    }
    main.push_str(&source[from..]);
    Some(Split { main, guards })
}

/// Tokens with their byte span in the source and where the group's body starts (openings):
/// `(token, start, body_start_or_end)`.
fn tokenize(source: &str) -> Option<Vec<(Token, usize, usize)>> {
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let offset = |k: usize| chars.get(k).map_or(source.len(), |&(o, _)| o);
    let mut tokens = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let start = k;
        let token = match chars[k].1 {
            '\\' => {
                k += 1;
                // `\p{..}`, `\P{..}` and `\u{..}` run to their brace; other escapes are one
                // character after the backslash, or letters and digits that cannot be misread.
                if matches!(at(k), Some('p' | 'P' | 'u')) && at(k + 1) == Some('{') {
                    while at(k)? != '}' {
                        k += 1;
                    }
                }
                Token::Atom
            }
            '[' => {
                k += 1;
                while at(k)? != ']' {
                    if at(k)? == '\\' {
                        k += 1;
                    }
                    k += 1;
                }
                Token::Atom
            }
            '(' if at(k + 1) == Some('?') => match (at(k + 2)?, at(k + 3)) {
                (':', _) => {
                    k += 2;
                    Token::Plain
                }
                ('=' | '!', _) => {
                    k += 2;
                    Token::Ahead(at(k)? == '!')
                }
                ('<', Some(c @ ('=' | '!'))) => {
                    k += 3;
                    Token::Behind(c == '!')
                }
                ('<', _) => {
                    while at(k)? != '>' {
                        k += 1;
                    }
                    Token::Plain
                }
                // Modifier groups and anything else: not read here.
                _ => return None,
            },
            '(' => Token::Plain,
            ')' => Token::Close,
            '|' => Token::Alternative,
            '*' | '+' | '?' => {
                if at(k + 1) == Some('?') {
                    k += 1;
                }
                Token::Quantifier
            }
            '{' => {
                while at(k)? != '}' {
                    k += 1;
                }
                if at(k + 1) == Some('?') {
                    k += 1;
                }
                Token::Quantifier
            }
            '^' => Token::Start,
            '$' => Token::End,
            _ => Token::Atom,
        };
        k += 1;
        let end = offset(k);
        // Openings record where their body starts; everything else where it ends.
        tokens.push((token, offset(start), end));
    }
    Some(tokens)
}

/// Each group's opening and closing token, and whether an alternative sits directly in it.
struct Groups {
    close: Vec<usize>,
    open: Vec<usize>,
    alternative: Vec<bool>,
    top_alternative: bool,
}

impl Groups {
    fn of(tokens: &[(Token, usize, usize)]) -> Option<Groups> {
        let n = tokens.len();
        let mut groups = Groups {
            close: vec![usize::MAX; n],
            open: vec![usize::MAX; n],
            alternative: vec![false; n],
            top_alternative: false,
        };
        let mut stack: Vec<usize> = Vec::new();
        for (index, (token, _, _)) in tokens.iter().enumerate() {
            match token {
                Token::Ahead(_) | Token::Behind(_) | Token::Plain => stack.push(index),
                Token::Close => {
                    let open = stack.pop()?;
                    groups.close[open] = index;
                    groups.open[index] = open;
                }
                Token::Alternative => match stack.last() {
                    Some(&open) => groups.alternative[open] = true,
                    None => groups.top_alternative = true,
                },
                _ => {}
            }
        }
        stack.is_empty().then_some(groups)
    }

    /// True when a quantifier follows the group that opens at `open`.
    fn quantified(&self, tokens: &[(Token, usize, usize)], open: usize) -> bool {
        tokens.get(self.close[open] + 1).is_some_and(|t| t.0 == Token::Quantifier)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guards(source: &str) -> Option<(String, Vec<(String, bool)>)> {
        split(source).map(|s| (s.main, s.guards.into_iter().map(|g| (g.source, g.must_match)).collect()))
    }

    #[test]
    fn lookarounds_at_the_edges_become_guards() {
        assert_eq!(
            guards(r"^(^(?!aws:).[\p{L}\p{Z}\p{N}_.:/=+\-@]*)$"),
            Some((r"^(^.[\p{L}\p{Z}\p{N}_.:/=+\-@]*)$".into(), vec![("^(?:aws:)".into(), false)]))
        );
        assert_eq!(
            guards(r"^[0-9a-z\.\-]*(?<!\.)$"),
            Some((r"^[0-9a-z\.\-]*$".into(), vec![(r"(?:\.)$".into(), false)]))
        );
        assert_eq!(
            guards(r"^(?=.*[a-z])(?!x)(?<n>[a-z]+)(?<=[a-z]{2})$"),
            Some((
                r"^(?<n>[a-z]+)$".into(),
                vec![("^(?:.*[a-z])".into(), true), ("^(?:x)".into(), false), ("(?:[a-z]{2})$".into(), true)]
            ))
        );
    }

    #[test]
    fn lookarounds_evaluated_anywhere_else_stay() {
        for source in [
            // Not anchored: the lookahead is asked at every position a search tries.
            r"(?!aws:)[a-z]+",
            r"[a-z]+(?<!\.)",
            // Inside an alternative, a repetition or after something that consumes.
            r"^(?!a)b|c$",
            r"^(?:(?!a)b|c)$",
            r"^((?!a).)*$",
            r"^a(?!b)",
            r"^(?:a(?<!b))+$",
            r"^\(?!a\)",
            r"^[(?!a)]",
            // An escaped anchor is a literal.
            r"\^(?!a)",
            r"a(?<!b)\$",
        ] {
            assert_eq!(guards(source), None, "{source}");
        }
    }
}
