//! Credentials and region from the environment and the shared `~/.aws` files, found the way the
//! AWS SDKs find them, for static keys only. A profile that gets its credentials some other way
//! (a role, SSO, a process) is an error saying so rather than a silent miss, since the SDKs would
//! use that source instead of any static keys beside it.

use aws_credential_types::Credentials;
use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// A parsed shared file: section -> key -> value.
type Sections = BTreeMap<String, BTreeMap<String, String>>;

/// The only whitespace of the shared files, as in the SDKs' parsers (`trim()` would take more).
const WHITESPACE: &[char] = &[' ', '\t'];
const COMMENT: &[char] = &['#', ';'];

const ACCESS_KEY_ID: &str = "aws_access_key_id";
const SECRET_ACCESS_KEY: &str = "aws_secret_access_key";
const SESSION_TOKEN: &str = "aws_session_token";

/// Profile keys that make the SDKs take credentials from a source other than the static keys, in
/// the order the SDKs look at them, with what each one is.
const OTHER_SOURCES: &[(&str, &str)] = &[
    ("web_identity_token_file", "a web identity token"),
    ("role_arn", "an IAM role to assume"),
    ("credential_source", "a named credential source"),
    ("sso_session", "IAM Identity Center (SSO)"),
    ("sso_start_url", "IAM Identity Center (SSO)"),
    ("sso_account_id", "IAM Identity Center (SSO)"),
    ("sso_role_name", "IAM Identity Center (SSO)"),
    ("sso_region", "IAM Identity Center (SSO)"),
    ("login_session", "an AWS Sign-In console session"),
    ("credential_process", "an external process"),
];

/// Where the shared files and variables are read from; tests pass their own.
#[derive(Clone, Default)]
pub struct Environment {
    /// Environment variables by name.
    pub vars: BTreeMap<String, String>,
    /// The home directory, for `~/.aws/...` and a leading `~` in the file variables.
    pub home: Option<PathBuf>,
}

impl Environment {
    /// The process's environment variables and home directory (HOME, or USERPROFILE on Windows).
    /// Variables whose name or value is not UTF-8 are left out.
    pub fn from_process() -> Environment {
        // `vars_os`: `std::env::vars` panics on a variable that is not UTF-8.
        let vars = std::env::vars_os()
            .filter_map(|(name, value)| Some((name.into_string().ok()?, value.into_string().ok()?)))
            .collect();
        let dir = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let home = dir("HOME").or_else(|| if cfg!(windows) { dir("USERPROFILE") } else { None });
        Environment { vars, home }
    }

    /// A variable; empty counts as unset, as in the SDKs.
    fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }

    fn profile_name(&self) -> &str {
        self.var("AWS_PROFILE").unwrap_or("default")
    }

    /// The file `variable` names, else `~/.aws/<default_name>`; `None` without a home to put it in.
    fn shared_file(&self, variable: &str, default_name: &str) -> Option<PathBuf> {
        let Some(path) = self.var(variable) else {
            return Some(self.home.as_ref()?.join(".aws").join(default_name));
        };
        let after_tilde = if path == "~" {
            Some("")
        } else if cfg!(windows) {
            path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\"))
        } else {
            path.strip_prefix("~/")
        };
        match after_tilde {
            Some(rest) => Some(self.home.as_ref()?.join(rest)),
            None => Some(PathBuf::from(path)),
        }
    }
}

/// Credentials as the SDKs find them, in this order: the environment variables
/// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` (both of the first two
/// needed); then the profile named by `AWS_PROFILE` (default `default`) in the shared credentials
/// file (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`, sections `[NAME]`) and the
/// shared config file (`AWS_CONFIG_FILE`, default `~/.aws/config`, sections `[profile NAME]`, and
/// `[default]`), the credentials file's keys winning; keys `aws_access_key_id`,
/// `aws_secret_access_key`, `aws_session_token`. Empty values count as unset.
///
/// `Ok(None)` when no source has credentials. `Err` naming the file, profile and key when the
/// profile has only part of the static keys, uses a source this does not cover (`role_arn`,
/// `credential_process`, SSO, ...), is named by `AWS_PROFILE` but defined nowhere, or when a
/// shared file exists but cannot be read.
pub fn from_environment(env: &Environment) -> Result<Option<Credentials>, String> {
    if let (Some(id), Some(secret)) = (env.var("AWS_ACCESS_KEY_ID"), env.var("AWS_SECRET_ACCESS_KEY")) {
        let token = env.var("AWS_SESSION_TOKEN").map(str::to_owned);
        return Ok(Some(Credentials::new(id, secret, token, None, "environment")));
    }
    let files = shared_files(env);
    if let Some(Err(e)) = files.iter().map(|f| &f.sections).find(|s| s.is_err()) {
        return Err(e.clone());
    }
    let name = env.profile_name();
    match merged_profile(&files, name) {
        Some(profile) => static_credentials(&profile),
        // A missing `default` just means no profile; a missing profile asked for is a mistake
        // (the SDKs fail on it too).
        None if name != "default" => Err(missing_profile(&files, name)),
        None => Ok(None),
    }
}

/// The region as the SDKs find it: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `region` of the
/// profile (`AWS_PROFILE` or `default`) in the shared config file, or in the shared credentials
/// file, which wins when both have it, as in the SDKs. Unreadable files are skipped.
pub fn region_from_environment(env: &Environment) -> Option<String> {
    if let Some(region) = env.var("AWS_REGION").or_else(|| env.var("AWS_DEFAULT_REGION")) {
        return Some(region.to_owned());
    }
    let files = shared_files(env);
    let profile = merged_profile(&files, env.profile_name())?;
    profile.get("region").map(|(region, _)| region.to_owned())
}

/// A parsed INI-style AWS shared file: section name (as written between the brackets, trimmed,
/// e.g. `default` or `profile dev`) -> key -> value. Comments start with `#` or `;` at the start
/// of a line (indented or not), anywhere in a section line, and after whitespace in a key line
/// (so `#` and `;` inside values are kept). Keys and values are trimmed; keys are lowercased, as
/// the SDKs read them.
/// A later key or section of the same name adds to or replaces the earlier one's. An indented line
/// continues the previous key's value (joined with `\n`), unless that value was empty: then it is
/// a nested sub-property (as s3 settings use) and is ignored. Lines outside a section, lines
/// without `=`, keys that are empty and malformed section lines (with the keys under them) are
/// ignored: this never fails and never panics.
pub fn parse_ini(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sections = Sections::new();
    let mut section: Option<String> = None;
    // The key an indented line extends; `None` where there is none or it opens sub-properties.
    let mut last_key: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_matches(WHITESPACE);
        if trimmed.is_empty() || trimmed.starts_with(COMMENT) {
            continue;
        }
        if line.starts_with(WHITESPACE) {
            let value =
                section.as_ref().zip(last_key.as_ref()).and_then(|(s, k)| sections.get_mut(s)?.get_mut(k));
            if let Some(value) = value {
                value.push('\n');
                value.push_str(trimmed);
            }
            continue;
        }
        last_key = None;
        if line.starts_with('[') {
            // Keys under a malformed header belong to no section, not to the one before it.
            section = strip_comment(trimmed, false)
                .strip_prefix('[')
                .and_then(|s| s.strip_suffix(']'))
                .map(|name| name.trim_matches(WHITESPACE).to_owned());
            if let Some(name) = &section {
                sections.entry(name.clone()).or_default();
            }
            continue;
        }
        let Some(keys) = section.as_ref().and_then(|s| sections.get_mut(s)) else {
            continue;
        };
        let Some((key, value)) = strip_comment(trimmed, true).split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim_matches(WHITESPACE), value.trim_matches(WHITESPACE));
        if key.is_empty() {
            continue;
        }
        // Keys are case-insensitive to the SDKs (`AWS_ACCESS_KEY_ID = ...` works with them).
        let key = key.to_ascii_lowercase();
        keys.insert(key.clone(), value.to_owned());
        if !value.is_empty() {
            last_key = Some(key);
        }
    }
    sections
}

/// `line` without its trailing comment. In key lines a comment must follow whitespace, since
/// values (secrets, URLs) may hold `#` and `;`.
fn strip_comment(line: &str, needs_whitespace: bool) -> &str {
    let mut after_whitespace = false;
    for (at, c) in line.char_indices() {
        if COMMENT.contains(&c) && (after_whitespace || !needs_whitespace) {
            return line[..at].trim_matches(WHITESPACE);
        }
        after_whitespace = c.is_whitespace();
    }
    line.trim_matches(WHITESPACE)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Credentials,
    Config,
}

/// A shared file: `Ok(None)` when it does not exist, `Err` when it exists but cannot be read.
struct SharedFile {
    path: Option<PathBuf>,
    kind: FileKind,
    sections: Result<Option<Sections>, String>,
}

/// The credentials file, then the config file.
fn shared_files(env: &Environment) -> Vec<SharedFile> {
    [
        (FileKind::Credentials, "AWS_SHARED_CREDENTIALS_FILE", "credentials"),
        (FileKind::Config, "AWS_CONFIG_FILE", "config"),
    ]
    .into_iter()
    .map(|(kind, variable, default_name)| {
        let path = env.shared_file(variable, default_name);
        let sections = path.as_deref().map_or(Ok(None), read_sections);
        SharedFile { path, kind, sections }
    })
    .collect()
}

fn read_sections(path: &Path) -> Result<Option<Sections>, String> {
    match std::fs::read(path) {
        // Lossy: a stray non-UTF-8 byte in a comment should not hide the whole file.
        Ok(bytes) => Ok(Some(parse_ini(&String::from_utf8_lossy(&bytes)))),
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => Ok(None),
        Err(e) => Err(format!("cannot read the AWS shared file {}: {e}", path.display())),
    }
}

/// One profile from both files: key -> (value, file it came from).
struct Profile<'a> {
    name: &'a str,
    keys: BTreeMap<&'a str, (&'a str, &'a Path)>,
    found_in: Vec<&'a Path>,
}

impl<'a> Profile<'a> {
    /// A key's value and file; empty counts as unset.
    fn get(&self, key: &str) -> Option<(&'a str, &'a Path)> {
        self.keys.get(key).copied().filter(|(value, _)| !value.is_empty())
    }
}

/// The profile `name` from the files, `None` when no file defines it.
fn merged_profile<'a>(files: &'a [SharedFile], name: &'a str) -> Option<Profile<'a>> {
    let mut profile = Profile { name, keys: BTreeMap::new(), found_in: Vec::new() };
    // Config first, so that the credentials file's keys replace its keys.
    for file in files.iter().rev() {
        let (Some(path), Ok(Some(sections))) = (&file.path, &file.sections) else {
            continue;
        };
        // The SDKs let `[profile default]` replace `[default]` in the config file.
        let prefixed_default = file.kind == FileKind::Config
            && sections.keys().any(|s| split_section(s) == (Some("profile"), "default"));
        let mut found = false;
        for (section, keys) in sections {
            if is_profile_section(section, file.kind, name, prefixed_default) {
                found = true;
                for (key, value) in keys {
                    profile.keys.insert(key.as_str(), (value.as_str(), path.as_path()));
                }
            }
        }
        if found {
            profile.found_in.insert(0, path.as_path());
        }
    }
    (!profile.found_in.is_empty()).then_some(profile)
}

/// `profile dev` -> (Some("profile"), "dev"); `dev` -> (None, "dev").
fn split_section(section: &str) -> (Option<&str>, &str) {
    let section = section.trim_matches(WHITESPACE);
    match section.split_once(WHITESPACE) {
        Some((prefix, name)) => (Some(prefix), name.trim_matches(WHITESPACE)),
        None => (None, section),
    }
}

/// Whether `section` is the profile `name`: `[NAME]` in the credentials file (`[profile NAME]`
/// there is not a profile); `[profile NAME]`, or `[default]` for `default`, in the config file.
fn is_profile_section(section: &str, kind: FileKind, name: &str, prefixed_default: bool) -> bool {
    let (prefix, section_name) = split_section(section);
    if section_name != name || !is_identifier(section_name) {
        return false;
    }
    match (kind, prefix) {
        (FileKind::Credentials, None) | (FileKind::Config, Some("profile")) => true,
        (FileKind::Config, None) => name == "default" && !prefixed_default,
        _ => false,
    }
}

/// Profile names the SDKs accept; they skip sections with other names.
fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

fn static_credentials(profile: &Profile<'_>) -> Result<Option<Credentials>, String> {
    let name = profile.name;
    for (key, what) in OTHER_SOURCES {
        if let Some((_, path)) = profile.get(key) {
            return Err(format!(
                "AWS profile `{name}` in {} gets its credentials from {what} (`{key}`), which this \
                 client does not cover: it reads static keys only ({ACCESS_KEY_ID}, \
                 {SECRET_ACCESS_KEY}, {SESSION_TOKEN}); plug in a credentials provider that covers \
                 it, such as aws-config's",
                path.display()
            ));
        }
    }
    let token = profile.get(SESSION_TOKEN).map(|(token, _)| token.to_owned());
    match (profile.get(ACCESS_KEY_ID), profile.get(SECRET_ACCESS_KEY)) {
        (Some((id, _)), Some((secret, _))) => Ok(Some(Credentials::new(id, secret, token, None, "profile"))),
        (None, None) if token.is_none() => Ok(None),
        _ => {
            let keys = [ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN];
            let set: Vec<&str> = keys.into_iter().filter(|k| profile.get(k).is_some()).collect();
            let missing: Vec<&str> = keys[..2].iter().copied().filter(|k| profile.get(k).is_none()).collect();
            let files: Vec<String> = profile.found_in.iter().map(|p| p.display().to_string()).collect();
            Err(format!(
                "AWS profile `{name}` in {} is incomplete: it sets {} but not {}, and static \
                 credentials need both {ACCESS_KEY_ID} and {SECRET_ACCESS_KEY}",
                files.join(" and "),
                set.join(" and "),
                missing.join(" and "),
            ))
        }
    }
}

fn missing_profile(files: &[SharedFile], name: &str) -> String {
    let looked: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let path = file.path.as_ref()?.display();
            let (header, exists) = match (file.kind, &file.sections) {
                (FileKind::Credentials, Ok(s)) => (format!("[{name}]"), s.is_some()),
                (FileKind::Config, Ok(s)) => (format!("[profile {name}]"), s.is_some()),
                (_, Err(_)) => return None,
            };
            Some(format!("{path} (as {header}{})", if exists { "" } else { ", a file that does not exist" }))
        })
        .collect();
    let looked = if looked.is_empty() {
        "no shared file (no home directory, and neither AWS_SHARED_CREDENTIALS_FILE nor \
         AWS_CONFIG_FILE is set)"
            .to_owned()
    } else {
        looked.join(" nor ")
    };
    format!("AWS_PROFILE names the profile `{name}`, which is defined in neither {looked}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A directory of its own under the temp dir, removed on drop.
    struct TempHome(PathBuf);

    impl TempHome {
        fn new() -> TempHome {
            static COUNTER: AtomicUsize = AtomicUsize::new(0);
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let dir = std::env::temp_dir().join(format!("credentials-test-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join(".aws")).unwrap();
            TempHome(dir)
        }

        fn write(&self, relative: &str, text: &str) -> PathBuf {
            let path = self.0.join(relative);
            std::fs::write(&path, text).unwrap();
            path
        }

        /// The `credentials` and `config` files under `.aws`; `None` leaves one out.
        fn env(&self, credentials: Option<&str>, config: Option<&str>, vars: &[(&str, &str)]) -> Environment {
            if let Some(text) = credentials {
                self.write(".aws/credentials", text);
            }
            if let Some(text) = config {
                self.write(".aws/config", text);
            }
            Environment {
                vars: vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
                home: Some(self.0.clone()),
            }
        }
    }

    impl Drop for TempHome {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn keys(credentials: &Credentials) -> (&str, &str, Option<&str>) {
        (credentials.access_key_id(), credentials.secret_access_key(), credentials.session_token())
    }

    const DEFAULT_KEYS: &str = "[default]\naws_access_key_id = FILEID\naws_secret_access_key = FILESECRET\n";

    #[test]
    fn environment_variables_win() {
        let home = TempHome::new();
        let vars = [
            ("AWS_ACCESS_KEY_ID", "ENVID"),
            ("AWS_SECRET_ACCESS_KEY", "ENVSECRET"),
            ("AWS_SESSION_TOKEN", "T"),
        ];
        let env = home.env(Some(DEFAULT_KEYS), Some("[default]\nrole_arn = arn:x\n"), &vars);
        let credentials = from_environment(&env).unwrap().unwrap();
        assert_eq!(keys(&credentials), ("ENVID", "ENVSECRET", Some("T")));
        assert!(format!("{credentials:?}").contains(r#"provider_name: "environment""#));
    }

    #[test]
    fn environment_needs_both_keys_and_empty_is_unset() {
        let home = TempHome::new();
        let vars = [("AWS_ACCESS_KEY_ID", "ENVID"), ("AWS_SECRET_ACCESS_KEY", ""), ("AWS_SESSION_TOKEN", "")];
        let env = home.env(Some(DEFAULT_KEYS), None, &vars);
        let credentials = from_environment(&env).unwrap().unwrap();
        assert_eq!(keys(&credentials), ("FILEID", "FILESECRET", None));
        assert!(format!("{credentials:?}").contains(r#"provider_name: "profile""#));
        assert!(from_environment(&TempHome::new().env(None, None, &vars)).unwrap().is_none());
    }

    #[test]
    fn default_profile_from_the_credentials_file() {
        let home = TempHome::new();
        let text = "# keys\n[default]\naws_access_key_id=ID ; comment\naws_secret_access_key = se#cret\n\
                    aws_session_token = TOKEN\n[profile default]\naws_access_key_id = NOT_THIS\n";
        let credentials = from_environment(&home.env(Some(text), None, &[])).unwrap().unwrap();
        assert_eq!(keys(&credentials), ("ID", "se#cret", Some("TOKEN")));
    }

    #[test]
    fn aws_profile_selects_a_named_profile() {
        let home = TempHome::new();
        let text =
            format!("{DEFAULT_KEYS}\n[dev]\naws_access_key_id = DEVID\naws_secret_access_key = DEVSECRET\n");
        let env = home.env(Some(&text), None, &[("AWS_PROFILE", "dev")]);
        assert_eq!(keys(&from_environment(&env).unwrap().unwrap()), ("DEVID", "DEVSECRET", None));
        let env = home.env(None, None, &[("AWS_PROFILE", "")]);
        assert_eq!(keys(&from_environment(&env).unwrap().unwrap()).0, "FILEID");
    }

    #[test]
    fn config_file_profile_sections() {
        let home = TempHome::new();
        let config = "[x]\naws_access_key_id = WRONG\naws_secret_access_key = WRONG\n\
                      [profile   x]\naws_access_key_id = CFGID\naws_secret_access_key = CFGSECRET\n\
                      [default]\naws_access_key_id = PLAIN\naws_secret_access_key = PLAIN\n";
        let env = home.env(None, Some(config), &[("AWS_PROFILE", "x")]);
        assert_eq!(keys(&from_environment(&env).unwrap().unwrap()), ("CFGID", "CFGSECRET", None));
        let env = home.env(None, None, &[]);
        assert_eq!(keys(&from_environment(&env).unwrap().unwrap()).0, "PLAIN");
        // `[profile default]` replaces `[default]` in the config file.
        let config =
            format!("{config}[profile default]\naws_access_key_id = PREFIXED\naws_secret_access_key = S\n");
        let env = home.env(None, Some(&config), &[]);
        assert_eq!(keys(&from_environment(&env).unwrap().unwrap()).0, "PREFIXED");
        // `[profile x]` in the credentials file is not the profile `x`.
        let home = TempHome::new();
        let env =
            home.env(Some("[profile x]\naws_access_key_id = A\naws_secret_access_key = B\n"), None, &[]);
        assert!(from_environment(&env).unwrap().is_none());
    }

    #[test]
    fn credentials_file_keys_win_over_config_keys() {
        let home = TempHome::new();
        let config = "[profile dev]\naws_access_key_id = CFGID\naws_secret_access_key = CFGSECRET\n\
                      region = eu-west-1\n";
        let credentials = "[dev]\naws_access_key_id = CREDID\nregion = us-east-1\n";
        let env = home.env(Some(credentials), Some(config), &[("AWS_PROFILE", "dev")]);
        assert_eq!(keys(&from_environment(&env).unwrap().unwrap()), ("CREDID", "CFGSECRET", None));
        assert_eq!(region_from_environment(&env).as_deref(), Some("us-east-1"));
    }

    #[test]
    fn files_named_by_variables_and_tilde() {
        let home = TempHome::new();
        home.write("creds", DEFAULT_KEYS);
        let env = home.env(None, None, &[("AWS_SHARED_CREDENTIALS_FILE", "~/creds")]);
        assert_eq!(keys(&from_environment(&env).unwrap().unwrap()).0, "FILEID");
        let config = home.write("conf", "[profile p]\nregion = ap-south-1\n");
        let vars = [("AWS_CONFIG_FILE", config.to_str().unwrap()), ("AWS_PROFILE", "p")];
        assert_eq!(region_from_environment(&home.env(None, None, &vars)).as_deref(), Some("ap-south-1"));
    }

    #[test]
    fn incomplete_profile_is_an_error_naming_file_profile_and_key() {
        let home = TempHome::new();
        let env = home.env(Some("[dev]\naws_access_key_id = ID\naws_secret_access_key =\n"), None, &[]);
        let env = Environment { vars: [("AWS_PROFILE".to_owned(), "dev".to_owned())].into(), ..env };
        let error = from_environment(&env).unwrap_err();
        let path = home.0.join(".aws").join("credentials");
        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(error.contains("`dev`") && error.contains("but not aws_secret_access_key"), "{error}");
        let env = home.env(Some("[default]\naws_session_token = T\n"), None, &[]);
        let error = from_environment(&env).unwrap_err();
        assert!(error.contains("not aws_access_key_id and aws_secret_access_key"), "{error}");
    }

    #[test]
    fn other_credential_sources_are_not_covered() {
        let home = TempHome::new();
        let config =
            "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n";
        let env = home.env(Some(DEFAULT_KEYS), Some(config), &[("AWS_PROFILE", "admin")]);
        let error = from_environment(&env).unwrap_err();
        let path = home.0.join(".aws").join("config");
        assert!(error.contains(&path.display().to_string()) && error.contains("`admin`"), "{error}");
        assert!(error.contains("role_arn") && error.contains("static keys only"), "{error}");
        assert!(error.contains("aws-config"), "{error}");
        // Static keys beside another source do not count: the SDKs would use that source.
        let env =
            home.env(Some("[default]\ncredential_process = /bin/creds\naws_access_key_id = A\n"), None, &[]);
        assert!(from_environment(&env).unwrap_err().contains("credential_process"));
        let env = home.env(None, Some("[profile s]\nsso_session = corp\n"), &[("AWS_PROFILE", "s")]);
        assert!(from_environment(&env).unwrap_err().contains("sso_session"));
    }

    #[test]
    fn no_credentials_anywhere() {
        let home = TempHome::new();
        assert!(from_environment(&home.env(None, None, &[])).unwrap().is_none());
        assert!(from_environment(&Environment::default()).unwrap().is_none());
        // A profile without keys (only settings) has no credentials; that is not an error.
        let env = home.env(None, Some("[default]\nregion = us-east-1\n"), &[]);
        assert!(from_environment(&env).unwrap().is_none());
    }

    #[test]
    fn a_profile_asked_for_but_defined_nowhere_is_an_error() {
        let home = TempHome::new();
        let env = home.env(Some(DEFAULT_KEYS), None, &[("AWS_PROFILE", "typo")]);
        let error = from_environment(&env).unwrap_err();
        assert!(error.contains("`typo`") && error.contains("[profile typo]"), "{error}");
        let env = Environment { vars: [("AWS_PROFILE".to_owned(), "typo".to_owned())].into(), home: None };
        assert!(from_environment(&env).unwrap_err().contains("no shared file"));
    }

    #[test]
    fn unreadable_file_is_an_error() {
        let home = TempHome::new();
        std::fs::create_dir_all(home.0.join(".aws").join("credentials")).unwrap();
        let error = from_environment(&home.env(None, None, &[])).unwrap_err();
        assert!(error.contains("credentials"), "{error}");
        assert_eq!(
            region_from_environment(&home.env(None, Some("[default]\nregion = r\n"), &[])).as_deref(),
            Some("r")
        );
    }

    #[test]
    fn region_order() {
        let home = TempHome::new();
        let config = "[default]\nregion = us-west-2\n[profile dev]\nregion = eu-central-1\n";
        let all = [("AWS_REGION", "eu-west-1"), ("AWS_DEFAULT_REGION", "eu-west-3")];
        assert_eq!(
            region_from_environment(&home.env(None, Some(config), &all)).as_deref(),
            Some("eu-west-1")
        );
        let env = home.env(None, None, &[("AWS_REGION", ""), ("AWS_DEFAULT_REGION", "eu-west-3")]);
        assert_eq!(region_from_environment(&env).as_deref(), Some("eu-west-3"));
        assert_eq!(region_from_environment(&home.env(None, None, &[])).as_deref(), Some("us-west-2"));
        let env = home.env(None, None, &[("AWS_PROFILE", "dev")]);
        assert_eq!(region_from_environment(&env).as_deref(), Some("eu-central-1"));
        assert_eq!(region_from_environment(&home.env(None, None, &[("AWS_PROFILE", "none")])), None);
        assert_eq!(region_from_environment(&Environment::default()), None);
    }

    #[test]
    fn parse_ini_reads_what_the_sdks_write() {
        let text = [
            "\u{feff}top = ignored",
            "[default] # comment",
            "; comment",
            "  # indented comment",
            "region = us-east-1 ;comment",
            "url = http://x/#frag",
            "s3 =",
            "  max_concurrent_requests = 20",
            "\tsignature_version = s3v4",
            "multi = a",
            "  b",
            "",
            "[ profile dev ]",
            "Key=Value",
            "no equals sign",
            " = x",
            "[default]",
            "region = us-east-2\r",
            "[broken",
            "lost = yes",
        ]
        .join("\n");
        let sections = parse_ini(&text);
        let default = &sections["default"];
        assert_eq!(default["region"], "us-east-2");
        assert_eq!(default["url"], "http://x/#frag");
        assert_eq!(default["s3"], "");
        assert_eq!(default["multi"], "a\nb");
        assert!(!default.contains_key("top") && !default.contains_key("max_concurrent_requests"));
        assert_eq!(sections["profile dev"].len(), 1);
        assert_eq!(sections["profile dev"]["key"], "Value");
        assert_eq!(sections.len(), 2);
    }

    #[test]
    fn parse_ini_survives_hostile_input() {
        let inputs = [
            "",
            "[",
            "]",
            "[]",
            "=",
            "==",
            "[a]\n=b",
            "[a]\n  =",
            "[a]\nk=\n =\n  ",
            "  [a]",
            "[a\nk=v",
            "#",
            ";",
            "[a]\nk = v #",
            "[a] ; [b]\nk=v",
            "[é]\nñ = ü 🦀",
            "[a]\n\u{feff}k=v",
            "\u{feff}",
            "[[a]]\nk=v",
            "[a]\nk\u{3000}=\u{3000}v",
            "\r\n\r\n[a]\r\nk=v\r",
            "[a]\n\tk=v",
            "\0[\0]\0=\0",
        ];
        for input in inputs {
            let _ = parse_ini(input);
        }
        assert_eq!(parse_ini("[a]\n=b")["a"].len(), 0);
        assert_eq!(parse_ini("[é]\nñ = ü 🦀")["é"]["ñ"], "ü 🦀");
        // Every short string over a hostile alphabet, through the parser and the profile lookup.
        let alphabet = ['[', ']', '=', '#', ';', ' ', '\t', '\n', 'a', 'é', '\r'];
        let mut text = String::new();
        for mut n in 0..alphabet.len().pow(5) {
            text.clear();
            for _ in 0..5 {
                text.push(alphabet[n % alphabet.len()]);
                n /= alphabet.len();
            }
            for (section, _) in parse_ini(&text) {
                let _ = split_section(&section);
            }
        }
    }

    #[test]
    fn from_process_does_not_panic() {
        let env = Environment::from_process();
        assert!(env.vars.keys().all(|name| !name.is_empty()));
    }
}
