//! Pure helpers for versions: the resolved version of a dependency (from `cargo metadata`)
//! and tool `--version` output.

/// The one version of package `name` in the output of `cargo metadata --format-version 1`
/// (every package of the workspace's resolved dependency graph, as Cargo.lock has it); an
/// error if absent or ambiguous. The name must match exactly (`wasm-bindgen` does not match
/// `wasm-bindgen-futures`).
pub fn resolved_version(metadata: &str, name: &str) -> Result<String, String> {
    let metadata: serde_json::Value = serde_json::from_str(metadata)
        .map_err(|e| format!("cannot read the output of `cargo metadata`: {e}"))?;
    let packages = metadata["packages"]
        .as_array()
        .ok_or("`cargo metadata` listed no packages")?;
    let mut versions: Vec<&str> = packages
        .iter()
        .filter(|p| p["name"] == name)
        .filter_map(|p| p["version"].as_str())
        .collect();
    versions.sort_unstable();
    versions.dedup();
    match versions[..] {
        [one] => Ok(one.to_owned()),
        [] => Err(format!("the workspace does not depend on `{name}`")),
        _ => Err(format!(
            "the workspace depends on several versions of `{name}` ({}); expected exactly one",
            versions.join(", ")
        )),
    }
}

/// The version in a `TOOL --version` output such as `trunk 0.21.14` or
/// `wasm-bindgen 0.2.130 (abc123)`: the word after the tool's name on the
/// first line that starts with the name.
pub fn tool_version(output: &str, tool: &str) -> Option<String> {
    output.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        if words.next()? != tool {
            return None;
        }
        let v = words.next()?;
        // `cargo install --list` writes `name v1.2.3:`.
        Some(v.trim_start_matches('v').trim_end_matches(':').to_string())
    })
}

/// Whether two version strings name the same version: a leading `v` is
/// ignored, numeric parts are compared as numbers, and missing trailing
/// numeric parts count as zero (`0.21` = `0.21.0`). Pre-release or build
/// suffixes must be equal as text.
pub fn same_version(a: &str, b: &str) -> bool {
    let (a_num, a_suffix) = split_version(a);
    let (b_num, b_suffix) = split_version(b);
    if a_suffix != b_suffix {
        return false;
    }
    let len = a_num.len().max(b_num.len());
    (0..len).all(|i| a_num.get(i).copied().unwrap_or(0) == b_num.get(i).copied().unwrap_or(0))
}

/// `v1.2.3-rc.1` → (`[1, 2, 3]`, `-rc.1`). Non-numeric parts end the numbers.
fn split_version(v: &str) -> (Vec<u64>, &str) {
    let v = v.trim().trim_start_matches('v');
    let end = v.find(['-', '+']).unwrap_or(v.len());
    let (core, suffix) = v.split_at(end);
    let mut nums = Vec::new();
    for part in core.split('.') {
        match part.parse() {
            Ok(n) => nums.push(n),
            Err(_) => return (nums, v),
        }
    }
    (nums, suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `cargo metadata --format-version 1` writes, cut down to what is read.
    const METADATA: &str = r#"{
      "packages": [
        {"name": "wasm-bindgen", "version": "0.2.130", "id": "registry+…#wasm-bindgen@0.2.130"},
        {"name": "wasm-bindgen-futures", "version": "0.4.53"},
        {"name": "wasm-bindgen-test", "version": "0.3.53"},
        {"name": "portal", "version": "0.1.0", "dependencies": [{"name": "leptos"}]}
      ],
      "workspace_members": [], "resolve": null, "version": 1
    }"#;

    #[test]
    fn finds_exact_package_only() {
        assert_eq!(
            resolved_version(METADATA, "wasm-bindgen"),
            Ok("0.2.130".into())
        );
        assert_eq!(
            resolved_version(METADATA, "wasm-bindgen-test"),
            Ok("0.3.53".into())
        );
    }

    #[test]
    fn missing_and_ambiguous_packages_are_errors() {
        // `leptos` is only named as a dependency, not resolved as a package.
        assert!(resolved_version(METADATA, "leptos").is_err());
        let two = r#"{"packages": [
            {"name": "wasm-bindgen", "version": "0.2.130"},
            {"name": "wasm-bindgen", "version": "0.2.100"},
            {"name": "wasm-bindgen", "version": "0.2.130"}
        ]}"#;
        let err = resolved_version(two, "wasm-bindgen").unwrap_err();
        assert!(err.contains("0.2.100, 0.2.130"), "{err}");
        assert!(resolved_version("not json", "wasm-bindgen").is_err());
        assert!(resolved_version("{}", "wasm-bindgen").is_err());
    }

    #[test]
    fn parses_tool_versions() {
        assert_eq!(
            tool_version("trunk 0.21.14\n", "trunk"),
            Some("0.21.14".into())
        );
        assert_eq!(
            tool_version("wasm-bindgen 0.2.130 (1a2b3c)\n", "wasm-bindgen"),
            Some("0.2.130".into())
        );
        assert_eq!(
            tool_version("warning: x\nwasm-bindgen v0.2.130", "wasm-bindgen"),
            Some("0.2.130".into())
        );
        assert_eq!(tool_version("trunk\n", "trunk"), None);
        assert_eq!(
            tool_version("wasm-bindgen-test-runner 0.2.130", "wasm-bindgen"),
            None
        );
        assert_eq!(tool_version("", "trunk"), None);
        assert_eq!(
            tool_version(
                "trunk v0.21.14:\n    trunk\nwasm_split_cli_support v0.2.3:\n    wasm-split-cli\n",
                "wasm_split_cli_support"
            ),
            Some("0.2.3".into())
        );
    }

    #[test]
    fn compares_versions() {
        assert!(same_version("0.21.14", "0.21.14"));
        assert!(same_version("v0.21.14", "0.21.14"));
        assert!(same_version("0.21", "0.21.0"));
        assert!(!same_version("0.21.14", "0.21.4"));
        assert!(!same_version("0.2.130", "0.2.13"));
        assert!(!same_version("0.22.0", "0.21.14"));
        assert!(!same_version("1.0.0-rc.1", "1.0.0"));
        assert!(same_version("1.0.0-rc.1", "1.0.0-rc.1"));
        assert!(!same_version("abc", "1.0.0"));
    }
}
